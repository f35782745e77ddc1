import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { savePrivacySettings } from "~/app/modules/privacy/settings.server.ts";
import type { AnalyticsQuery } from "~/app/modules/reach/analytics.ts";
import { loadAnalytics } from "~/app/modules/reach/analytics.server.ts";
import type { AnalyticsReport } from "~/app/modules/reach/analytics-parts.server.ts";
import { rollupAll } from "~/app/modules/reach/rollup.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import * as analyticsRoute from "~/app/routes/analytics.tsx";
import * as exportRoute from "~/app/routes/analytics.export.ts";
import { createMember, createPost, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";

/*
 * Issue 13, strict works-council mode: no figure of one person by subtracting two ranges.
 * Berlin. Team "Vertrieb" has 6 people in the programme; 5 of them share in November 2026
 * (2 clicks each), and on 3 December only Solo shares: 41 clicks, the one person's figure.
 * With the mode off, [1 Nov–3 Dec] minus [1 Nov–2 Dec] gives Solo's 41 clicks (each range alone has
 * at least 5 people behind it). With the mode on, both ranges count whole months and December
 * (one person) in neither, so every difference is 0, while November (5 people) is counted.
 */

const SOLO_CLICKS = 41;
let db: DB;
let T: {
  tenantId: string;
  slug: string;
  team: string;
  admin: Member;
  lead: Member;
  people: Member[];
  postId: string;
};
// read on a day after December: November and December are complete months (the running month is not counted)
const AFTER = "2027-01-15";
const ctx = (today = AFTER) => ({ tenantId: T.tenantId, timeZone: "Europe/Berlin", today });
const load = (q: AnalyticsQuery, today = AFTER) =>
  withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(today), q));
const strict = (on: boolean) =>
  withTenant(db, T.tenantId, (tx) =>
    savePrivacySettings(tx, T.admin, { auditRetentionMonths: 24, strictMode: on }),
  );
const A = { from: "2026-11-01", to: "2026-12-02" };
const B = { from: "2026-11-01", to: "2026-12-03" };

async function person(
  tenantId: string,
  roles: Role[],
  teamId: string | null,
  optedIn: boolean,
): Promise<Member> {
  return createMember(db, tenantId, { roles, teamId, optedIn, locale: "en" });
}

