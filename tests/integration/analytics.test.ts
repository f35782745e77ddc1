import { sql } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { bucketStarts, type AnalyticsQuery } from "~/app/modules/reach/analytics.ts";
import { loadAnalytics, loadAnalyticsTable, loadMyImpact } from "~/app/modules/reach/analytics.server.ts";
import { analyticsCsv, BOM } from "~/app/modules/reach/csv.ts";
import { saveReachSettings } from "~/app/modules/reach/reach-settings.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { drainInProcessJobs, listFailedInProcessJobs } from "~/jobs/queue.ts";
import { rollupAll } from "~/app/modules/reach/rollup.server.ts";
import {
  addMember,
  createMember,
  createPost,
  createTeam,
  createTenant,
  createUser,
  sessionCookie,
  uniqueId,
} from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

let db: DB;

interface Row {
  day: string;
  dimension: "tenant" | "team" | "post" | "network" | "member" | "share";
  key: string;
  scope?: string;
  shares?: number;
  clicks?: number;
  uv?: number;
  est?: number;
  meas?: number;
  money?: string;
}

async function insertDaily(tenantId: string, rows: Row[]): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    for (const r of rows) {
      await sql`INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, shares, clicks, unique_visitors, impressions_estimated, impressions_measured, earned_media)
                VALUES (${tenantId}, ${r.day}, ${r.dimension}, ${r.scope ?? ""}, ${r.key}, ${r.shares ?? 0}, ${r.clicks ?? 0}, ${r.uv ?? 0}, ${r.est ?? 0}, ${r.meas ?? 0}, ${r.money ?? "0"})`.execute(
        tx,
      );
    }
  });
}

/** A person in the tenant, optionally in the programme (an open consent). */
async function person(
  tenantId: string,
  roles: Role[],
  teamId: string | null,
  optedIn: boolean,
): Promise<Member> {
  return createMember(db, tenantId, { roles, teamId, optedIn, locale: "en" });
}

async function insertPost(tenantId: string, title: string): Promise<string> {
  return (await createPost(db, tenantId, { title, published_at: new Date("2026-01-01T00:00:00Z") })).id;
}

async function insertShare(
  tenantId: string,
  postId: string,
  m: Member,
  createdAt: string,
  network: "linkedin" | "x" = "linkedin",
): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const s = await tx
      .insertInto("shares")
      .values({
        tenant_id: tenantId,
        post_id: postId,
        membership_id: m.id,
        network,
        text: "x",
        channel: "intent",
        code: null,
        team_id: m.teamId,
        created_at: new Date(createdAt),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return s.id;
  });
}

/**
 * The rollup's share rows (who is behind the figures of a day): these shares had activity on these
 * days. The minimum group size counts the people behind every cell from them.
 */
async function insertShareRows(tenantId: string, shareIds: string[], days: string[]): Promise<void> {
  await insertDaily(
    tenantId,
    shareIds.flatMap((id) =>
      days.map((day) => ({ day, dimension: "share" as const, key: id, clicks: 1, uv: 1 })),
    ),
  );
}

/**
 * The fixture: a tenant in Berlin with a big team (5 in the programme), a small team (2 in, 1 out)
 * and one person without a team; reach_daily rows for June 2026 written by hand.
 */
let T: {
  tenantId: string;
  slug: string;
  big: string;
  small: string;
  postA: string;
  postB: string;
  postFormula: string;
  bigMembers: Member[];
  smallMembers: Member[];
  outsider: Member;
  loner: Member;
  comms: Member;
  employee: Member;
};
const ctx = () => ({ tenantId: T.tenantId, timeZone: "Europe/Berlin" });
const june: AnalyticsQuery = { from: "2026-06-01", to: "2026-06-07" };

