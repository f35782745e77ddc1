import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import type { AnalyticsQuery } from "~/app/modules/reach/analytics.ts";
import { loadAnalytics, loadAnalyticsTable } from "~/app/modules/reach/analytics.server.ts";
import { rollupAll, rollupDays } from "~/app/modules/reach/rollup.server.ts";
import { refreshReachPeriods, refreshTenantPeriods } from "~/app/modules/reach/period-rollup.server.ts";
import { PERIOD_DAYS, periodRange } from "~/app/modules/reach/periods.ts";
import { DEFAULT_IMPRESSION_FACTORS } from "~/app/modules/reach/settings.ts";
import { optOut } from "~/app/modules/advocacy/opt-out.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createMember, createPost, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";

/*
 * The precomputed analytics periods (period-rollup.server.ts) must give the page exactly what the
 * direct computation from reach_daily gives: every figure, every held-back cell, every merged row,
 * for the programme and each team. A tenant with random (seeded) shares and clicks over three
 * months is rolled up for real; the presets are precomputed as of several days and each report is
 * compared with the same report after the periods are dropped.
 */

let db: DB;
let tenantId: string;
let teams: { id: string; name: string }[];
let members: Member[];
const ctx = () => ({ tenantId, timeZone: "Europe/Berlin" });
const NETWORKS = ["linkedin", "x", "xing", "bluesky"] as const;

/** mulberry32: the same data every run */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const load = (q: AnalyticsQuery) => withTenant(db, tenantId, (tx) => loadAnalytics(tx, ctx(), q));
const periodRows = () =>
  withTenant(db, tenantId, (tx) =>
    tx.selectFrom("reach_periods").select(["days", "from_day", "to_day"]).orderBy("days").execute(),
  );
const dropPeriods = () =>
  withTenant(db, tenantId, (tx) =>
    tx.deleteFrom("reach_periods").where("tenant_id", "=", tenantId).execute(),
  );
const precompute = (today: string) =>
  withTenant(db, tenantId, (tx) => refreshTenantPeriods(tx, tenantId, { today }));

