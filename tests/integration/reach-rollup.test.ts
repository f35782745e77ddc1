import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { rollupAll, rollupDays, rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import { resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { flushClicks } from "~/app/modules/tracking/record-click.server.ts";
import { handleShortLink } from "~/app/modules/tracking/redirect.server.ts";
import { database, type DB } from "~/db/client.ts";
import type { Network } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { InvalidJobPayloadError } from "~/jobs/define.ts";
import { runJobNow } from "~/jobs/queue.ts";
import {
  createMember,
  createTeam,
  createTenant,
  uniqueId,
  sessionCookie,
} from "~/tests/support/factories.ts";

// Clicks go through click_inbox and the real drain (no Redis here: the crash test covers the
// stream), so each click can carry the time it happened. Tenants are in Europe/Berlin (UTC+1 in
// February).
let db: DB;
const savedRedisUrl = process.env.REDIS_URL;

beforeAll(async () => {
  delete process.env.REDIS_URL;
  resetClickConfig();
  logger.level = "silent";
  db = (await database()).db;
});

afterAll(() => {
  if (savedRedisUrl !== undefined) process.env.REDIS_URL = savedRedisUrl;
  resetClickConfig();
});

const D1 = "2026-02-10";
const D2 = "2026-02-11";
/** a visitor hash (sha256 hex in real life) */
const v = (n: number) => n.toString(16).padStart(64, "0");

interface Person {
  userId: string;
  membershipId: string;
}

async function person(tenantId: string, teamId: string | null): Promise<Person> {
  const m = await createMember(db, tenantId, { teamId });
  return { userId: m.userId, membershipId: m.id };
}

async function post(tenantId: string): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const row = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "Post",
        url: "https://firma.example/news",
        status: "published",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

interface ShareSpec {
  tenantId: string;
  postId: string;
  sharer: Person;
  network: Network;
  followers: number | null;
  /** the team snapshot (shares.team_id) */
  teamId: string | null;
  createdAt: string;
}

/** A share with its link code, as createShare writes them (snapshots included), at a chosen time. */
async function share(spec: ShareSpec): Promise<{ id: string; code: string }> {
  const code = `r${uniqueId()}`;
  const id = await withTenant(db, spec.tenantId, async (tx) => {
    const row = await tx
      .insertInto("shares")
      .values({
        tenant_id: spec.tenantId,
        post_id: spec.postId,
        membership_id: spec.sharer.membershipId,
        network: spec.network,
        text: "Lesenswert",
        channel: "intent",
        code,
        followers_at_share: spec.followers,
        team_id: spec.teamId,
        created_at: new Date(spec.createdAt),
      })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    await markDirtyDays(tx, spec.tenantId, [row.created_at]);
    return row.id;
  });
  // link_codes has RLS (0015): written in its tenant, as create-share does
  await withTenant(db, spec.tenantId, (tx) =>
    tx
      .insertInto("link_codes")
      .values({
        code,
        tenant_id: spec.tenantId,
        share_id: id,
        sharer_user_id: spec.sharer.userId,
        destination: "https://firma.example/news",
      })
      .execute(),
  );
  return { id, code };
}

/** A click handed off through click_inbox (what the redirect does without Redis). */
async function inboxClick(
  code: string,
  at: string,
  visitor: string,
  opts: { key?: string; sessionId?: string } = {},
): Promise<void> {
  await db
    .insertInto("click_inbox")
    .values({
      event_key: opts.key ?? `k-${uniqueId()}`,
      code,
      clicked_at: new Date(at),
      visitor_hash: visitor,
      referrer_host: null,
      session_id: opts.sessionId ?? null,
    })
    .execute();
}

type Row = [
  dimension: string,
  scope: string,
  key: string,
  shares: number,
  clicks: number,
  visitors: number,
  estimated: number,
  measured: number,
  reactions: number,
  earned: string,
];

/** The day's rows with ids replaced by names, sorted. */
async function dayRows(tenantId: string, day: string, names: Record<string, string>): Promise<Row[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("day", "=", day)
      .execute(),
  );
  const name = (id: string) => (id === "" ? "" : (names[id] ?? id));
  return rows
    .map((r): Row => [
      r.dimension,
      name(r.team_scope),
      r.dimension === "network" ? r.key : name(r.key),
      r.shares,
      r.clicks,
      r.unique_visitors,
      Number(r.impressions_estimated),
      Number(r.impressions_measured),
      Number(r.reactions),
      r.earned_media,
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const sorted = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function dirtyDays(tenantId: string): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_dirty_days")
      .select("day")
      .where("tenant_id", "=", tenantId)
      .orderBy("day")
      .execute(),
  );
  return rows.map((r) => r.day);
}

async function allRows(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .select([
        "day",
        "dimension",
        "team_scope",
        "key",
        "shares",
        "clicks",
        "unique_visitors",
        "impressions_estimated",
        "impressions_measured",
        "reactions",
        "earned_media",
      ])
      .where("tenant_id", "=", tenantId)
      .orderBy("day")
      .orderBy("dimension")
      .orderBy("team_scope")
      .orderBy("key")
      .execute(),
  );
}

/**
 * Two teams; alice and bob in A (bob moves to B after sharing: his share stays A's), carol in B,
 * dana in none. Custom settings: LinkedIn 0.2 and X 0.1 of followers (Bluesky keeps the default
 * 0.1), CPM 10, CPC 0.50.
 */
async function programme() {
  const tenantId = (await createTenant(db)).id;
  const [teamA, teamB] = [await createTeam(db, tenantId), await createTeam(db, tenantId)];
  const alice = await person(tenantId, teamA.id);
  const bob = await person(tenantId, teamA.id);
  const carol = await person(tenantId, teamB.id);
  const dana = await person(tenantId, null);
  const [p1, p2] = [await post(tenantId), await post(tenantId)];
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("reach_settings")
      .values({
        tenant_id: tenantId,
        impression_factors: JSON.stringify({ linkedin: 0.2, x: 0.1 }),
        cpm: 10,
        cpc: "0.50",
      })
      .execute(),
  );
  // D1 09:00 and 10:00 Berlin; D2 08:00 and 09:00
  const s1 = await share({
    tenantId,
    postId: p1,
    sharer: alice,
    network: "linkedin",
    followers: 1000,
    teamId: teamA.id,
    createdAt: `${D1}T08:00:00Z`,
  });
  const s2 = await share({
    tenantId,
    postId: p1,
    sharer: bob,
    network: "x",
    followers: 500,
    teamId: teamA.id,
    createdAt: `${D1}T09:00:00Z`,
  });
  const s3 = await share({
    tenantId,
    postId: p2,
    sharer: carol,
    network: "linkedin",
    followers: 2000,
    teamId: teamB.id,
    createdAt: `${D2}T07:00:00Z`,
  });
  const s4 = await share({
    tenantId,
    postId: p2,
    sharer: dana,
    network: "bluesky",
    followers: 305,
    teamId: null,
    createdAt: `${D2}T08:00:00Z`,
  });
  await withTenant(db, tenantId, (tx) =>
    tx
      .updateTable("memberships")
      .set({ team_id: teamB.id })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", bob.membershipId)
      .execute(),
  );
  // LinkedIn reported carol's share: measured figures replace her estimate (2000 × 0.2 = 400)
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("share_metrics")
      .values({ share_id: s3.id, tenant_id: tenantId, provider: "linkedin", impressions: 350, reactions: 12 })
      .execute(),
  );
  const names: Record<string, string> = {
    [teamA.id]: "A",
    [teamB.id]: "B",
    [alice.membershipId]: "alice",
    [bob.membershipId]: "bob",
    [carol.membershipId]: "carol",
    [dana.membershipId]: "dana",
    [p1]: "P1",
    [p2]: "P2",
    [s1.id]: "S1",
    [s2.id]: "S2",
    [s3.id]: "S3",
    [s4.id]: "S4",
  };
  return { tenantId, teamA, teamB, alice, bob, carol, dana, p1, p2, s1, s2, s3, s4, names };
}