beforeAll(async () => {
  // in-process jobs: saving reach settings runs the re-roll here, awaited with drainInProcessJobs()
  delete process.env.REDIS_URL;
  db = (await database()).db;
  const tenant = await createTenant(db);
  const big = await createTeam(db, tenant.id, { name: "Big team" });
  const small = await createTeam(db, tenant.id, { name: "Small team" });
  const bigMembers = [];
  for (let i = 0; i < 5; i++) bigMembers.push(await person(tenant.id, ["employee"], big.id, true));
  // 4 in the small team and 2 without a team: both below 5, but together a group of 6, so the big
  // team's figures do not give theirs away by subtraction from the programme's
  const smallMembers = [];
  for (let i = 0; i < 4; i++) smallMembers.push(await person(tenant.id, ["employee"], small.id, true));
  const outsider = await person(tenant.id, ["employee"], small.id, false);
  const loner = await person(tenant.id, ["employee"], null, true);
  const loner2 = await person(tenant.id, ["employee"], null, true);
  const comms = await person(tenant.id, ["comms_lead"], null, false);
  const employee = bigMembers[0]!;
  const postA = await insertPost(tenant.id, "Post A");
  const postB = await insertPost(tenant.id, "Post B");
  const postFormula = await insertPost(tenant.id, '=HYPERLINK("evil")');
  T = {
    tenantId: tenant.id,
    slug: tenant.slug,
    big: big.id,
    small: small.id,
    postA,
    postB,
    postFormula,
    bigMembers,
    smallMembers,
    outsider,
    loner,
    comms,
    employee,
  };

  await insertDaily(tenant.id, [
    // the programme: two days in range, one before and one after
    {
      day: "2026-05-31",
      dimension: "tenant",
      key: "",
      shares: 9,
      clicks: 900,
      uv: 900,
      est: 9000,
      money: "900.00",
    },
    {
      day: "2026-06-01",
      dimension: "tenant",
      key: "",
      shares: 3,
      clicks: 40,
      uv: 30,
      est: 1000,
      meas: 0,
      money: "56.00",
    },
    {
      day: "2026-06-03",
      dimension: "tenant",
      key: "",
      shares: 1,
      clicks: 10,
      uv: 9,
      est: 200,
      meas: 500,
      money: "17.61",
    },
    {
      day: "2026-06-08",
      dimension: "tenant",
      key: "",
      shares: 9,
      clicks: 900,
      uv: 900,
      est: 9000,
      money: "900.00",
    },
    // teams: the small one and the no-team group have figures the page must not reveal
    {
      day: "2026-06-01",
      dimension: "team",
      key: big.id,
      shares: 2,
      clicks: 33,
      uv: 25,
      est: 800,
      money: "45.00",
    },
    {
      day: "2026-06-03",
      dimension: "team",
      key: big.id,
      shares: 1,
      clicks: 4,
      uv: 4,
      est: 200,
      meas: 500,
      money: "10.41",
    },
    {
      day: "2026-06-01",
      dimension: "team",
      key: small.id,
      shares: 1,
      clicks: 98765,
      uv: 87654,
      est: 7007,
      money: "707.07",
    },
    { day: "2026-06-03", dimension: "team", key: "", shares: 0, clicks: 6, uv: 5, money: "7.20" },
    // posts, all shares and per team
    {
      day: "2026-06-01",
      dimension: "post",
      key: postA,
      shares: 2,
      clicks: 15,
      uv: 12,
      est: 600,
      money: "22.80",
    },
    { day: "2026-06-03", dimension: "post", key: postA, shares: 0, clicks: 5, uv: 5, money: "6.00" },
    {
      day: "2026-06-01",
      dimension: "post",
      key: postB,
      shares: 1,
      clicks: 25,
      uv: 18,
      est: 400,
      money: "33.20",
    },
    {
      day: "2026-06-03",
      dimension: "post",
      key: postFormula,
      shares: 1,
      clicks: 5,
      uv: 4,
      est: 200,
      meas: 500,
      money: "11.61",
    },
    {
      day: "2026-06-01",
      dimension: "post",
      key: postB,
      scope: big.id,
      shares: 1,
      clicks: 20,
      uv: 15,
      est: 400,
      money: "27.20",
    },
    {
      day: "2026-06-01",
      dimension: "post",
      key: postA,
      scope: small.id,
      shares: 1,
      clicks: 98765,
      uv: 87654,
      est: 7007,
      money: "707.07",
    },
    // networks
    {
      day: "2026-06-01",
      dimension: "network",
      key: "linkedin",
      shares: 3,
      clicks: 40,
      uv: 30,
      est: 1000,
      money: "56.00",
    },
    {
      day: "2026-06-03",
      dimension: "network",
      key: "x",
      shares: 1,
      clicks: 10,
      uv: 9,
      est: 200,
      meas: 500,
      money: "17.61",
    },
    {
      day: "2026-06-01",
      dimension: "network",
      key: "linkedin",
      scope: small.id,
      shares: 1,
      clicks: 98765,
      uv: 87654,
      est: 7007,
      money: "707.07",
    },
    // a member's own rows
    {
      day: "2026-06-01",
      dimension: "member",
      key: employee.id,
      shares: 1,
      clicks: 12,
      uv: 10,
      est: 300,
      money: "16.80",
    },
  ]);

  // shares for the participation rate (Berlin is UTC+2 in June)
  await insertShare(tenant.id, postA, bigMembers[0]!, "2026-05-31T22:30:00Z"); // 00:30 on 1 June in Berlin: in
  await insertShare(tenant.id, postA, bigMembers[0]!, "2026-06-02T10:00:00Z"); // the same person again
  await insertShare(tenant.id, postB, bigMembers[1]!, "2026-06-07T21:59:00Z"); // 23:59 on 7 June: in
  await insertShare(tenant.id, postB, bigMembers[2]!, "2026-06-07T22:00:00Z"); // 00:00 on 8 June: out
  await insertShare(tenant.id, postB, smallMembers[0]!, "2026-06-03T08:00:00Z"); // in, small team
  await insertShare(tenant.id, postB, outsider, "2026-06-03T08:00:00Z"); // not in the programme: not counted

  // The people behind the figures: shares made in April, clicked on the days with figures (so they
  // do not change participation). Every post and network has 11 people behind it, the big team 5;
  // the small team (4) and the people without a team (2) are hidden groups of 6 together, so no
  // shown cell of the big team gives theirs away by subtraction.
  const background: string[] = [];
  for (const m of bigMembers) {
    background.push(await insertShare(tenant.id, postA, m, "2026-04-15T10:00:00Z", "linkedin"));
    background.push(await insertShare(tenant.id, postB, m, "2026-04-15T10:00:00Z", "linkedin"));
    background.push(await insertShare(tenant.id, postFormula, m, "2026-04-15T10:00:00Z", "x"));
  }
  for (const m of [...smallMembers, loner, loner2]) {
    background.push(await insertShare(tenant.id, postA, m, "2026-04-15T10:00:00Z", "x"));
    background.push(await insertShare(tenant.id, postB, m, "2026-04-15T10:00:00Z", "x"));
    background.push(await insertShare(tenant.id, postFormula, m, "2026-04-15T10:00:00Z", "linkedin"));
  }
  await insertShareRows(tenant.id, background, ["2026-05-31", "2026-06-01", "2026-06-03", "2026-06-08"]);
});