async function share(postId: string, m: Member, at: string, clicks: number): Promise<void> {
  await withTenant(db, T.tenantId, async (tx) => {
    const s = await tx
      .insertInto("shares")
      .values({
        tenant_id: T.tenantId,
        post_id: postId,
        membership_id: m.id,
        network: "linkedin",
        text: "x",
        channel: "intent",
        code: null,
        team_id: m.teamId,
        created_at: new Date(at),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("click_events")
      .values(
        Array.from({ length: clicks }, (_, i) => ({
          tenant_id: T.tenantId,
          share_id: s.id,
          event_key: `k-${uniqueId()}`,
          clicked_at: new Date(Date.parse(at) + (i + 1) * 60_000),
          visitor_hash: `${s.id.replaceAll("-", "")}${String(i).padStart(32, "0")}`.slice(0, 64),
          is_bot: false,
          referrer_host: null,
        })),
      )
      .execute();
  });
}

async function asLead(route: { loader: (args: never) => unknown }, path: string): Promise<unknown> {
  const { token } = await createSession(db, T.lead.userId);
  const headers = {
    Cookie: `${sessionCookieName()}=${encodeURIComponent(token)}`,
    "Sec-Fetch-Site": "same-origin",
  };
  const request = new Request(`http://localhost/t/${T.slug}/${path}`, { headers });
  return route.loader({ request, params: { tenant: T.slug }, context: {} } as never);
}

async function csv(
  table: string,
  range: { from: string; to: string },
  team?: string,
): Promise<Record<string, string>[]> {
  const res = (await asLead(
    exportRoute,
    `analytics/export?table=${table}&from=${range.from}&to=${range.to}${team ? `&team=${team}` : ""}`,
  )) as Response;
  expect(res.status).toBe(200);
  return Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

/** Every figure a report gives out, by name, so two reports can be subtracted cell by cell. */
function cells(r: AnalyticsReport): Map<string, number> {
  const out = new Map<string, number>();
  const put = (name: string, f: { clicks: number; shares: number } | null | undefined) => {
    if (!f) return;
    out.set(`${name}.clicks`, f.clicks);
    out.set(`${name}.shares`, f.shares);
  };
  const f = r.figures;
  if (f) {
    put("total", f.totals);
    for (const p of f.timeline) if (!p.tooFew) put(`t:${p.start}`, p);
    for (const p of f.posts) put(`post:${p.postId}`, p);
    put("postsOther", f.postsOther);
    for (const n of f.networks) put(`net:${n.network}`, n);
    put("networksOther", f.networksOther);
    if (f.participation.sharers !== null) out.set("sharers", f.participation.sharers);
  }
  for (const t of r.teamRows) put(`team:${t.teamId}`, t.figures);
  return out;
}

beforeAll(async () => {
  delete process.env.REDIS_URL;
  logger.level = "silent";
  db = (await database()).db;
  const tenant = await createTenant(db);
  await db.updateTable("tenants").set({ time_zone: "Europe/Berlin" }).where("id", "=", tenant.id).execute();
  const team = await createTeam(db, tenant.id, { name: "Vertrieb" });
  const people: Member[] = [];
  for (let i = 0; i < 6; i++) people.push(await person(tenant.id, ["employee"], team.id, true));
  const admin = await person(tenant.id, ["admin"], null, false);
  const lead = await person(tenant.id, ["comms_lead"], null, false);
  T = { tenantId: tenant.id, slug: tenant.slug, team: team.id, admin, lead, people, postId: "" };
  const { id: postId } = await createPost(db, tenant.id, {
    title: "Herbst",
    published_at: new Date("2026-10-01T00:00:00Z"),
  });
  T.postId = postId;
  for (const m of people.slice(0, 5)) await share(postId, m, "2026-11-10T09:00:00Z", 2);
  await share(postId, people[5]!, "2026-12-03T09:00:00Z", SOLO_CLICKS);
  await rollupAll(db, tenant.id);
});
afterAll(async () => {
  vi.useRealTimers();
  await drainInProcessJobs();
});

describe("strict mode: no day of one person by subtracting two ranges", () => {
  it("off: [1 Nov–3 Dec] minus [1 Nov–2 Dec] gives the one person's clicks (the leak the mode closes)", async () => {
    await strict(false);
    const [a, b] = [await load(A), await load(B)];
    expect(b.figures!.totals.clicks - a.figures!.totals.clicks).toBe(SOLO_CLICKS);
    const team = (r: AnalyticsReport) => r.teamRows.find((t) => t.teamId === T.team)!.figures!.clicks;
    expect(team(b) - team(a)).toBe(SOLO_CLICKS);
    expect(b.range).toEqual({ ...B, bucket: "day" });
  });

  it("on: the range is whole months, November (5 people) counts, December (1 person) counts in no range", async () => {
    await strict(true);
    const [a, b] = [await load(A), await load(B)];
    for (const r of [a, b]) {
      expect(r.range.from).toBe("2026-11-01");
      expect(r.range.to).toBe("2026-12-31");
      expect(r.figures!.totals.clicks).toBe(10);
      expect(r.figures!.monthsLeftOut).toBe(1);
      expect(r.figures!.timeline).toEqual([
        expect.objectContaining({ start: "2026-11-01", clicks: 10, shares: 5 }),
        expect.objectContaining({ start: "2026-12-01", clicks: 0, tooFew: true }),
      ]);
      const team = r.teamRows.find((t) => t.teamId === T.team)!;
      expect(team).toMatchObject({ tooSmall: false, figures: { clicks: 10, shares: 5 }, monthsLeftOut: 1 });
      expect(r.figures!.posts).toEqual([expect.objectContaining({ clicks: 10, monthsLeftOut: 1 })]);
      expect(r.figures!.postsOther).toBeNull();
      expect(r.figures!.participation.sharers).toBe(5);
    }
    expect(a.range.wholeMonths).toEqual({ requested: A });
    // every cell of the two reports: the difference is nothing
    const [ca, cb] = [cells(a), cells(b)];
    expect([...cb.keys()].sort()).toEqual([...ca.keys()].sort());
    for (const [name, value] of cb) expect({ name, diff: value - ca.get(name)! }).toEqual({ name, diff: 0 });
    // the team's own view as well
    const [ta, tb] = [await load({ ...A, team: T.team }), await load({ ...B, team: T.team })];
    expect(ta.figures!.totals.clicks).toBe(10);
    expect(tb.figures!.totals.clicks).toBe(10);
    expect(JSON.stringify([a, b, ta, tb])).not.toMatch(
      new RegExp(`"clicks":${SOLO_CLICKS}\\b|"clicks":${SOLO_CLICKS + 10}\\b`),
    );
  });

  it("on: any pair of ranges gives the same whole months (December alone shows nothing, one person is too few)", async () => {
    await strict(true);
    const pairs: [AnalyticsQuery, AnalyticsQuery][] = [
      [
        { from: "2026-12-03", to: "2026-12-03" },
        { from: "2026-12-04", to: "2026-12-31" },
      ],
      [
        { from: "2026-11-15", to: "2026-12-02" },
        { from: "2026-11-02", to: "2026-12-31" },
      ],
      [
        { from: "2026-11-01", to: "2026-12-03" },
        { from: "2026-11-30", to: "2026-12-02" },
      ],
    ];
    for (const [p, q] of pairs) {
      const [rp, rq] = [await load(p), await load(q)];
      expect(JSON.stringify(rp.figures)).toBe(JSON.stringify(rq.figures));
      expect(JSON.stringify(rp.teamRows)).toBe(JSON.stringify(rq.teamRows));
    }
    const dec = await load({ from: "2026-12-03", to: "2026-12-03" });
    expect(dec.tooFewContributors).toBe(true);
    expect(dec.figures).toBeNull();
    const decTeam = await load({ from: "2026-12-03", to: "2026-12-03", team: T.team });
    expect(decTeam.team?.tooSmall).toBe(true);
  });

  it("on: the page says the range is whole months, and the CSV of each table leaves December out", async () => {
    await strict(true);
    // the routes read "today" from the clock: a day in January, December is complete
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(`${AFTER}T12:00:00Z`));
    const page = JSON.stringify(await asLead(analyticsRoute, `analytics?from=${B.from}&to=${B.to}`));
    expect(page).toContain('"wholeMonths":{"requested":{"from":"2026-11-01","to":"2026-12-03"}}');
    for (const range of [A, B]) {
      const timeline = await csv("timeline", range);
      expect(timeline.map((r) => [r.month_start, r.clicks, r.note])).toEqual([
        ["2026-11-01", "10", ""],
        ["2026-12-01", "", "too few people: month not counted"],
      ]);
      const teams = await csv("teams", range);
      expect(teams.find((r) => r.team_id === T.team)).toMatchObject({
        clicks: "10",
        shares: "5",
        note: "1 month(s) with too few people not counted",
      });
      const posts = await csv("posts", range, T.team);
      expect(posts.map((r) => r.clicks)).toEqual(["10"]);
    }
    await strict(false);
    // off: the old CSV, whose two team rows differ by the one person's clicks
    const team = async (range: { from: string; to: string }) =>
      Number((await csv("teams", range)).find((r) => r.team_id === T.team)!.clicks);
    expect((await team(B)) - (await team(A))).toBe(SOLO_CLICKS);
    vi.useRealTimers();
  });

  it("on: the running month is listed as not counted, on the page and in the CSV", async () => {
    await strict(true);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-06T12:00:00Z"));
    const page = JSON.stringify(await asLead(analyticsRoute, `analytics?from=${B.from}&to=${B.to}`));
    expect(page).toContain(
      '"wholeMonths":{"requested":{"from":"2026-11-01","to":"2026-12-03"},"running":"2026-12-01"}',
    );
    expect((await csv("timeline", B)).map((r) => [r.month_start, r.clicks, r.note])).toEqual([
      ["2026-11-01", "10", ""],
      ["2026-12-01", "", "running month: not counted until the month is over"],
    ]);
    vi.useRealTimers();
  });

  it("on: the same range read on two consecutive days gives the same figures (the running month grows by the day and is not counted)", async () => {
    await strict(true);
    // October: five people share on the 5th (3 clicks each); read on the 6th
    const oct = { from: "2026-10-01", to: "2026-10-31" };
    for (const m of T.people.slice(0, 5)) await share(T.postId, m, "2026-10-05T09:00:00Z", 3);
    await rollupAll(db, T.tenantId);
    const day1 = await load(oct, "2026-10-06");
    // on the 6th one more person shares (37 clicks); read again on the 7th
    await share(T.postId, T.people[5]!, "2026-10-06T09:00:00Z", 37);
    await rollupAll(db, T.tenantId);
    const day2 = await load(oct, "2026-10-07");
    for (const r of [day1, day2]) {
      expect(r.range.wholeMonths).toEqual({ requested: oct, running: "2026-10-01" });
      expect(r.figures!.totals.clicks).toBe(0);
      expect(r.figures!.timeline).toEqual([
        expect.objectContaining({ start: "2026-10-01", clicks: 0, running: true }),
      ]);
      expect(r.figures!.monthsLeftOut).toBe(0);
    }
    const [c1, c2] = [cells(day1), cells(day2)];
    for (const [name, value] of c2)
      expect({ name, diff: value - (c1.get(name) ?? 0) }).toEqual({ name, diff: 0 });
    expect(JSON.stringify(day2)).not.toMatch(/"clicks":(37|52)\b/);
    // once October is over it counts whole: six people, 15 + 37 clicks
    const after = await load(oct, "2026-11-01");
    expect(after.range.wholeMonths).toEqual({ requested: oct });
    expect(after.figures!.totals.clicks).toBe(52);
    expect(after.figures!.timeline).toEqual([
      expect.objectContaining({ start: "2026-10-01", clicks: 52, shares: 6 }),
    ]);
    // a range over October and the running November: October counted, November listed as running
    const both = await load({ from: "2026-10-01", to: "2026-11-20" }, "2026-11-20");
    expect(both.figures!.totals.clicks).toBe(52);
    expect(both.figures!.timeline.map((p) => [p.start, p.clicks, p.running ?? false])).toEqual([
      ["2026-10-01", 52, false],
      ["2026-11-01", 0, true],
    ]);
  });
});