describe("reach rollup", () => {
  it("matches hand-computed figures for clicks with bots, self-clicks, duplicates and a late click", async () => {
    const t = await programme();
    const aliceSession = hashToken((await createSession(db, t.alice.userId)).token);

    // D1 (Berlin = UTC+1)
    await inboxClick(t.s1.code, `${D1}T11:00:00Z`, v(1));
    await inboxClick(t.s1.code, `${D1}T12:00:00Z`, v(2));
    await inboxClick(t.s1.code, `${D1}T13:00:00Z`, v(1));
    await inboxClick(t.s1.code, `${D1}T15:00:00Z`, v(8), { sessionId: aliceSession }); // alice clicks her own link: dropped
    await inboxClick(t.s2.code, `${D1}T14:00:00Z`, v(1));
    await inboxClick(t.s2.code, `${D1}T22:30:00Z`, v(3)); // 23:30 in Berlin: still D1
    await inboxClick(t.s2.code, `${D1}T17:00:00Z`, v(4), { key: "dup-1" });
    // D2
    await inboxClick(t.s1.code, `${D1}T23:30:00Z`, v(1)); // 00:30 in Berlin: D2
    await inboxClick(t.s3.code, `${D2}T09:00:00Z`, v(5));
    await inboxClick(t.s3.code, `${D2}T10:00:00Z`, v(6));
    await inboxClick(t.s4.code, `${D2}T11:00:00Z`, v(5));
    const first = await drainClicks();
    expect(first.selfClicks).toBe(1);
    // the same click handed off twice (a drain that died before deleting its batch)
    await inboxClick(t.s2.code, `${D1}T17:00:00Z`, v(4), { key: "dup-1" });
    expect((await drainClicks()).inserted).toBe(0);
    // a bot that got past the redirect's filter, flagged in click_events
    await withTenant(db, t.tenantId, async (tx) => {
      await tx
        .insertInto("click_events")
        .values({
          tenant_id: t.tenantId,
          share_id: t.s1.id,
          event_key: `bot-${uniqueId()}`,
          clicked_at: new Date(`${D1}T16:00:00Z`),
          visitor_hash: v(9),
          is_bot: true,
          referrer_host: null,
        })
        .execute();
      await markDirtyDays(tx, t.tenantId, [new Date(`${D1}T16:00:00Z`)]);
    });

    expect(await dirtyDays(t.tenantId)).toEqual([D1, D2]);
    expect(await rollupDirty(db, { tenantId: t.tenantId })).toMatchObject({ days: 2 });
    expect(await dirtyDays(t.tenantId)).toEqual([]);

    // D1 before the late click. S1 (alice, A, P1, linkedin, 1000 followers): v1, v2, v1 → 3 clicks,
    // 2 visitors (self-click and bot left out); estimated 1000 × 0.2 = 200; earned 200 × 10 / 1000
    // + 3 × 0.5 = 3.50. S2 (bob, A at share time, P1, x, 500): v1, v3, v4 (once) → 3 clicks,
    // 3 visitors; estimated 500 × 0.1 = 50; earned 0.5 + 1.5 = 2.00. Together: 2 shares, 6 clicks,
    // visitors {v1, v2, v3, v4} = 4, estimated 250, earned 2.5 + 3.0 = 5.50.
    const d1Before: Row[] = [
      ["tenant", "", "", 2, 6, 4, 250, 0, 0, "5.50"],
      ["team", "", "A", 2, 6, 4, 250, 0, 0, "5.50"],
      ["post", "", "P1", 2, 6, 4, 250, 0, 0, "5.50"],
      ["post", "A", "P1", 2, 6, 4, 250, 0, 0, "5.50"],
      ["network", "", "linkedin", 1, 3, 2, 200, 0, 0, "3.50"],
      ["network", "A", "linkedin", 1, 3, 2, 200, 0, 0, "3.50"],
      ["network", "", "x", 1, 3, 3, 50, 0, 0, "2.00"],
      ["network", "A", "x", 1, 3, 3, 50, 0, 0, "2.00"],
      ["member", "", "alice", 1, 3, 2, 200, 0, 0, "3.50"],
      ["member", "", "bob", 1, 3, 3, 50, 0, 0, "2.00"],
      ["share", "", "S1", 1, 3, 2, 200, 0, 0, "3.50"],
      ["share", "", "S2", 1, 3, 3, 50, 0, 0, "2.00"],
    ];
    expect(await dayRows(t.tenantId, D1, t.names)).toEqual(sorted(d1Before));

    // D2. S1: v1 → 1 click (no share made that day): earned 0.50. S3 (carol, B, P2, linkedin):
    // v5, v6 → 2 clicks; measured 350 impressions and 12 reactions instead of an estimate; earned
    // 3.50 + 1.00 = 4.50. S4 (dana, no team, P2, bluesky, 305): v5 → 1 click; estimated
    // round(305 × 0.1 default) = round(30.5) = 31; earned 0.31 + 0.50 = 0.81. Together: 2 shares,
    // 4 clicks, visitors {v1, v5, v6} = 3, earned (31 + 350) × 10 / 1000 + 4 × 0.5 = 5.81.
    // No post/network rows scoped to "no team": the tenant-wide rows ('') already hold S4.
    const d2: Row[] = [
      ["tenant", "", "", 2, 4, 3, 31, 350, 12, "5.81"],
      ["team", "", "A", 0, 1, 1, 0, 0, 0, "0.50"],
      ["team", "", "B", 1, 2, 2, 0, 350, 12, "4.50"],
      ["team", "", "", 1, 1, 1, 31, 0, 0, "0.81"],
      ["post", "", "P1", 0, 1, 1, 0, 0, 0, "0.50"],
      ["post", "A", "P1", 0, 1, 1, 0, 0, 0, "0.50"],
      ["post", "", "P2", 2, 3, 2, 31, 350, 12, "5.31"],
      ["post", "B", "P2", 1, 2, 2, 0, 350, 12, "4.50"],
      ["network", "", "linkedin", 1, 3, 3, 0, 350, 12, "5.00"],
      ["network", "A", "linkedin", 0, 1, 1, 0, 0, 0, "0.50"],
      ["network", "B", "linkedin", 1, 2, 2, 0, 350, 12, "4.50"],
      ["network", "", "bluesky", 1, 1, 1, 31, 0, 0, "0.81"],
      ["member", "", "alice", 0, 1, 1, 0, 0, 0, "0.50"],
      ["member", "", "carol", 1, 2, 2, 0, 350, 12, "4.50"],
      ["member", "", "dana", 1, 1, 1, 31, 0, 0, "0.81"],
      ["share", "", "S1", 0, 1, 1, 0, 0, 0, "0.50"],
      ["share", "", "S3", 1, 2, 2, 0, 350, 12, "4.50"],
      ["share", "", "S4", 1, 1, 1, 31, 0, 0, "0.81"],
    ];
    expect(await dayRows(t.tenantId, D2, t.names)).toEqual(sorted(d2));

    // Re-running gives the same rows.
    const before = await allRows(t.tenantId);
    expect(await rollupDays(db, t.tenantId, [D1, D2])).toMatchObject({ days: 2 });
    expect(await allRows(t.tenantId)).toEqual(before);

    // A late click for D1 (v5 on bob's share) arrives after D1 was rolled up: the drain marks D1
    // again and the next run picks it up. S2: 4 clicks, visitors {v1, v3, v4, v5} = 4, earned
    // 0.5 + 2.0 = 2.50; D1 as a whole: 7 clicks, {v1…v5} = 5 visitors, earned 2.5 + 3.5 = 6.00.
    await inboxClick(t.s2.code, `${D1}T19:00:00Z`, v(5));
    await drainClicks();
    expect(await dirtyDays(t.tenantId)).toEqual([D1]);
    expect(await rollupDirty(db, { tenantId: t.tenantId })).toMatchObject({ days: 1 });
    expect(await dirtyDays(t.tenantId)).toEqual([]);
    const d1After: Row[] = [
      ["tenant", "", "", 2, 7, 5, 250, 0, 0, "6.00"],
      ["team", "", "A", 2, 7, 5, 250, 0, 0, "6.00"],
      ["post", "", "P1", 2, 7, 5, 250, 0, 0, "6.00"],
      ["post", "A", "P1", 2, 7, 5, 250, 0, 0, "6.00"],
      ["network", "", "linkedin", 1, 3, 2, 200, 0, 0, "3.50"],
      ["network", "A", "linkedin", 1, 3, 2, 200, 0, 0, "3.50"],
      ["network", "", "x", 1, 4, 4, 50, 0, 0, "2.50"],
      ["network", "A", "x", 1, 4, 4, 50, 0, 0, "2.50"],
      ["member", "", "alice", 1, 3, 2, 200, 0, 0, "3.50"],
      ["member", "", "bob", 1, 4, 4, 50, 0, 0, "2.50"],
      ["share", "", "S1", 1, 3, 2, 200, 0, 0, "3.50"],
      ["share", "", "S2", 1, 4, 4, 50, 0, 0, "2.50"],
    ];
    expect(await dayRows(t.tenantId, D1, t.names)).toEqual(sorted(d1After));
    expect(await dayRows(t.tenantId, D2, t.names)).toEqual(sorted(d2));

    // rollupAll (settings changed) rewrites the same figures, and D2 with the new CPC.
    await withTenant(db, t.tenantId, (tx) =>
      tx.updateTable("reach_settings").set({ cpc: "1.00" }).where("tenant_id", "=", t.tenantId).execute(),
    );
    await rollupAll(db, t.tenantId);
    // tenant row of D2: 381 × 10 / 1000 + 4 × 1.00 = 7.81
    expect((await dayRows(t.tenantId, D2, t.names)).find((r) => r[0] === "tenant")).toEqual([
      "tenant",
      "",
      "",
      2,
      4,
      3,
      31,
      350,
      12,
      "7.81",
    ]);
  });

  it("counts a click through the real redirect once, and neither a bot nor the sharer", async () => {
    const tenantId = (await createTenant(db)).id;
    const team = await createTeam(db, tenantId);
    const sharer = await person(tenantId, team.id);
    const p = await post(tenantId);
    const s = await share({
      tenantId,
      postId: p,
      sharer,
      network: "linkedin",
      followers: 100,
      teamId: team.id,
      createdAt: new Date().toISOString(),
    });
    const sharerCookie = await sessionCookie(db, sharer.userId);

    const server: Server = createServer((req, res) =>
      handleShortLink(req, res, String(req.headers["x-forwarded-for"] ?? "127.0.0.1")),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const get = (headers: Record<string, string>) =>
        fetch(`${base}/s/${s.code}`, { headers, redirect: "manual" });
      const browser =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
      const answers = [
        await get({
          "User-Agent":
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
          "X-Forwarded-For": "198.51.100.1",
        }),
        await get({ "User-Agent": browser, "X-Forwarded-For": "198.51.100.2", Cookie: sharerCookie }),
        await get({ "User-Agent": browser, "X-Forwarded-For": "198.51.100.3" }),
      ];
      expect(answers.map((a) => a.status)).toEqual([302, 302, 302]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await flushClicks();
    await drainClicks();
    await runJobNow("rollup-reach", { tenantId });

    const rows = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("reach_daily")
        .select(["day", "shares", "clicks", "unique_visitors", "impressions_estimated"])
        .where("tenant_id", "=", tenantId)
        .where("dimension", "=", "tenant")
        .execute(),
    );
    const { rows: clickDays } = await withTenant(db, tenantId, (tx) =>
      sql<{
        day: string;
      }>`SELECT DISTINCT (c.clicked_at AT TIME ZONE t.time_zone)::date::text AS day FROM click_events c JOIN tenants t ON t.id = c.tenant_id WHERE c.tenant_id = ${tenantId}`.execute(
        tx,
      ),
    );
    expect(clickDays).toHaveLength(1);
    // the share and its one counted click happened today (unless midnight passed in between)
    const clicks = rows.reduce((n, r) => n + r.clicks, 0);
    expect(clicks).toBe(1);
    expect(rows.find((r) => r.day === clickDays[0]!.day)).toMatchObject({ clicks: 1, unique_visitors: 1 });
    expect(rows.reduce((n, r) => n + r.shares, 0)).toBe(1);
    // 100 followers × LinkedIn's default 0.1
    expect(rows.reduce((n, r) => n + Number(r.impressions_estimated), 0)).toBe(10);
  });

  it("waits for a drain that holds a day's marker and counts its clicks; a marker set during a rollup is rolled next time", async () => {
    const t = await programme();
    await inboxClick(t.s1.code, `${D1}T11:00:00Z`, v(1));
    await drainClicks();
    await rollupDirty(db, { tenantId: t.tenantId });
    const s1Clicks = async () =>
      (await dayRows(t.tenantId, D1, t.names)).find((r) => r[0] === "share" && r[2] === "S1")?.[4];
    expect(await s1Clicks()).toBe(1);

    // 1. A marker that exists: a drain updates it (row lock) and inserts a click, then commits
    // while the rollup waits for the lock. The rollup must see that click.
    await withTenant(db, t.tenantId, (tx) => markDirtyDays(tx, t.tenantId, [new Date(`${D1}T12:00:00Z`)]));
    let releaseDrain!: () => void;
    const drainMayCommit = new Promise<void>((resolve) => (releaseDrain = resolve));
    let drainStarted!: () => void;
    const drainHoldsLock = new Promise<void>((resolve) => (drainStarted = resolve));
    const drain = withTenant(db, t.tenantId, async (tx) => {
      await tx
        .insertInto("click_events")
        .values({
          tenant_id: t.tenantId,
          share_id: t.s1.id,
          event_key: `held-${uniqueId()}`,
          clicked_at: new Date(`${D1}T12:00:00Z`),
          visitor_hash: v(2),
          is_bot: false,
          referrer_host: null,
        })
        .execute();
      await markDirtyDays(tx, t.tenantId, [new Date(`${D1}T12:00:00Z`)]);
      drainStarted();
      await drainMayCommit;
    });
    await drainHoldsLock;
    const rollup = rollupDays(db, t.tenantId, [D1]);
    await waitForLockWait();
    releaseDrain();
    await drain;
    await rollup;
    expect(await s1Clicks()).toBe(2);
    expect(await dirtyDays(t.tenantId)).toEqual([]);

    // 2. A new marker, not yet committed while the rollup runs: the rollup cannot see its click
    // and leaves the marker, so the next run counts it.
    let releaseSecond!: () => void;
    const secondMayCommit = new Promise<void>((resolve) => (releaseSecond = resolve));
    let secondStarted!: () => void;
    const secondReady = new Promise<void>((resolve) => (secondStarted = resolve));
    const second = withTenant(db, t.tenantId, async (tx) => {
      await tx
        .insertInto("click_events")
        .values({
          tenant_id: t.tenantId,
          share_id: t.s1.id,
          event_key: `new-${uniqueId()}`,
          clicked_at: new Date(`${D1}T13:00:00Z`),
          visitor_hash: v(3),
          is_bot: false,
          referrer_host: null,
        })
        .execute();
      await markDirtyDays(tx, t.tenantId, [new Date(`${D1}T13:00:00Z`)]);
      secondStarted();
      await secondMayCommit;
    });
    await secondReady;
    await rollupDays(db, t.tenantId, [D1]);
    releaseSecond();
    await second;
    expect(await s1Clicks()).toBe(2);
    expect(await dirtyDays(t.tenantId)).toEqual([D1]);
    await rollupDirty(db, { tenantId: t.tenantId });
    expect(await s1Clicks()).toBe(3);
    expect(await dirtyDays(t.tenantId)).toEqual([]);
  });

  it("refuses bad days and bad job payloads before touching anything", async () => {
    const tenantId = (await createTenant(db)).id;
    await expect(rollupDays(db, tenantId, ["2026-02-30"])).rejects.toThrow(/not a day/);
    await expect(rollupDays(db, tenantId, ["10.02.2026"])).rejects.toThrow(/not a day/);
    const bad = [
      { tenantId, from: "2026-02-11", to: "2026-02-10" },
      { tenantId, from: "2024-01-01", to: "2026-12-31" },
      { tenantId, from: "2026-02-10" },
      { from: "2026-02-10", to: "2026-02-11" },
      { all: true },
      { tenantId, all: true, from: "2026-02-10", to: "2026-02-11" },
      { tenantId: "not-a-uuid" },
      { tenantId, from: "2026-2-1", to: "2026-02-11" },
    ];
    for (const payload of bad)
      await expect(runJobNow("rollup-reach", payload), JSON.stringify(payload)).rejects.toBeInstanceOf(
        InvalidJobPayloadError,
      );
    await expect(runJobNow("purge-clicks", { tenantId })).rejects.toBeInstanceOf(InvalidJobPayloadError);
  });

  it("rolls up a range through the job, and a tenant's every day with all", async () => {
    const t = await programme();
    await inboxClick(t.s1.code, `${D1}T11:00:00Z`, v(1));
    await inboxClick(t.s3.code, `${D2}T11:00:00Z`, v(2));
    await drainClicks();
    await runJobNow("rollup-reach", { tenantId: t.tenantId, from: D1, to: D1 });
    const tenantRows = async () =>
      (await allRows(t.tenantId))
        .filter((r) => r.dimension === "tenant")
        .map((r) => ({ day: r.day, shares: r.shares, clicks: r.clicks }));
    expect(await tenantRows()).toEqual([{ day: D1, shares: 2, clicks: 1 }]);
    // D2 was not in the range: still marked
    expect(await dirtyDays(t.tenantId)).toEqual([D2]);
    await runJobNow("rollup-reach", { tenantId: t.tenantId, all: true });
    expect(await tenantRows()).toEqual([
      { day: D1, shares: 2, clicks: 1 },
      { day: D2, shares: 2, clicks: 1 },
    ]);
    expect(await dirtyDays(t.tenantId)).toEqual([]);
    // the scheduled form: every tenant's dirty days
    await inboxClick(t.s4.code, `${D2}T12:00:00Z`, v(3));
    await drainClicks();
    await runJobNow("rollup-reach", {});
    expect((await tenantRows()).find((r) => r.day === D2)).toEqual({ day: D2, shares: 2, clicks: 2 });
  });
});

/** Until some backend of this database waits for a lock (the rollup behind the drain's marker). */
async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_locks l
      WHERE NOT l.granted AND l.pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`.execute(
      db,
    );
    if (Number(rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the rollup never waited for the drain's lock");
}