describe("comms analytics figures", () => {
  it("sums the programme's rows of the range, day by day, with empty days as zeros", async () => {
    const report = await withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), june));
    const f = report.figures!;
    expect(f.totals).toEqual({
      shares: 4,
      clicks: 50,
      uniqueVisitors: 39,
      impressionsMeasured: 500,
      impressionsEstimated: 1200,
      earnedMedia: 73.61,
    });
    expect(report.range.bucket).toBe("day");
    expect(f.timeline.map((p) => p.start)).toEqual([
      "2026-06-01",
      "2026-06-02",
      "2026-06-03",
      "2026-06-04",
      "2026-06-05",
      "2026-06-06",
      "2026-06-07",
    ]);
    expect(f.timeline.map((p) => p.clicks)).toEqual([40, 0, 10, 0, 0, 0, 0]);
    expect(report.currency).toBe("EUR");
  });

  it("ranks top posts by clicks with their titles, and lists networks", async () => {
    const report = await withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), june));
    const f = report.figures!;
    expect(f.posts.map((p) => [p.title, p.clicks])).toEqual([
      ["Post B", 25],
      ["Post A", 20],
      ['=HYPERLINK("evil")', 5],
    ]);
    expect(f.posts[1]).toMatchObject({
      shares: 2,
      uniqueVisitors: 17,
      impressionsEstimated: 600,
      earnedMedia: 28.8,
    });
    expect(f.networks.map((n) => [n.network, n.clicks, n.impressionsMeasured])).toEqual([
      ["linkedin", 40, 0],
      ["x", 10, 500],
    ]);
  });

  it("buckets a range of more than 92 days by week (Monday starts, the first bucket at the range start)", async () => {
    const report = await withTenant(db, T.tenantId, (tx) =>
      loadAnalytics(tx, ctx(), { from: "2026-03-04", to: "2026-06-10" }),
    );
    const f = report.figures!;
    expect(report.range.bucket).toBe("week");
    expect(f.timeline[0]!.start).toBe("2026-03-04"); // a Wednesday
    expect(f.timeline[1]!.start).toBe("2026-03-09"); // the next Monday
    const week = (start: string) => f.timeline.find((p) => p.start === start)!;
    expect(week("2026-05-25").clicks).toBe(900); // Sunday 31 May belongs to the week from 25 May
    expect(week("2026-06-01").clicks).toBe(50);
    expect(week("2026-06-08").clicks).toBe(900);
    expect(f.timeline.map((p) => p.start)).toEqual(bucketStarts("2026-03-04", "2026-06-10"));
    expect(f.totals.clicks).toBe(1850);
  });

  it("filters to a team: its team rows and its posts and networks", async () => {
    const report = await withTenant(db, T.tenantId, (tx) =>
      loadAnalytics(tx, ctx(), { ...june, team: T.big }),
    );
    const f = report.figures!;
    expect(report.team).toMatchObject({ id: T.big, name: "Big team", tooSmall: false });
    expect(f.totals).toMatchObject({
      shares: 3,
      clicks: 37,
      uniqueVisitors: 29,
      impressionsMeasured: 500,
      impressionsEstimated: 1000,
      earnedMedia: 55.41,
    });
    expect(f.posts.map((p) => [p.title, p.clicks])).toEqual([["Post B", 20]]);
    expect(f.networks).toEqual([]);
    expect(report.teamRows.map((r) => r.teamId)).toEqual([T.big]);
  });

  it("participation: people in the programme now who shared in the range (tenant-local days) / people in the programme", async () => {
    const all = await withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), june));
    // big[0] (twice), big[1], small[0]; big[2] shared after the range; the outsider is not in the programme
    // in the programme: 5 big + 4 small + 2 without a team
    // three sharers are fewer than the minimum group size of 5: the count is held back (issue 11:
    // "sharers: 3" would be a small group's figure); analytics-groups.test.ts shows it with enough
    expect(all.figures!.participation).toEqual({ sharers: null, optedIn: 11 });
    const team = await withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), { ...june, team: T.big }));
    expect(team.figures!.participation).toEqual({ sharers: null, optedIn: 5 });
    expect(JSON.stringify(team)).not.toMatch(/"sharers":\d/);
  });
});