beforeAll(async () => {
  delete process.env.REDIS_URL;
  db = (await database()).db;
  const tenant = await createTenant(db, { timeZone: "Europe/Berlin" });
  tenantId = tenant.id;
  // a minimum of 3 so that the tables have rows both shown and held back
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("reach_settings")
      .values({
        tenant_id: tenantId,
        impression_factors: JSON.stringify(DEFAULT_IMPRESSION_FACTORS),
        min_group_size: 3,
      })
      .execute(),
  );
  teams = [];
  for (const name of ["Alpha", "Beta", "Gamma"]) teams.push(await createTeam(db, tenantId, { name }));
  members = [];
  const sizes: [string | null, number][] = [
    [teams[0]!.id, 8],
    [teams[1]!.id, 5],
    [teams[2]!.id, 2],
    [null, 3],
  ];
  for (const [teamId, n] of sizes)
    for (let i = 0; i < n; i++) members.push(await createMember(db, tenantId, { teamId, optedIn: true }));
  const posts: string[] = [];
  for (let i = 0; i < 6; i++)
    posts.push(
      (await createPost(db, tenantId, { title: `Post ${i}`, published_at: new Date("2026-02-01T00:00:00Z") }))
        .id,
    );

  const rnd = random(15);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  await withTenant(db, tenantId, async (tx) => {
    for (let i = 0; i < 90; i++) {
      // the popular posts and people share more: squares favour the list's start
      const m = members[Math.floor(rnd() ** 2 * members.length)]!;
      const at = Date.parse("2026-03-01T06:00:00Z") + Math.floor(rnd() * 90 * 86_400_000);
      const share = await tx
        .insertInto("shares")
        .values({
          tenant_id: tenantId,
          post_id: posts[Math.floor(rnd() ** 2 * posts.length)]!,
          membership_id: m.id,
          network: pick(NETWORKS),
          text: "x",
          channel: "intent",
          code: null,
          team_id: m.teamId,
          followers_at_share: Math.floor(50 + rnd() * 2000),
          created_at: new Date(at),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const clicks = Math.floor(rnd() * 12);
      if (clicks === 0) continue;
      await tx
        .insertInto("click_events")
        .values(
          Array.from({ length: clicks }, () => ({
            tenant_id: tenantId,
            share_id: share.id,
            event_key: `k-${uniqueId()}`,
            clicked_at: new Date(at + Math.floor(-Math.log(1 - rnd()) * 2 * 86_400_000)),
            // a pool of visitors, so some click several shares on one day
            visitor_hash: String(Math.floor(rnd() * 40)).padStart(64, "0"),
            is_bot: false,
            referrer_host: null,
          })),
        )
        .execute();
    }
  });
  await rollupAll(db, tenantId);
});

describe("precomputed analytics periods", () => {
  // several days the presets end on: inside the data, at its end, at its start, after it
  const TODAYS = ["2026-04-17", "2026-05-31", "2026-03-04", "2026-06-20"];

  it("give every preset, for the programme and every team, exactly the report computed from reach_daily", async () => {
    let compared = 0;
    let shownPosts = 0;
    let heldBack = 0;
    let sharersShown = 0;
    let bucketsHeldBack = 0;
    for (const today of TODAYS) {
      await dropPeriods();
      expect(await precompute(today)).toBe(PERIOD_DAYS.length);
      const stored = await periodRows();
      for (const days of PERIOD_DAYS) {
        const range = periodRange(days, today);
        expect(stored).toContainEqual({ days, from_day: range.from, to_day: range.to });
        for (const team of [undefined, ...teams.map((t) => t.id)]) {
          const query = team ? { ...range, team } : range;
          const pre = await load(query);
          const postsCsv = await withTenant(db, tenantId, (tx) =>
            loadAnalyticsTable(tx, ctx(), query, "posts"),
          );
          await dropPeriods();
          const direct = await load(query);
          expect(pre).toEqual(direct);
          expect(postsCsv).toEqual(
            await withTenant(db, tenantId, (tx) => loadAnalyticsTable(tx, ctx(), query, "posts")),
          );
          shownPosts += direct.figures?.posts.length ?? 0;
          heldBack += direct.figures?.postsOther ? 1 : 0;
          sharersShown += (direct.figures?.participation.sharers ?? 0) > 0 ? 1 : 0;
          bucketsHeldBack += direct.figures?.timeline.some((p) => p.tooFew) ? 1 : 0;
          compared++;
          await precompute(today);
        }
      }
    }
    expect(compared).toBe(TODAYS.length * PERIOD_DAYS.length * (teams.length + 1));
    // the data is not trivial: rows shown and rows held back in the reports compared
    expect(shownPosts).toBeGreaterThan(10);
    expect(heldBack).toBeGreaterThan(5);
    // participation counts shown (programme and teams) and timeline buckets held back
    expect(sharersShown).toBeGreaterThan(10);
    expect(bucketsHeldBack).toBeGreaterThan(5);
  }, 180_000);

  it("are read instead of reach_daily: a figure changed in a stored period shows on the page", async () => {
    await dropPeriods();
    await precompute("2026-05-31");
    const range = periodRange(90, "2026-05-31");
    const before = await load(range);
    const top = before.figures!.posts[0]!;
    await withTenant(db, tenantId, (tx) =>
      tx
        .updateTable("reach_period_figures")
        .set({ clicks: top.clicks + 1000 })
        .where("days", "=", 90)
        .where("team_scope", "=", "")
        .where("dimension", "=", "post")
        .where("key", "=", top.postId)
        .execute(),
    );
    expect((await load(range)).figures!.posts[0]).toMatchObject({
      postId: top.postId,
      clicks: top.clicks + 1000,
    });
    // the timeline and the participation too (0030): a stored bucket's sums, the sharers per group
    const bucket = before.figures!.timeline.find((p) => !p.tooFew && p.clicks > 0)!;
    const sharers = before.figures!.participation.sharers!;
    expect(sharers).toBeGreaterThan(0);
    await withTenant(db, tenantId, async (tx) => {
      await tx
        .updateTable("reach_period_figures")
        .set({ clicks: bucket.clicks + 500 })
        .where("days", "=", 90)
        .where("team_scope", "=", "")
        .where("dimension", "=", "bucket")
        .where("key", "=", bucket.start)
        .execute();
      await tx
        .updateTable("reach_period_figures")
        .set((eb) => ({ people: eb("people", "+", 1) }))
        .where("days", "=", 90)
        .where("dimension", "=", "sharers")
        .where("key", "=", teams[0]!.id)
        .execute();
    });
    const after = (await load(range)).figures!;
    expect(after.timeline.find((p) => p.start === bucket.start)!.clicks).toBe(bucket.clicks + 500);
    expect(after.totals.clicks).toBe(before.figures!.totals.clicks + 500);
    expect(after.participation.sharers).toBe(sharers + 1);
    await precompute("2026-05-31");
    await dropPeriods();
  });

  it("a range that is not a preset is computed from reach_daily", async () => {
    await precompute("2026-05-31");
    const custom = { from: "2026-04-03", to: "2026-05-17" };
    const pre = await load(custom);
    await dropPeriods();
    expect(pre).toEqual(await load(custom));
    expect(pre.figures!.totals.clicks).toBeGreaterThan(0);
  });

  it("a rollup batch drops the periods overlapping its days; the rollup job's refresh writes them again", async () => {
    await dropPeriods();
    await precompute("2026-05-31");
    await rollupDays(db, tenantId, ["2026-05-20"]);
    // 7 days (25–31 May) do not contain the 20th; 30, 90 and 365 do
    expect((await periodRows()).map((p) => p.days)).toEqual([7]);
    // the job's refresh ends the presets on the real today: the 7-day one of 31 May is left as it is
    expect(await refreshReachPeriods(db, { tenantId })).toBe(PERIOD_DAYS.length);
    const today = (await periodRows()).find((p) => p.days === 365)!.to_day;
    expect(await refreshReachPeriods(db, { tenantId })).toBe(0);
    expect(today).not.toBe("2026-05-31");
  });

  it("a change of the people in the programme (the basis) sends the page to the direct computation", async () => {
    await dropPeriods();
    await precompute("2026-05-31");
    const range = periodRange(30, "2026-05-31");
    const direct = await load(range);
    const top = direct.figures!.posts[0]!;
    // a stored figure made wrong, to see whether the period is read
    await withTenant(db, tenantId, (tx) =>
      tx
        .updateTable("reach_period_figures")
        .set({ clicks: top.clicks + 1000 })
        .where("days", "=", 30)
        .where("team_scope", "=", "")
        .where("dimension", "=", "post")
        .where("key", "=", top.postId)
        .execute(),
    );
    const consent = (withdrawn: boolean) =>
      withTenant(db, tenantId, (tx) =>
        tx
          .updateTable("advocacy_consents")
          .set(
            withdrawn
              ? { withdrawn_at: new Date(), data_choice: "keep" }
              : { withdrawn_at: null, data_choice: null },
          )
          .where("membership_id", "=", members.find((m) => m.teamId === teams[1]!.id)!.id)
          .execute(),
      );
    // one of Beta's people leaves the programme: the basis is another one
    await consent(true);
    try {
      const after = await load(range);
      expect(after.figures!.posts[0]).toMatchObject({ postId: top.postId, clicks: top.clicks });
      await dropPeriods();
      expect(after).toEqual(await load(range));
      // the refresh writes the period with the new basis, and it gives the same again
      await precompute("2026-05-31");
      expect(await load(range)).toEqual(after);
    } finally {
      await consent(false);
    }
    await precompute("2026-05-31");
    expect(await load(range)).toEqual(direct);
  });

  it("people moving between teams (the same sizes) also change the basis: the sharers per team are by team now", async () => {
    await dropPeriods();
    await precompute("2026-05-31");
    const range = periodRange(90, "2026-05-31");
    const direct = await load(range);
    // a stored sharer count made wrong, to see whether the period is read
    await withTenant(db, tenantId, (tx) =>
      tx
        .updateTable("reach_period_figures")
        .set((eb) => ({ people: eb("people", "+", 1) }))
        .where("days", "=", 90)
        .where("dimension", "=", "sharers")
        .where("key", "=", teams[0]!.id)
        .execute(),
    );
    expect((await load(range)).figures!.participation.sharers).toBe(
      direct.figures!.participation.sharers! + 1,
    );
    const alpha = members.find((m) => m.teamId === teams[0]!.id)!;
    const beta = members.find((m) => m.teamId === teams[1]!.id)!;
    const move = (a: string, b: string) =>
      withTenant(db, tenantId, async (tx) => {
        await tx.updateTable("memberships").set({ team_id: b }).where("id", "=", alpha.id).execute();
        await tx.updateTable("memberships").set({ team_id: a }).where("id", "=", beta.id).execute();
      });
    // one of Alpha's people and one of Beta's swap teams: every team keeps its size
    await move(teams[0]!.id, teams[1]!.id);
    try {
      const moved = await load(range);
      expect(moved.figures!.participation.sharers).toBe(direct.figures!.participation.sharers);
      await dropPeriods();
      expect(moved).toEqual(await load(range));
      await precompute("2026-05-31");
      expect(await load(range)).toEqual(moved);
    } finally {
      await move(teams[1]!.id, teams[0]!.id);
    }
    await precompute("2026-05-31");
    expect(await load(range)).toEqual(direct);
  });

  it("leaving the programme with anonymised shares drops the periods (their people are 'former members' now)", async () => {
    await dropPeriods();
    await precompute("2026-05-31");
    const leaver = members.find((m) => m.teamId === teams[0]!.id)!;
    await withTenant(db, tenantId, (tx) => optOut(tx, leaver, { dataChoice: "anonymise" }));
    expect(await periodRows()).toEqual([]);
  });
});
