import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import type { Role } from "~/db/schema.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { getDigestPreference, setDigestPreference } from "~/app/modules/reach/digest.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import * as advocacyRoute from "~/app/routes/advocacy.tsx";
import { closeQueue, drainInProcessJobs, enqueue } from "~/jobs/queue.ts";
import { startFakeResend, type FakeResend } from "~/tests/fakes/resend.ts";
import { createPerson, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";

let db: DB;
let fake: FakeResend;
const savedRedis = process.env.REDIS_URL;

beforeAll(async () => {
  db = (await database()).db;
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test";
  process.env.RESEND_BASE_URL = fake.url;
  process.env.MAIL_FROM = "Chorus <noreply@chorus.test>";
  // in-process jobs: the digest job and the mails it queues run here
  delete process.env.REDIS_URL;
  logger.level = "silent";
});

afterAll(async () => {
  await closeQueue();
  await fake.close();
  if (savedRedis !== undefined) process.env.REDIS_URL = savedRedis;
});

beforeEach(() => fake.clear());

// The week of Monday 16 to Sunday 22 November 2026; Berlin is UTC+1 then.
const WEEK = { start: "2026-11-16", end: "2026-11-22" };
const at = (iso: string) => new Date(iso);

async function runDigests(now: string): Promise<void> {
  await enqueue("send-weekly-digests", { now });
  await drainInProcessJobs();
}

async function company(timeZone = "Europe/Berlin") {
  const tenant = await createTenant(db, { name: `Acme ${uniqueId()}` });
  await db
    .updateTable("tenants")
    .set({ time_zone: timeZone, default_locale: "de" })
    .where("id", "=", tenant.id)
    .execute();
  const [teamA, teamB] = [await createTeam(db, tenant.id), await createTeam(db, tenant.id)];
  const person = async (
    opts: {
      roles?: Role[];
      teamId?: string | null;
      optedIn?: boolean | "withdrawn";
      digest?: boolean;
      locale?: "de" | "en";
      deactivated?: boolean;
    } = {},
  ) => {
    const { membership: m, member } = await createPerson(db, tenant.id, {
      roles: opts.roles,
      teamId: opts.teamId,
      locale: opts.locale,
    });
    await withTenant(db, tenant.id, async (tx) => {
      if (opts.optedIn) {
        await tx
          .insertInto("advocacy_consents")
          .values({
            tenant_id: tenant.id,
            membership_id: m.id,
            consent_version: "1",
            granted_at: at("2026-10-01T10:00:00Z"),
            withdrawn_at: opts.optedIn === "withdrawn" ? at("2026-11-01T10:00:00Z") : null,
            data_choice: opts.optedIn === "withdrawn" ? "keep" : null,
          })
          .execute();
      }
      if (opts.digest !== undefined) await setDigestPreference(tx, member, opts.digest);
      if (opts.deactivated)
        await tx.updateTable("memberships").set({ status: "deactivated" }).where("id", "=", m.id).execute();
    });
    return member;
  };
  const post = (title: string, publishedAt: string, spec: { teamIds?: string[]; expiresAt?: string } = {}) =>
    withTenant(db, tenant.id, async (tx) => {
      const p = await tx
        .insertInto("posts")
        .values({
          tenant_id: tenant.id,
          slug: `p-${uniqueId()}`,
          kind: "text",
          title,
          url: null,
          status: "published",
          target_all: (spec.teamIds ?? []).length === 0,
          published_at: at(publishedAt),
          expires_at: spec.expiresAt ? at(spec.expiresAt) : null,
          updated_at: at(publishedAt),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const teamId of spec.teamIds ?? [])
        await tx
          .insertInto("post_teams")
          .values({ tenant_id: tenant.id, post_id: p.id, team_id: teamId })
          .execute();
      return p.id;
    });
  /** rollup rows as the reach rollup writes them */
  const daily = (
    rows: {
      day: string;
      dimension: "tenant" | "member" | "post";
      key: string;
      shares?: number;
      clicks?: number;
      est?: number;
      meas?: number;
      earned?: number;
    }[],
  ) =>
    withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("reach_daily")
        .values(
          rows.map((r) => ({
            tenant_id: tenant.id,
            day: r.day,
            dimension: r.dimension,
            key: r.key,
            shares: r.shares ?? 0,
            clicks: r.clicks ?? 0,
            // Generated<BigCount | Numeric> in db/tables/reach.ts has no number insert type (reported to the lead)
            impressions_estimated: (r.est ?? 0) as never,
            impressions_measured: (r.meas ?? 0) as never,
            earned_media: (r.earned ?? 0) as never,
          })),
        )
        .execute(),
    );
  const share = (member: Member, postId: string, createdAt: string) =>
    withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("shares")
        .values({
          tenant_id: tenant.id,
          post_id: postId,
          membership_id: member.id,
          network: "linkedin",
          text: "Lesenswert",
          channel: "copy",
          code: null,
          created_at: at(createdAt),
        })
        .execute(),
    );
  return { tenant, teamA, teamB, person, post, daily, share };
}