describe("minimum group size", () => {
  it("shows a team's figures only when it has enough people in the programme; small teams and the no-team group show none", async () => {
    const report = await withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), june));
    expect(report.minGroupSize).toBe(5);
    const byId = new Map(report.teamRows.map((r) => [r.teamId, r]));
    expect(byId.get(T.big)).toMatchObject({ tooSmall: false, figures: { clicks: 37 } });
    expect(byId.get(T.small)).toEqual({ teamId: T.small, name: "Small team", tooSmall: true, figures: null });
    expect(byId.get("")).toEqual({ teamId: "", name: null, tooSmall: true, figures: null });
    // the small team's own figures (98,765 clicks, 87,654 visitors) are nowhere in the loader data
    const json = JSON.stringify(report);
    expect(json).not.toContain("98765");
    expect(json).not.toContain("87654");
  });

  it("filtering to a small team yields no figures at all, in the page data and in the export", async () => {
    const report = await withTenant(db, T.tenantId, (tx) =>
      loadAnalytics(tx, ctx(), { ...june, team: T.small }),
    );
    expect(report.team).toMatchObject({ id: T.small, tooSmall: true });
    expect(report.figures).toBeNull();
    expect(report.teamRows).toEqual([]);
    expect(JSON.stringify(report)).not.toContain("98765");
    const exported = await withTenant(db, T.tenantId, (tx) =>
      loadAnalyticsTable(tx, ctx(), { ...june, team: T.small }, "posts"),
    );
    expect(exported.data).toBeNull();
  });

  it("a programme with fewer people than the minimum shows no figures at all, not even the totals", async () => {
    const tenant = await createTenant(db);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await person(tenant.id, ["employee"], null, true));
    const post = await insertPost(tenant.id, "Small programme post");
    const shareOf = async (m: Member) => insertShare(tenant.id, post, m, "2026-05-20T10:00:00Z");
    await insertDaily(tenant.id, [
      { day: "2026-06-02", dimension: "tenant", key: "", shares: 1, clicks: 4321, uv: 321 },
    ]);
    await insertShareRows(tenant.id, await Promise.all(first.map(shareOf)), ["2026-06-02"]);
    const small = { tenantId: tenant.id, timeZone: "Europe/Berlin" };
    const report = await withTenant(db, tenant.id, (tx) => loadAnalytics(tx, small, june));
    expect(report.programmeTooSmall).toBe(true);
    expect(report.figures).toBeNull();
    expect(report.teamRows).toEqual([]);
    expect(JSON.stringify(report)).not.toContain("4321");
    const exported = await withTenant(db, tenant.id, (tx) => loadAnalyticsTable(tx, small, june, "timeline"));
    expect(exported.data).toBeNull();
    // five people in the programme, but only three behind the figures: still nothing (issue 11)
    const later = [];
    for (let i = 0; i < 2; i++) later.push(await person(tenant.id, ["employee"], null, true));
    const three = await withTenant(db, tenant.id, (tx) => loadAnalytics(tx, small, june));
    expect(three).toMatchObject({ programmeTooSmall: false, tooFewContributors: true, figures: null });
    expect(JSON.stringify(three)).not.toContain("4321");
    // the fifth person behind the figures makes them a group's
    await insertShareRows(tenant.id, await Promise.all(later.map(shareOf)), ["2026-06-02"]);
    const shown = await withTenant(db, tenant.id, (tx) => loadAnalytics(tx, small, june));
    expect(shown.programmeTooSmall).toBe(false);
    expect(shown.figures?.totals.clicks).toBe(4321);
  });

  it("follows the tenant's setting: with a minimum of 2 the small team and the two people without a team show", async () => {
    // written directly: saving through the page would also re-roll (and so rewrite) this fixture's hand-made rows
    const setMin = (n: number) =>
      withTenant(db, T.tenantId, (tx) =>
        sql`INSERT INTO reach_settings (tenant_id, min_group_size) VALUES (${T.tenantId}, ${n})
            ON CONFLICT (tenant_id) DO UPDATE SET min_group_size = excluded.min_group_size`.execute(tx),
      );
    await setMin(2);
    try {
      const report = await withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), june));
      const byId = new Map(report.teamRows.map((r) => [r.teamId, r]));
      expect(byId.get(T.small)).toMatchObject({ tooSmall: false, figures: { clicks: 98765 } });
      expect(byId.get("")).toMatchObject({ tooSmall: false, figures: { clicks: 6 } });
    } finally {
      await setMin(5);
    }
  });
});

