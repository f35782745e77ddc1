import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import type { AnalyticsQuery } from "~/app/modules/reach/analytics.ts";
import { loadAnalytics, loadAnalyticsTable } from "~/app/modules/reach/analytics.server.ts";
import { analyticsCsv } from "~/app/modules/reach/csv.ts";
import { rollupAll } from "~/app/modules/reach/rollup.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import {
  createMember,
  createPost,
  createTeam,
  createTenant,
  sessionCookie,
  uniqueId,
} from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

/*
 * Issue 11: the minimum group size (5) counts the people behind each cell, not the people in a team.
 * Real shares and clicks, rolled up by the real rollup. September 2026, Berlin:
 * - Sales (5): everyone shares post Y on LinkedIn; Sales 0 alone also shares post X (37 clicks);
 *   Sales 1 alone also shares Y on XING.
 * - Ops (5): everyone shares Y and Z on X.
 * - Solo (5 in the programme): only Solo 0 shares (Y on LinkedIn, 3 clicks).
 * - 5 people without a team in the programme, 4 of them share Y on X.
 */

let db: DB;
let T: {
  tenantId: string;
  slug: string;
  sales: string;
  ops: string;
  solo: string;
  postX: string;
  postY: string;
  postZ: string;
  comms: Member;
};
const sept: AnalyticsQuery = { from: "2026-09-01", to: "2026-09-30" };
const ctx = () => ({ tenantId: T.tenantId, timeZone: "Europe/Berlin" });
const load = (team?: string) =>
  withTenant(db, T.tenantId, (tx) => loadAnalytics(tx, ctx(), team ? { ...sept, team } : sept));

async function person(
  tenantId: string,
  roles: Role[],
  teamId: string | null,
  optedIn: boolean,
): Promise<Member> {
  return createMember(db, tenantId, { roles, teamId, optedIn, locale: "en" });
}