const mailsTo = (email: string) => fake.received.filter((m) => m.to.includes(email));

describe("weekly digest", () => {
  it("sends advocates their week and comms leads the programme's week, once, only to those who asked and take part", async () => {
    const c = await company();
    const alice = await c.person({ teamId: c.teamA.id, optedIn: true, digest: true });
    const bob = await c.person({ optedIn: true }); // never asked: no row, no digest
    const turnedOff = await c.person({ optedIn: true, digest: false });
    const notJoined = await c.person({ digest: true });
    const left = await c.person({ optedIn: "withdrawn", digest: true });
    const deactivated = await c.person({ optedIn: true, digest: true, deactivated: true });
    const lead = await c.person({ roles: ["comms_lead"], digest: true, locale: "en" });
    const quietLead = await c.person({ roles: ["comms_lead"] });
    // two more in the programme, without the digest: five people, the minimum group for programme figures
    const others = [await c.person({ optedIn: true }), await c.person({ optedIn: true })];

    const forAll = await c.post("Neuer Standort in Leipzig", "2026-11-18T09:00:00Z");
    const forTeamB = await c.post("Nur für Team B", "2026-11-19T09:00:00Z", { teamIds: [c.teamB.id] });
    const lastWeek = await c.post("Schon letzte Woche", "2026-11-10T09:00:00Z");
    await c.post("Inzwischen abgelaufen", "2026-11-17T09:00:00Z", { expiresAt: "2026-11-21T00:00:00Z" });
    // Sunday 22 Nov 23:30 in Berlin is Sunday 22:30 UTC: still that week
    const sundayNight = await c.post("Sonntagabend", "2026-11-22T22:30:00Z");
    // Monday 23 Nov 00:30 in Berlin (Sunday 23:30 UTC): already the next week
    await c.post("Montag früh", "2026-11-22T23:30:00Z");

    await c.share(alice, forAll, "2026-11-17T08:00:00Z");
    await c.share(alice, lastWeek, "2026-11-20T08:00:00Z");
    // The people behind the week's figures (issue 11: the minimum group size counts them, not the
    // people in the programme): five people whose October shares of the three posts were clicked
    // this week and the next. Only alice shared this week, so "sharers: 1" must not go out.
    const behind = await withTenant(db, c.tenant.id, async (tx) => {
      const ids: string[] = [];
      for (const m of [alice, bob, turnedOff, ...others]) {
        for (const postId of [forAll, lastWeek, forTeamB]) {
          const row = await tx
            .insertInto("shares")
            .values({
              tenant_id: c.tenant.id,
              post_id: postId,
              membership_id: m.id,
              network: "linkedin",
              text: "Früher",
              channel: "copy",
              code: null,
              created_at: at("2026-10-20T08:00:00Z"),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          ids.push(row.id);
        }
      }
      return ids;
    });
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("reach_daily")
        .values(
          behind.flatMap((key) =>
            ["2026-11-17", "2026-11-20", "2026-11-23"].map((day) => ({
              tenant_id: c.tenant.id,
              day,
              dimension: "share" as const,
              key,
              clicks: 1,
            })),
          ),
        )
        .execute(),
    );
    await c.daily([
      { day: "2026-11-17", dimension: "member", key: alice.id, shares: 1, clicks: 10, est: 800 },
      { day: "2026-11-20", dimension: "member", key: alice.id, shares: 1, clicks: 1205, meas: 300 },
      { day: "2026-11-23", dimension: "member", key: alice.id, clicks: 99 },
      { day: "2026-11-15", dimension: "member", key: alice.id, clicks: 77 },
      { day: "2026-11-17", dimension: "tenant", key: "", shares: 1, clicks: 10, est: 800, earned: 18.4 },
      { day: "2026-11-20", dimension: "tenant", key: "", shares: 1, clicks: 1205, meas: 300, earned: 1448.4 },
      { day: "2026-11-23", dimension: "tenant", key: "", shares: 5, clicks: 500 },
      { day: "2026-11-17", dimension: "post", key: forAll, shares: 1, clicks: 10 },
      { day: "2026-11-20", dimension: "post", key: lastWeek, shares: 1, clicks: 1200 },
      { day: "2026-11-20", dimension: "post", key: forTeamB, clicks: 4 },
      { day: "2026-11-21", dimension: "post", key: sundayNight, clicks: 1 },
    ]);
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("escalations")
        .values([
          {
            tenant_id: c.tenant.id,
            reporter_id: alice.id,
            url: "https://www.linkedin.com/feed/1",
            note: "Heiß",
          },
          {
            tenant_id: c.tenant.id,
            reporter_id: alice.id,
            url: "https://www.linkedin.com/feed/2",
            note: "Auch",
          },
          {
            tenant_id: c.tenant.id,
            reporter_id: alice.id,
            url: "https://www.linkedin.com/feed/3",
            note: "Erledigt",
            status: "handled",
            handled_at: at("2026-11-20T10:00:00Z"),
          },
        ])
        .execute(),
    );

    // Monday 07:59 in Berlin: not yet
    await runDigests("2026-11-23T06:59:00Z");
    expect(fake.received.filter((m) => m.subject.includes(c.tenant.name))).toEqual([]);

    // Monday 08:05 in Berlin
    await runDigests("2026-11-23T07:05:00Z");
    const mine = fake.received.filter((m) => m.subject.includes(c.tenant.name));
    expect(mine.map((m) => m.to[0]).sort()).toEqual([alice.email, lead.email].sort());
    for (const nobody of [bob, turnedOff, notJoined, left, deactivated, quietLead, ...others])
      expect(mailsTo(nobody.email)).toEqual([]);

    const base = `${appUrl()}/t/${c.tenant.slug}`;
    const [advocateMail] = mailsTo(alice.email);
    expect(advocateMail?.subject).toBe(`Deine Woche bei ${c.tenant.name}`);
    const text = advocateMail?.text ?? "";
    expect(text).toContain("Woche vom 16.–22. November 2026");
    // the hub's targeting and the week's bounds, in Berlin time
    expect(text).toContain("Neuer Standort in Leipzig");
    expect(text).toContain("Sonntagabend");
    expect(text).not.toContain("Nur für Team B");
    expect(text).not.toContain("Schon letzte Woche");
    expect(text).not.toContain("Inzwischen abgelaufen");
    expect(text).not.toContain("Montag früh");
    expect(advocateMail?.html).toContain(`href="${base}/hub/${forAll}/share"`);
    // her member rows of that week only
    expect(text).toContain("Geteilt: 2");
    expect(text).toContain("Klicks auf deine Links: 1.215");
    expect(text).toContain("Geschätzte Impressionen: 800");
    expect(text).toContain("Gemessene Impressionen (vom Netzwerk gemeldet): 300");
    expect(text).toContain(`${base}/advocacy`);

    const [programmeMail] = mailsTo(lead.email);
    expect(programmeMail?.subject).toBe(`The programme's week at ${c.tenant.name}`);
    const p = programmeMail?.text ?? "";
    expect(p).toMatch(/Week of 16\s?–\s?22 November 2026/);
    expect(p).toContain("Shares: 2");
    expect(p).toContain("Clicks: 1,215");
    expect(p).toContain("Estimated impressions: 800");
    expect(p).toContain("Measured impressions (reported by the network): 300");
    expect(p).toContain("Earned media value (from estimated and measured impressions): €1,466.80");
    // only alice shared this week: one sharer is fewer than the minimum group, so no count goes out
    // (it used to say "1 of 5 participants shared at least once (20%)")
    expect(p).toContain("Too few people to show how many shared.");
    expect(p).not.toContain("1 of 5");
    expect(p).not.toMatch(/\d+% participation/);
    expect(p).toContain("4 new posts were published");
    const top = p.indexOf("Most clicked posts");
    expect(p.slice(top)).toMatch(
      /1\. Schon letzte Woche — 1 share, 1,200 clicks\s+2\. Neuer Standort in Leipzig — 1 share, 10 clicks\s+3\. Nur für Team B — 0 shares, 4 clicks/,
    );
    expect(p).not.toContain("Sonntagabend —");
    expect(p).toContain("2 escalations are open");
    expect(p).toContain(`${base}/advocacy`);
    // group figures only: nobody's name or address in the programme mail
    expect(p).not.toContain(alice.email);
    expect(p).not.toContain(alice.name);

    // later runs that week send nothing new; the next Monday sends the next week
    await runDigests("2026-11-23T07:35:00Z");
    await runDigests("2026-11-26T12:00:00Z");
    expect(fake.received.filter((m) => m.subject.includes(c.tenant.name))).toHaveLength(2);
    const sends = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("digest_sends")
        .select(["membership_id", "week_start", "kind"])
        .where("tenant_id", "=", c.tenant.id)
        .execute(),
    );
    expect(sends.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { membership_id: alice.id, week_start: WEEK.start, kind: "advocate" },
      { membership_id: lead.id, week_start: WEEK.start, kind: "comms" },
    ]);

    await runDigests("2026-11-30T09:00:00Z");
    const next = mailsTo(lead.email);
    expect(next).toHaveLength(2);
    expect(next[1]?.text).toMatch(/Week of 23\s?–\s?29 November 2026/);
    expect(next[1]?.text).toContain("Shares: 5");
  });

  it("keeps the programme's figures out of the comms digest while fewer people than the minimum group take part", async () => {
    const c = await company();
    const alice = await c.person({ optedIn: true });
    await c.person({ optedIn: true });
    const lead = await c.person({ roles: ["comms_lead"], digest: true, locale: "en" });
    const post = await c.post("Neuer Standort in Leipzig", "2026-11-18T09:00:00Z");
    await c.share(alice, post, "2026-11-17T08:00:00Z");
    await c.daily([
      { day: "2026-11-17", dimension: "tenant", key: "", shares: 1, clicks: 4321, est: 800, earned: 18.4 },
      { day: "2026-11-17", dimension: "post", key: post, shares: 1, clicks: 4321 },
    ]);
    await runDigests("2026-11-23T07:05:00Z");
    const [mail] = mailsTo(lead.email);
    const text = mail?.text ?? "";
    expect(text).toContain("Too few people to show: fewer than 5 people are in the programme");
    expect(text).toContain("1 new post was published");
    expect(text).not.toContain("4,321");
    expect(text).not.toContain("Neuer Standort in Leipzig");
    expect(text).not.toContain("participants shared");
  });

  it("sends an advocate with no new posts and no activity nothing, and picks them up when late activity arrives that week", async () => {
    const c = await company();
    const quiet = await c.person({ optedIn: true, digest: true });
    await runDigests("2026-11-23T08:00:00Z");
    expect(mailsTo(quiet.email)).toEqual([]);

    // a late click on Sunday is rolled up on Tuesday
    await c.daily([{ day: "2026-11-22", dimension: "member", key: quiet.id, clicks: 3 }]);
    await runDigests("2026-11-24T08:00:00Z");
    expect(mailsTo(quiet.email)).toHaveLength(1);
    expect(mailsTo(quiet.email)[0]?.text).toContain("Klicks auf deine Links: 3");
    expect(mailsTo(quiet.email)[0]?.text).toContain("Diese Woche gab es keine neuen Beiträge für dich.");
  });

  it("goes by the tenant's own time zone", async () => {
    const ny = await company("America/New_York");
    const lead = await ny.person({ roles: ["comms_lead"], digest: true });
    // Monday 08:05 in Berlin is 02:05 in New York: not yet there
    await runDigests("2026-11-23T07:05:00Z");
    expect(mailsTo(lead.email)).toEqual([]);
    // Monday 08:05 in New York (UTC-5)
    await runDigests("2026-11-23T13:05:00Z");
    expect(mailsTo(lead.email)).toHaveLength(1);
  });

  it("is off by default and turned on and off on the advocacy page", async () => {
    const c = await company();
    const member = await c.person({ optedIn: true });
    const { token } = await createSession(db, member.userId);
    const cookie = `${sessionCookieName()}=${encodeURIComponent(token)}`;
    const url = `http://chorus.test/t/${c.tenant.slug}/advocacy`;
    const params = { tenant: c.tenant.slug };
    const loaded = (await advocacyRoute.loader({
      request: new Request(url, { headers: { Cookie: cookie } }),
      params,
    } as never)) as Awaited<ReturnType<typeof advocacyRoute.loader>>;
    expect(loaded.digest).toEqual({ wanted: false, commsLead: false });

    const post = (form: Record<string, string>) =>
      advocacyRoute.action({
        request: new Request(url, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams(form),
        }),
        params,
      } as never);
    expect(await post({ intent: "digest", weeklyDigest: "on" })).toEqual({ error: null, done: "digestOn" });
    expect(await withTenant(db, c.tenant.id, (tx) => getDigestPreference(tx, member))).toBe(true);
    // an unchecked box sends nothing
    expect(await post({ intent: "digest" })).toEqual({ error: null, done: "digestOff" });
    expect(await withTenant(db, c.tenant.id, (tx) => getDigestPreference(tx, member))).toBe(false);
  });
});