describe("CSV export", () => {
  it("the timeline CSV parses with the page's totals", async () => {
    const { report, data } = await withTenant(db, T.tenantId, (tx) =>
      loadAnalyticsTable(tx, ctx(), june, "timeline"),
    );
    const csv = analyticsCsv(data!, report.currency, report.range.bucket);
    expect(csv.startsWith(BOM)).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      "day",
      "shares",
      "clicks",
      "unique_visitors_per_day_summed",
      "impressions_measured",
      "impressions_estimated",
      "earned_media_eur",
      "note",
    ]);
    expect(parsed.data).toHaveLength(7);
    const sum = (col: string) => parsed.data.reduce((a, r) => a + Number(r[col]), 0);
    const totals = report.figures!.totals;
    expect(sum("clicks")).toBe(totals.clicks);
    expect(sum("shares")).toBe(totals.shares);
    expect(sum("unique_visitors_per_day_summed")).toBe(totals.uniqueVisitors);
    expect(sum("impressions_estimated")).toBe(totals.impressionsEstimated);
    expect(Math.round(sum("earned_media_eur") * 100)).toBe(Math.round(totals.earnedMedia * 100));
  });

  it("the posts CSV has every post, and a title a spreadsheet would run as a formula is defused", async () => {
    const { report, data } = await withTenant(db, T.tenantId, (tx) =>
      loadAnalyticsTable(tx, ctx(), june, "posts"),
    );
    const parsed = Papa.parse<Record<string, string>>(analyticsCsv(data!, report.currency, "day").slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data.map((r) => r.title)).toEqual(["Post B", "Post A", `'=HYPERLINK("evil")`]);
  });

  it("the teams CSV leaves small groups' cells empty", async () => {
    const { report, data } = await withTenant(db, T.tenantId, (tx) =>
      loadAnalyticsTable(tx, ctx(), june, "teams"),
    );
    const csv = analyticsCsv(data!, report.currency, "day");
    expect(csv).not.toContain("98765");
    const rows = Papa.parse<Record<string, string>>(csv.slice(1), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.find((r) => r.team === "Small team")).toMatchObject({
      clicks: "",
      note: "too few people to show",
    });
    expect(rows.find((r) => r.team === "Big team")).toMatchObject({ clicks: "37", note: "" });
  });
});

