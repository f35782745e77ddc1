import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import { rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { clickCounts } from "~/app/modules/recognition/click-credit.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig, resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { flushMemberIps } from "~/app/modules/tracking/member-ip.server.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { flushClicks, resetClickRateLimit } from "~/app/modules/tracking/record-click.server.ts";
import { measureFigure } from "~/app/modules/goals/figures.server.ts";
import { database } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { createPerson, createTenant, sessionCookie, uniqueId } from "~/tests/support/factories.ts";

// Real clicks through the real server (/s/:code) into the real Redis stream, drained, rolled up and
// awarded by the real job functions against this file's PostgreSQL database. TRUST_PROXY lets each
// click come from the address the test names (X-Forwarded-For).
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `chorus-test-${randomUUID()}`;
const TIME_ZONE = "Europe/Berlin";
let server: AppServer;
let base: string;
let tenantId: string;
let slug: string;
let admin: Redis;
let commsLead: Person;

interface Person {
  userId: string;
  membershipId: string;
  cookie: string;
}

beforeAll(async () => {
  process.env.TRUST_PROXY = "true";
  process.env.QUEUE_PREFIX = prefix;
  process.env.CLICK_RATE_LIMIT_PER_MINUTE = "1000";
  process.env.REDIS_URL = redisUrl;
  resetClickConfig();
  logger.level = "silent";
  server = await startAppServer();
  base = server.base;
  admin = new Redis(redisUrl);
  const { db } = await database();
  const tenant = await createTenant(db);
  tenantId = tenant.id;
  slug = tenant.slug;
  commsLead = await person(["comms_lead"]);
});

afterAll(async () => {
  await server?.close();
  await flushClicks();
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
  await closeClickRedis();
});

beforeEach(() => resetClickRateLimit());

async function person(roles: Role[]): Promise<Person> {
  const { db } = await database();
  // English pages for the assertions on texts
  const { user, membership } = await createPerson(db, tenantId, { roles, locale: "en" });
  return { userId: user.id, membershipId: membership.id, cookie: await sessionCookie(db, user.id) };
}

/** A share by `sharer` made an hour ago (so no click is "within seconds of sharing"), and its link code. */
async function seedShare(
  sharer: Person,
  title = `Post ${uniqueId()}`,
  createdAt = new Date(Date.now() - 3_600_000),
): Promise<{ code: string; shareId: string; title: string }> {
  const { db } = await database();
  const code = `c${uniqueId()}`;
  const shareId = await withTenant(db, tenantId, async (tx) => {
    const { rows: posts } = await sql<{ id: string }>`
      insert into posts (tenant_id, slug, kind, title, url, status)
      values (${tenantId}, ${`p-${uniqueId()}`}, 'link', ${title}, 'https://www.example.com/blog', 'published') returning id`.execute(
      tx,
    );
    const { rows: shares } = await sql<{ id: string }>`
      insert into shares (tenant_id, post_id, membership_id, network, text, channel, code, created_at)
      values (${tenantId}, ${posts[0]!.id}, ${sharer.membershipId}, 'linkedin', 'Worth a read', 'intent', ${code}, ${createdAt}) returning id`.execute(
      tx,
    );
    await tx
      .insertInto("link_codes")
      .values({
        code,
        tenant_id: tenantId,
        share_id: shares[0]!.id,
        sharer_user_id: sharer.userId,
        destination: "https://www.example.com/blog",
      })
      .execute();
    return shares[0]!.id;
  });
  return { code, shareId, title };
}

const BROWSER = (n: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.${n} Safari/537.36`;

async function click(code: string, ip: string, userAgent = BROWSER(0), cookie?: string): Promise<void> {
  const headers: Record<string, string> = { "User-Agent": userAgent, "X-Forwarded-For": ip };
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(`${base}/s/${code}`, { headers, redirect: "manual" });
  expect(res.status).toBe(302);
}

/** What the jobs do: clicks drained, the day rolled up, then points awarded as if three days had passed (the day has settled). */
async function settleAndAward(): Promise<void> {
  const { db } = await database();
  await flushClicks();
  await drainClicks();
  await rollupDirty(db, { tenantId });
  await awardPoints(db, { tenantId, now: new Date(Date.now() + 3 * 86_400_000) });
}

async function ledger(shareId: string) {
  const { db } = await database();
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("points_ledger")
      .select(["source_id", "points", "detail"])
      .where("tenant_id", "=", tenantId)
      .where("source_type", "=", "unique_clicks")
      .where("source_id", "like", `${shareId}:%`)
      .orderBy("created_at")
      .execute(),
  );
}

async function holds(shareId: string) {
  const { db } = await database();
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("click_holds")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("share_id", "=", shareId)
      .execute(),
  );
}

async function counts(sharer: Person) {
  const { db } = await database();
  const today = todayIn(TIME_ZONE);
  return withTenant(db, tenantId, (tx) =>
    clickCounts(tx, { tenantId, membershipId: sharer.membershipId, startsOn: today, endsOn: today }),
  );
}

function decide(who: Person, holdId: string, decision: "release" | "discard"): Promise<Response> {
  return fetch(`${base}/t/${slug}/credit/held-clicks`, {
    method: "POST",
    headers: { Cookie: who.cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ holdId, decision }).toString(),
    redirect: "manual",
  });
}

describe("unique clicks for credit", () => {
  it("25 user agents from one IP are 25 unique visitors in analytics but one for credit", async () => {
    const sharer = await person(["employee"]);
    const { code, shareId } = await seedShare(sharer);
    for (let i = 0; i < 25; i++) await click(code, "203.0.113.50", BROWSER(i));
    await settleAndAward();

    const { db } = await database();
    const analytics = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("reach_daily")
        .select(["clicks", "unique_visitors"])
        .where("tenant_id", "=", tenantId)
        .where("dimension", "=", "share")
        .where("key", "=", shareId)
        .executeTakeFirstOrThrow(),
    );
    expect(analytics).toEqual({ clicks: 25, unique_visitors: 25 });
    const [entry, ...more] = await ledger(shareId);
    expect(more).toEqual([]);
    expect(entry!.detail).toMatchObject({
      uniqueClicks: 1,
      counted: 1,
      heldBack: 0,
      ownClicks: 0,
      visitors: 1,
      cap: 20,
      factor: 1,
    });
    expect(Number(entry!.points)).toBe(1);
    expect(await counts(sharer)).toEqual({ counted: 1, heldBack: 0 });
    // the keys are stored hashed, one IP key for all 25, never the address
    const events = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("click_events")
        .select(["ip_key", "net_key", "visitor_hash"])
        .where("share_id", "=", shareId)
        .execute(),
    );
    expect(new Set(events.map((e) => e.ip_key)).size).toBe(1);
    expect(new Set(events.map((e) => e.visitor_hash)).size).toBe(25);
    expect(events[0]!.ip_key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(events)).not.toContain("203.0.113");
  });

  it("a repeat share's link earns no click credit: the same three visitors on both links count once", async () => {
    const sharer = await person(["employee"]);
    const first = await seedShare(sharer, "Messe 2027", new Date(Date.now() - 7_200_000));
    // the same post on the same network again, an hour later, with its own tracked link
    const { db } = await database();
    const repeatCode = `c${uniqueId()}`;
    const repeatId = await withTenant(db, tenantId, async (tx) => {
      const { rows } = await sql<{ id: string }>`
        insert into shares (tenant_id, post_id, membership_id, network, text, channel, code, created_at)
        select tenant_id, post_id, membership_id, network, 'Again', 'copy', ${repeatCode}, now() - interval '1 hour'
        from shares where id = ${first.shareId} returning id`.execute(tx);
      await tx
        .insertInto("link_codes")
        .values({
          code: repeatCode,
          tenant_id: tenantId,
          share_id: rows[0]!.id,
          sharer_user_id: sharer.userId,
          destination: "https://www.example.com/blog",
        })
        .execute();
      return rows[0]!.id;
    });
    for (const ip of ["198.51.100.1", "198.18.0.1", "192.0.2.200"]) {
      await click(first.code, ip);
      await click(repeatCode, ip);
    }
    await settleAndAward();

    const [original] = await ledger(first.shareId);
    expect(original!.detail).toMatchObject({ counted: 3, uniqueClicks: 3 });
    const [repeat] = await ledger(repeatId);
    expect(repeat!.detail).toMatchObject({ counted: 0, uniqueClicks: 0, repeatShare: 3 });
    expect(Number(repeat!.points)).toBe(0);
    expect(await counts(sharer)).toEqual({ counted: 3, heldBack: 0 });
    const figure = await withTenant(db, tenantId, (tx) =>
      measureFigure(tx, "unique_clicks", {
        tenantId,
        membershipId: sharer.membershipId,
        startsOn: todayIn(TIME_ZONE),
        endsOn: todayIn(TIME_ZONE),
      }),
    );
    expect(figure.actual).toBe(3);
    expect(figure.activities.filter((a) => a.excluded === "repeat_share").map((a) => a.value)).toEqual([3]);
  });

  it("clicks from an address the sharer was signed in from never count, even without their session", async () => {
    const sharer = await person(["employee"]);
    const { db } = await database();
    // in the programme under the current consent text, which tells them their addresses are noted
    await withTenant(db, tenantId, (tx) =>
      tx
        .insertInto("advocacy_consents")
        .values({ tenant_id: tenantId, membership_id: sharer.membershipId, consent_version: CONSENT_VERSION })
        .execute(),
    );
    const { code, shareId } = await seedShare(sharer);
    // the sharer uses Chorus from 192.0.2.10 …
    const page = await fetch(`${base}/t/${slug}`, {
      headers: { Cookie: sharer.cookie, "X-Forwarded-For": "192.0.2.10" },
    });
    expect(page.status).toBe(200);
    await flushMemberIps();
    // … then opens their own link from there in another browser; a colleague elsewhere opens it too
    await click(code, "192.0.2.10", BROWSER(1));
    await click(code, "192.0.2.10", BROWSER(2));
    await click(code, "100.64.7.1", BROWSER(3));
    await settleAndAward();

    const [entry] = await ledger(shareId);
    expect(entry!.detail).toMatchObject({ counted: 1, ownClicks: 1, heldBack: 0, visitors: 2 });
    expect(await counts(sharer)).toEqual({ counted: 1, heldBack: 0 });
    const figure = await withTenant(db, tenantId, (tx) =>
      measureFigure(tx, "unique_clicks", {
        tenantId,
        membershipId: sharer.membershipId,
        startsOn: todayIn(TIME_ZONE),
        endsOn: todayIn(TIME_ZONE),
      }),
    );
    expect(figure.actual).toBe(1);
    expect(figure.excludedCount).toBe(1);
    expect(figure.activities.map((a) => [a.value, a.excluded ?? null])).toEqual(
      expect.arrayContaining([
        [1, null],
        [1, "own_clicks"],
      ]),
    );
  });

  it("notes no address of people outside the programme or under an earlier consent text", async () => {
    const { db } = await database();
    const outsider = await person(["employee"]);
    const earlier = await person(["employee"]);
    await withTenant(db, tenantId, (tx) =>
      tx
        .insertInto("advocacy_consents")
        .values({ tenant_id: tenantId, membership_id: earlier.membershipId, consent_version: "2026-11-v1" })
        .execute(),
    );
    for (const [who, ip] of [
      [outsider, "192.0.2.21"],
      [earlier, "192.0.2.22"],
    ] as const) {
      const page = await fetch(`${base}/t/${slug}`, {
        headers: { Cookie: who.cookie, "X-Forwarded-For": ip },
      });
      expect(page.status).toBe(200);
    }
    await flushMemberIps();
    const rows = await db
      .selectFrom("member_ip_keys")
      .select("user_id")
      .where("user_id", "in", [outsider.userId, earlier.userId])
      .execute();
    expect(rows).toEqual([]);
  });

  it("holds back a burst from one network, lists it for a comms lead, who releases it: counted after the next award, audited", async () => {
    const sharer = await person(["employee"]);
    const { code, shareId, title } = await seedShare(sharer);
    for (let i = 1; i <= 6; i++) await click(code, `198.51.100.${i}`);
    await click(code, "100.64.9.9");
    await settleAndAward();

    const [entry] = await ledger(shareId);
    expect(entry!.detail).toMatchObject({ counted: 1, heldBack: 6 });
    const [hold, ...others] = await holds(shareId);
    expect(others).toEqual([]);
    expect(hold).toMatchObject({
      reason: "burst",
      clicks: 6,
      distinct_keys: 6,
      status: "held",
      membership_id: sharer.membershipId,
    });
    expect(await counts(sharer)).toEqual({ counted: 1, heldBack: 6 });

    // the sharer (an employee) cannot open the review page; the comms lead sees the hold with its reason
    expect(
      (await fetch(`${base}/t/${slug}/credit/held-clicks`, { headers: { Cookie: sharer.cookie } })).status,
    ).toBe(403);
    const html = await (
      await fetch(`${base}/t/${slug}/credit/held-clicks`, { headers: { Cookie: commsLead.cookie } })
    ).text();
    expect(html).toContain(title);
    expect(html).toContain("Many visitors from one network within minutes");
    expect(html).toContain(`value="${hold!.id}"`);
    expect(html).toContain(`/t/${slug}/credit/held-clicks`); // the navigation links to it

    const res = await decide(commsLead, hold!.id, "release");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Released: the clicks count on the next points run.");
    const { db } = await database();
    const audit = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id", "data"])
        .where("tenant_id", "=", tenantId)
        .where("subject", "=", hold!.id)
        .execute(),
    );
    expect(audit).toEqual([
      {
        action: "click_hold.released",
        actor_user_id: commsLead.userId,
        data: expect.objectContaining({ reason: "burst", distinctKeys: 6, shareId }),
      },
    ]);
    // deciding twice is refused
    expect((await decide(commsLead, hold!.id, "discard")).status).toBe(409);

    await settleAndAward();
    const entries = await ledger(shareId);
    expect(entries.map((e) => e.source_id)).toEqual([
      `${shareId}:${todayIn(TIME_ZONE)}`,
      `${shareId}:${todayIn(TIME_ZONE)}:release:${hold!.id}`,
    ]);
    expect(entries[1]!.detail).toMatchObject({ counted: 6, released: 6, reason: "burst" });
    expect(await counts(sharer)).toEqual({ counted: 7, heldBack: 0 });
    // a second run adds nothing
    await settleAndAward();
    expect(await ledger(shareId)).toHaveLength(2);
  });

  it("a discarded hold never counts", async () => {
    const sharer = await person(["employee"]);
    const { code, shareId } = await seedShare(sharer);
    for (let i = 1; i <= 5; i++) await click(code, `198.51.101.${i}`);
    await settleAndAward();
    const [hold] = await holds(shareId);
    expect(hold).toMatchObject({ reason: "burst", distinct_keys: 5 });

    expect((await decide(commsLead, hold!.id, "discard")).status).toBe(200);
    await settleAndAward();
    expect(await ledger(shareId)).toHaveLength(1);
    expect((await holds(shareId))[0]).toMatchObject({
      status: "discarded",
      decided_by: commsLead.membershipId,
    });
    expect(await counts(sharer)).toEqual({ counted: 0, heldBack: 5 });
    const { db } = await database();
    const figure = await withTenant(db, tenantId, (tx) =>
      measureFigure(tx, "unique_clicks", {
        tenantId,
        membershipId: sharer.membershipId,
        startsOn: todayIn(TIME_ZONE),
        endsOn: todayIn(TIME_ZONE),
      }),
    );
    expect(figure.actual).toBe(0);
    expect(figure.activities.map((a) => a.excluded)).toEqual(["discarded"]);
  });

  it("clicks within seconds of sharing are held back (too_soon)", async () => {
    const sharer = await person(["employee"]);
    const { code, shareId } = await seedShare(sharer, undefined, new Date());
    await click(code, "100.64.20.1");
    await settleAndAward();
    expect((await holds(shareId)).map((h) => [h.reason, h.distinct_keys])).toEqual([["too_soon", 1]]);
    expect((await ledger(shareId))[0]!.detail).toMatchObject({ counted: 0, heldBack: 1 });
  });

  it("a comms lead cannot release the held-back clicks of their own share (four eyes)", async () => {
    const lead = await person(["comms_lead", "employee"]);
    const { code, shareId } = await seedShare(lead);
    for (let i = 1; i <= 5; i++) await click(code, `198.51.102.${i}`);
    await settleAndAward();
    const [hold] = await holds(shareId);
    expect(hold).toMatchObject({ status: "held" });

    const html = await (
      await fetch(`${base}/t/${slug}/credit/held-clicks`, { headers: { Cookie: lead.cookie } })
    ).text();
    expect(html).toContain("Your own share: another comms lead decides.");
    expect(html).not.toContain(`value="${hold!.id}"`);
    expect((await decide(lead, hold!.id, "release")).status).toBe(403);
    await settleAndAward();
    expect((await holds(shareId))[0]).toMatchObject({ status: "held", decided_by: null });
    expect(await ledger(shareId)).toHaveLength(1);
  });

  it("drains stream entries and inbox rows written by an older process without keys, counting them by visitor hash", async () => {
    const sharer = await person(["employee"]);
    const { code, shareId } = await seedShare(sharer);
    const now = Date.now();
    await admin.xadd(
      clickConfig().streamKey,
      "*",
      "b",
      JSON.stringify([{ k: randomUUID(), c: code, t: now, v: "a".repeat(64), r: null, s: null }]),
    );
    const { db } = await database();
    await db
      .insertInto("click_inbox")
      .values({
        event_key: randomUUID(),
        code,
        clicked_at: new Date(now),
        visitor_hash: "b".repeat(64),
        referrer_host: null,
        session_id: null,
      })
      .execute();
    await settleAndAward();

    const events = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("click_events")
        .select(["visitor_hash", "ip_key", "net_key"])
        .where("share_id", "=", shareId)
        .orderBy("visitor_hash")
        .execute(),
    );
    expect(events).toEqual([
      { visitor_hash: "a".repeat(64), ip_key: null, net_key: null },
      { visitor_hash: "b".repeat(64), ip_key: null, net_key: null },
    ]);
    expect((await ledger(shareId))[0]!.detail).toMatchObject({ counted: 2, heldBack: 0 });
  });
});