async function share(
  tenantId: string,
  postId: string,
  m: Member,
  network: "linkedin" | "x" | "xing",
  at: string,
  clicks: number,
): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
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
        created_at: new Date(at),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (clicks === 0) return;
    await tx
      .insertInto("click_events")
      .values(
        Array.from({ length: clicks }, (_, i) => ({
          tenant_id: tenantId,
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

beforeAll(async () => {
  delete process.env.REDIS_URL;
  db = (await database()).db;
  const tenant = await createTenant(db);
  await db.updateTable("tenants").set({ time_zone: "Europe/Berlin" }).where("id", "=", tenant.id).execute();
  const [sales, ops, solo] = [
    await createTeam(db, tenant.id, { name: "Sales" }),
    await createTeam(db, tenant.id, { name: "Ops" }),
    await createTeam(db, tenant.id, { name: "Solo" }),
  ];
  const team = async (teamId: string | null, n: number) => {
    const people: Member[] = [];
    for (let i = 0; i < n; i++) people.push(await person(tenant.id, ["employee"], teamId, true));
    return people;
  };
  const [salesPeople, opsPeople, soloPeople, noTeam] = [
    await team(sales.id, 5),
    await team(ops.id, 5),
    await team(solo.id, 5),
    await team(null, 4),
  ];
  // a fifth person without a team, who does not share: the no-team group is large enough by the
  // old rule (people in the programme), so only the new one (people behind the figures) hides it
  await person(tenant.id, ["employee"], null, true);
  const comms = await person(tenant.id, ["comms_lead"], null, false);
  const post = async (title: string) =>
    (await createPost(db, tenant.id, { title, published_at: new Date("2026-08-01T00:00:00Z") })).id;
  const [postX, postY, postZ] = [
    await post("Post X only Sales 0"),
    await post("Post Y everyone"),
    await post("Post Z Ops"),
  ];
  for (const m of salesPeople) await share(tenant.id, postY, m, "linkedin", "2026-09-10T08:00:00Z", 1);
  await share(tenant.id, postX, salesPeople[0]!, "linkedin", "2026-09-12T08:00:00Z", 37);
  await share(tenant.id, postY, salesPeople[1]!, "xing", "2026-09-12T09:00:00Z", 2);
  for (const m of opsPeople) {
    await share(tenant.id, postY, m, "x", "2026-09-11T08:00:00Z", 1);
    await share(tenant.id, postZ, m, "x", "2026-09-11T09:00:00Z", 1);
  }
  await share(tenant.id, postY, soloPeople[0]!, "linkedin", "2026-09-13T08:00:00Z", 3);
  for (const m of noTeam) await share(tenant.id, postY, m, "x", "2026-09-14T08:00:00Z", 0);
  await rollupAll(db, tenant.id);
  T = {
    tenantId: tenant.id,
    slug: tenant.slug,
    sales: sales.id,
    ops: ops.id,
    solo: solo.id,
    postX,
    postY,
    postZ,
    comms,
  };
});

describe("minimum group size by the people behind each cell", () => {
  it("programme view: a post only one person shared has no row of its own; it is merged with another into 'other', which has enough people", async () => {
    const r = await load();
    const f = r.figures!;
    expect(f.totals.clicks).toBe(5 + 37 + 2 + 10 + 3);
    // Y has 15 people behind it; X one (Sales 0); Z five, but shown it would give X away (total − Y − Z)
    expect(f.posts.map((p) => p.postId)).toEqual([T.postY]);
    expect(f.postsOther).toMatchObject({ clicks: 37 + 5, shares: 1 + 5 });
    expect(JSON.stringify(r)).not.toContain(T.postX);
    // participation: 15 of the 20 people in the programme shared
    expect(f.participation).toEqual({ sharers: 15, optedIn: 20 });
    // teams: Sales and Ops have 5 people behind their figures; Solo one, the people without a team 4
    const teams = new Map(r.teamRows.map((t) => [t.teamId, t]));
    expect(teams.get(T.sales)).toMatchObject({ tooSmall: false, figures: { clicks: 5 + 37 + 2 } });
    expect(teams.get(T.ops)).toMatchObject({ tooSmall: false, figures: { clicks: 10 } });
    expect(teams.get(T.solo)).toEqual({ teamId: T.solo, name: "Solo", tooSmall: true, figures: null });
    expect(teams.get("")).toMatchObject({ tooSmall: true, figures: null });
  });

  it("programme view: a network one person used has no row; days with fewer than 5 people behind them are held back", async () => {
    const f = (await load()).figures!;
    expect(f.networks.map((n) => n.network)).not.toContain("xing");
    expect(f.networksOther).not.toBeNull();
    const day = (d: string) => f.timeline.find((p) => p.start === d)!;
    expect(day("2026-09-10")).toMatchObject({ clicks: 5, shares: 5 });
    expect(day("2026-09-11")).toMatchObject({ clicks: 10, shares: 10 });
    // 12 September: Sales 0 (X) and Sales 1 (XING): two people
    expect(day("2026-09-12")).toMatchObject({ tooFew: true, clicks: 0, shares: 0 });
    expect(day("2026-09-13")).toMatchObject({ tooFew: true, clicks: 0 });
  });

  it("a team of 5 in which one person shared post X: no post × team row for X, no network × team row for that person's network", async () => {
    const r = await load(T.sales);
    expect(r.team).toMatchObject({ id: T.sales, tooSmall: false });
    const f = r.figures!;
    expect(f.totals.clicks).toBe(44);
    expect(f.posts.map((p) => p.postId)).not.toContain(T.postX);
    // Y alone beside a hidden X would give X by subtraction from the team's totals: merged too
    expect(f.posts).toEqual([]);
    expect(f.postsOther).toMatchObject({ clicks: 44 });
    expect(f.networks.map((n) => n.network)).not.toContain("xing");
    expect(JSON.stringify(r)).not.toContain(T.postX);
    expect(f.participation).toEqual({ sharers: 5, optedIn: 5 });
  });

  it("a team with 5 people behind a cell shows it (Ops: Y); Z stays merged as in the programme's table", async () => {
    const f = (await load(T.ops)).figures!;
    expect(f.posts.map((p) => [p.postId, p.clicks])).toEqual([[T.postY, 5]]);
    expect(f.postsOther).toMatchObject({ clicks: 5 });
    // X in Ops has 5 people, but the programme's X row minus it would be the 4 people without a
    // team: held back (network × team against the programme's network row)
    expect(f.networks).toEqual([]);
    expect(f.networksOther).toMatchObject({ clicks: 10 });
  });

  it("a team of 5 in which one person shared shows nothing at all, and no 'sharers: 1'", async () => {
    const r = await load(T.solo);
    expect(r.team).toMatchObject({ id: T.solo, tooSmall: true });
    expect(r.figures).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/sharers/);
    const exported = await withTenant(db, T.tenantId, (tx) =>
      loadAnalyticsTable(tx, ctx(), { ...sept, team: T.solo }, "posts"),
    );
    expect(exported.data).toBeNull();
  });

  it("the CSV holds back the same cells: no row for X or XING, one merged row", async () => {
    const rows = async (table: "posts" | "networks" | "timeline", team?: string) => {
      const { report, data } = await withTenant(db, T.tenantId, (tx) =>
        loadAnalyticsTable(tx, ctx(), team ? { ...sept, team } : sept, table),
      );
      const csv = analyticsCsv(data!, report.currency, report.range.bucket);
      expect(csv).not.toContain(T.postX);
      expect(csv).not.toContain("Post X");
      return Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true }).data;
    };
    expect((await rows("posts")).map((r) => [r.title, r.clicks, r.note])).toEqual([
      ["Post Y everyone", "15", ""],
      ["(other posts)", "42", "merged: too few people behind each"],
    ]);
    expect((await rows("posts", T.sales)).map((r) => [r.title, r.clicks])).toEqual([["(other posts)", "44"]]);
    expect((await rows("networks")).map((r) => r.network)).not.toContain("xing");
    const day12 = (await rows("timeline")).find((r) => r.day === "2026-09-12")!;
    expect(day12).toMatchObject({ clicks: "", shares: "", note: "too few people to show" });
  });

  describe("over HTTP", () => {
    let server: AppServer;
    let cookie: string;
    beforeAll(async () => {
      server = await startAppServer();
      cookie = await sessionCookie(db, T.comms.userId);
    });
    afterAll(async () => {
      await server?.close();
    });
    const get = (path: string) =>
      fetch(server.base + path, { headers: { Cookie: cookie, "Accept-Language": "en" }, redirect: "manual" });

    it("the page and its data for Sales and Solo carry none of Sales 0's or Solo 0's own figures", async () => {
      const page = await (
        await get(`/t/${T.slug}/analytics?from=2026-09-01&to=2026-09-30&team=${T.sales}`)
      ).text();
      expect(page).toContain("Other posts (too few people each)");
      expect(page).not.toContain("Post X only Sales 0");
      expect(page).not.toContain(T.postX);
      const solo = await (
        await get(`/t/${T.slug}/analytics?from=2026-09-01&to=2026-09-30&team=${T.solo}`)
      ).text();
      expect(solo).toContain("Too few people to show");
      expect(solo).not.toMatch(/"sharers"/);
      expect(solo).not.toContain("1 of 5 people");
      const res = await get(`/t/${T.slug}/analytics.data?from=2026-09-01&to=2026-09-30&team=${T.sales}`);
      expect(res.status).toBe(200);
      const data = await res.text();
      expect(data).toContain("postsOther");
      expect(data).not.toContain(T.postX);
    });

    it("the CSV download of Sales' posts has no row for X", async () => {
      const res = await get(
        `/t/${T.slug}/analytics/export?table=posts&from=2026-09-01&to=2026-09-30&team=${T.sales}`,
      );
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain("Post X");
      expect(text).toContain("(other posts)");
    });
  });
});