describe("my impact", () => {
  it("reads the member's own rows and nobody else's", async () => {
    const mine = await withTenant(db, T.tenantId, (tx) => loadMyImpact(tx, T.tenantId, T.employee.id, june));
    expect(mine.totals).toMatchObject({
      shares: 1,
      clicks: 12,
      uniqueVisitors: 10,
      impressionsEstimated: 300,
      earnedMedia: 16.8,
    });
    expect(mine.hasShared).toBe(true);
    // the two June shares first, then the April ones behind the fixture's figures
    expect(mine.recentShares.map((s) => s.postTitle).slice(0, 2)).toEqual(["Post A", "Post A"]);
    expect(mine.recentShares).toHaveLength(5);
    // someone who never shared (the no-team people share in the fixture now)
    const other = await withTenant(db, T.tenantId, (tx) => loadMyImpact(tx, T.tenantId, T.comms.id, june));
    expect(other.hasShared).toBe(false);
    expect(other.totals.clicks).toBe(0);
  });
});

describe("reach settings", () => {
  it("saves, reads back and records who changed them", async () => {
    const other = await createTenant(db);
    const adminUser = await createUser(db);
    const m = await addMember(db, other.id, adminUser.id, ["admin"]);
    const admin: Member = {
      id: m.id,
      tenantId: other.id,
      userId: adminUser.id,
      name: adminUser.name,
      email: adminUser.email,
      roles: ["admin"],
      teamId: null,
      managerId: null,
    };
    await withTenant(db, admin.tenantId, (tx) =>
      saveReachSettings(tx, admin, {
        impressionFactors: {
          linkedin: 0.125,
          x: 0,
          facebook: 0.05,
          xing: 0.05,
          bluesky: 0.1,
          mastodon: 0.1,
          threads: 1,
        },
        cpm: 12.5,
        cpc: 0.8,
        currency: "chf",
        minGroupSize: 7,
        clickRetentionDays: 30,
      }),
    );
    const saved = await withTenant(db, other.id, (tx) => getReachSettings(tx, other.id));
    expect(saved).toMatchObject({
      cpm: 12.5,
      cpc: 0.8,
      currency: "CHF",
      minGroupSize: 7,
      clickRetentionDays: 30,
    });
    expect(saved.impressionFactors).toMatchObject({ linkedin: 0.125, x: 0, threads: 1 });
    const audit = await withTenant(db, other.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id"])
        .where("tenant_id", "=", other.id)
        .execute(),
    );
    expect(audit).toContainEqual({ action: "reach.settings_updated", actor_user_id: adminUser.id });
    await expect(
      withTenant(db, admin.tenantId, (tx) =>
        saveReachSettings(tx, admin, {
          ...saved,
          impressionFactors: { ...saved.impressionFactors, linkedin: 1.5 },
          minGroupSize: 1,
        }),
      ),
    ).rejects.toMatchObject({
      fieldErrors: { "impressionFactors.linkedin": ["factor_range"], minGroupSize: ["group_range"] },
    });
  });
});

describe("saving reach settings", () => {
  it("re-rolls every day in the background, so the page shows earned media at the new prices", async () => {
    const tenant = await createTenant(db);
    const admin = await person(tenant.id, ["admin", "employee"], null, true);
    // a programme of five, all of them sharing: with fewer people behind the figures the page would show none
    const others = [];
    for (let i = 0; i < 4; i++) others.push(await person(tenant.id, ["employee"], null, true));
    const postId = await insertPost(tenant.id, "Priced post");
    for (const m of others)
      await insertShare(tenant.id, postId, m, new Date(Date.now() - 3 * 86_400_000).toISOString());
    const shareId = await insertShare(
      tenant.id,
      postId,
      admin,
      new Date(Date.now() - 3 * 86_400_000).toISOString(),
    );
    await withTenant(db, tenant.id, async (tx) => {
      await tx.updateTable("shares").set({ followers_at_share: 1000 }).where("id", "=", shareId).execute();
      const clickedAt = new Date(Date.now() - 2 * 86_400_000);
      await tx
        .insertInto("click_events")
        .values(
          ["a", "b"].map((v) => ({
            tenant_id: tenant.id,
            share_id: shareId,
            event_key: `k-${uniqueId()}`,
            clicked_at: clickedAt,
            visitor_hash: v.repeat(64),
            is_bot: false,
            referrer_host: null,
          })),
        )
        .execute();
    });
    await rollupAll(db, tenant.id);
    const range = {
      from: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10),
      to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    };
    const read = () =>
      withTenant(db, tenant.id, (tx) =>
        loadAnalytics(tx, { tenantId: tenant.id, timeZone: "Europe/Berlin" }, range),
      );
    // defaults: LinkedIn 10 % of 1,000 followers = 100 impressions × 8 / 1,000 + 2 clicks × 1.20
    expect((await read()).figures!.totals).toMatchObject({
      clicks: 2,
      impressionsEstimated: 100,
      earnedMedia: 3.2,
    });

    await withTenant(db, admin.tenantId, (tx) =>
      saveReachSettings(tx, admin, {
        impressionFactors: {
          linkedin: 0.2,
          x: 0.05,
          facebook: 0.05,
          xing: 0.05,
          bluesky: 0.1,
          mastodon: 0.1,
          threads: 0.05,
        },
        cpm: 20,
        cpc: 2,
        currency: "CHF",
        minGroupSize: 5,
        clickRetentionDays: 90,
      }),
    );
    await drainInProcessJobs();
    expect(listFailedInProcessJobs().filter((j) => j.name === "rollup-reach")).toEqual([]);
    const after = await read();
    // 200 impressions × 20 / 1,000 + 2 clicks × 2
    expect(after.figures!.totals).toMatchObject({ clicks: 2, impressionsEstimated: 200, earnedMedia: 8 });
    expect(after.currency).toBe("CHF");
  });
});

describe("over HTTP", () => {
  let server: AppServer;
  let base: string;
  let cookies: { comms: string; employee: string; otherComms: string };

  beforeAll(async () => {
    server = await startAppServer();
    base = server.base;
    const other = await createTenant(db);
    const otherComms = await person(other.id, ["comms_lead"], null, false);
    const session = async (m: Member) => await sessionCookie(db, m.userId);
    cookies = {
      comms: await session(T.comms),
      employee: await session(T.employee),
      otherComms: await session(otherComms),
    };
  });

  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, cookie: string) =>
    fetch(base + path, { headers: { Cookie: cookie, "Accept-Language": "en" }, redirect: "manual" });

  it("shows a comms lead the page with a chart and the totals", async () => {
    const res = await get(`/t/${T.slug}/analytics?from=2026-06-01&to=2026-06-07`, cookies.comms);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Clicks per day, [^"]*: 50 in total"/);
    expect(html).toContain("Too few people to show");
    expect(html).not.toContain("98765");
  });

  it("exports CSV with a BOM, a filename with the range, and the same totals", async () => {
    const res = await get(
      `/t/${T.slug}/analytics/export?table=timeline&from=2026-06-01&to=2026-06-07`,
      cookies.comms,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="chorus-analytics-timeline-2026-06-01_2026-06-07.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows.reduce((a, r) => a + Number(r.clicks), 0)).toBe(50);
  });

  it("answers a bad range with a clear error, not a 500", async () => {
    const page = await get(`/t/${T.slug}/analytics?from=2026-06-07&to=2026-06-01`, cookies.comms);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("The start must not be after the end.");
    const tooLong = await get(`/t/${T.slug}/analytics?from=2020-01-01&to=2026-06-01`, cookies.comms);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("at most three years");
    const garbage = await get(`/t/${T.slug}/analytics/export?table=secrets&from=2026-02-30`, cookies.comms);
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toBe("invalid filters: table, date\n");
  });

  it("refuses a small team's export", async () => {
    const res = await get(
      `/t/${T.slug}/analytics/export?table=timeline&from=2026-06-01&to=2026-06-07&team=${T.small}`,
      cookies.comms,
    );
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("98765");
  });

  it("gives an employee 403 on the page and the export, and their own impact page", async () => {
    expect((await get(`/t/${T.slug}/analytics`, cookies.employee)).status).toBe(403);
    expect((await get(`/t/${T.slug}/analytics/export?table=posts`, cookies.employee)).status).toBe(403);
    const impact = await get(`/t/${T.slug}/impact?from=2026-06-01&to=2026-06-07`, cookies.employee);
    expect(impact.status).toBe(200);
    expect(await impact.text()).toContain("No goal agreement yet");
  });

  it("lets an admin change the reach settings, with errors per field and a note that figures are recalculated", async () => {
    const tenant = await createTenant(db);
    const admin = await person(tenant.id, ["admin"], null, false);
    const cookie = await sessionCookie(db, admin.userId);
    const page = await get(`/t/${tenant.slug}/admin/reach`, cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Minimum group size");
    expect(html).toMatch(
      /name="impressionPercents.linkedin"[^>]*value="10"|value="10"[^>]*name="impressionPercents.linkedin"/,
    );
    const post = (fields: Record<string, string>) =>
      fetch(`${base}/t/${tenant.slug}/admin/reach`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          "impressionPercents.linkedin": "12.5",
          "impressionPercents.x": "5",
          "impressionPercents.facebook": "5",
          "impressionPercents.xing": "5",
          "impressionPercents.bluesky": "10",
          "impressionPercents.mastodon": "10",
          "impressionPercents.threads": "5",
          cpm: "9.5",
          cpc: "1",
          currency: "EUR",
          minGroupSize: "6",
          clickRetentionDays: "60",
          ...fields,
        }),
        redirect: "manual",
      });
    const bad = await post({ minGroupSize: "1", "impressionPercents.x": "150" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter a number from 2 to 1,000.");
    expect(badHtml).toContain("Enter a percentage from 0 to 100.");
    expect((await withTenant(db, tenant.id, (tx) => getReachSettings(tx, tenant.id))).minGroupSize).toBe(5);
    const ok = await post({});
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("All figures are being recalculated in the background.");
    const saved = await withTenant(db, tenant.id, (tx) => getReachSettings(tx, tenant.id));
    expect(saved).toMatchObject({ cpm: 9.5, cpc: 1, minGroupSize: 6, clickRetentionDays: 60 });
    expect(saved.impressionFactors.linkedin).toBe(0.125);
    expect((await get(`/t/${T.slug}/admin/reach`, cookies.comms)).status).toBe(403);
    // nobody in the programme yet: the page explains why there are no figures instead of showing zeros
    const tooFew = await (await get(`/t/${tenant.slug}/analytics`, cookie)).text();
    expect(tooFew).toContain("fewer than 6 people are in the programme so far");
    expect(tooFew).not.toContain('role="img"');
    // six people in the programme, nothing shared yet: the page says so
    for (let i = 0; i < 6; i++) await person(tenant.id, ["employee"], null, true);
    const empty = await (await get(`/t/${tenant.slug}/analytics`, cookie)).text();
    expect(empty).toContain("No shares in this period yet.");
    expect(empty).not.toContain('role="img"');
  });

  it("shows a comms lead of another tenant nothing of this one", async () => {
    for (const path of [
      `/t/${T.slug}/analytics`,
      `/t/${T.slug}/analytics/export?table=timeline`,
      `/t/${T.slug}/impact`,
    ]) {
      const res = await get(path, cookies.otherComms);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("Post B");
    }
  });
});
