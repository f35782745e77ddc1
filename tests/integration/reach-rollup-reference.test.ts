import { beforeAll, describe, expect, it } from "vitest";
import { rollupAll, rollupDays } from "~/app/modules/reach/rollup.server.ts";
import { database, type DB } from "~/db/client.ts";
import type { Network } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createMember, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";

// The rollup's SQL is tuned for speed (app/modules/reach/rollup.server.ts); this test holds it to a
// straightforward computation in TypeScript over a random programme: every reach_daily row of every
// day, all dimensions. The data is drawn from a seeded generator, so a failure reproduces. Visitors
// come from a small pool (many click several shares a day), some clicks are bots, the days cross
// the switch to summer time in Berlin and more than one batch of days.

let db: DB;

beforeAll(async () => {
  db = (await database()).db;
});

const TIME_ZONE = "Europe/Berlin";
const NETWORKS: Network[] = ["linkedin", "x", "bluesky"];
/** impression factors in tenths (0.2, 0.1, 0.3): estimates are exact integer arithmetic here */
const FACTOR_TENTHS: Record<string, number> = { linkedin: 2, x: 1, bluesky: 3 };

/** mulberry32: a small seeded generator */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const localDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

interface RefShare {
  id: string;
  membershipId: string | null;
  postId: string;
  network: string;
  teamId: string | null;
  followers: number | null;
  createdAt: Date;
  metrics: { impressions: number; reactions: number } | null;
}

interface RefClick {
  shareId: string;
  at: Date;
  visitor: string;
  bot: boolean;
}

interface RefRow {
  shares: number;
  clicks: number;
  visitors: Set<string>;
  estimated: number;
  measured: number;
  reactions: number;
}

/** (dimension, team_scope, key) of every row a share's facts count in */
function rowKeys(s: RefShare): [string, string, string][] {
  const keys: [string, string, string][] = [
    ["share", "", s.id],
    ["member", "", s.membershipId ?? ""],
    ["post", "", s.postId],
    ["network", "", s.network],
    ["tenant", "", ""],
    ["team", "", s.teamId ?? ""],
  ];
  if (s.teamId) keys.push(["post", s.teamId, s.postId], ["network", s.teamId, s.network]);
  return keys;
}

/** reach_daily as the definition says: per tenant-local day and row key; CPM 10, CPC 0.50 */
function reference(shares: RefShare[], clicks: RefClick[]): string[] {
  const rows = new Map<string, RefRow>();
  const row = (day: string, key: [string, string, string]) => {
    const id = JSON.stringify([day, ...key]);
    let r = rows.get(id);
    if (!r) {
      r = { shares: 0, clicks: 0, visitors: new Set(), estimated: 0, measured: 0, reactions: 0 };
      rows.set(id, r);
    }
    return r;
  };
  const byId = new Map(shares.map((s) => [s.id, s]));
  for (const s of shares) {
    for (const key of rowKeys(s)) {
      const r = row(localDay.format(s.createdAt), key);
      r.shares += 1;
      if (s.metrics) {
        r.measured += s.metrics.impressions;
        r.reactions += s.metrics.reactions;
      } else r.estimated += Math.round(((s.followers ?? 0) * FACTOR_TENTHS[s.network]!) / 10);
    }
  }
  for (const c of clicks) {
    if (c.bot) continue;
    for (const key of rowKeys(byId.get(c.shareId)!)) {
      const r = row(localDay.format(c.at), key);
      r.clicks += 1;
      r.visitors.add(c.visitor);
    }
  }
  return [...rows].map(([id, r]) => {
    // (impressions × 10 / 1000 + clicks × 0.50) in cents
    const cents = r.estimated + r.measured + 50 * r.clicks;
    return JSON.stringify([
      ...(JSON.parse(id) as string[]),
      r.shares,
      r.clicks,
      r.visitors.size,
      r.estimated,
      r.measured,
      r.reactions,
      (cents / 100).toFixed(2),
    ]);
  });
}

async function rolledUp(tenantId: string): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.selectFrom("reach_daily").selectAll().where("tenant_id", "=", tenantId).execute(),
  );
  return rows.map((r) =>
    JSON.stringify([
      r.day,
      r.dimension,
      r.team_scope,
      r.key,
      r.shares,
      r.clicks,
      r.unique_visitors,
      Number(r.impressions_estimated),
      Number(r.impressions_measured),
      Number(r.reactions),
      r.earned_media,
    ]),
  );
}

/** A random programme in Berlin between 2026-01-10 and 2026-05-10, most of it around 2026-03-29. */
async function randomProgramme(seed: number) {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const tenantId = (await createTenant(db, { timeZone: TIME_ZONE })).id;
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("reach_settings")
      .values({
        tenant_id: tenantId,
        impression_factors: JSON.stringify({ linkedin: 0.2, x: 0.1, bluesky: 0.3 }),
        cpm: 10,
        cpc: "0.50",
      })
      .execute(),
  );
  const teams = [(await createTeam(db, tenantId)).id, (await createTeam(db, tenantId)).id, null];
  const members: string[] = [];
  for (let i = 0; i < 6; i++) members.push((await createMember(db, tenantId)).id);
  const posts = await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("posts")
      .values(
        [1, 2, 3].map(() => ({
          tenant_id: tenantId,
          slug: `p-${uniqueId()}`,
          kind: "link" as const,
          title: "Post",
          url: "https://firma.example/news",
          status: "published" as const,
        })),
      )
      .returning("id")
      .execute(),
  );
  const dst = Date.parse("2026-03-29T01:00:00Z");
  const wide = [Date.parse("2026-01-10T00:00:00Z"), Date.parse("2026-05-10T00:00:00Z")];
  const shares: RefShare[] = [];
  for (let i = 0; i < 40; i++) {
    const createdAt = new Date(
      rand() < 0.7 ? dst + (rand() - 0.6) * 5 * 86_400_000 : wide[0]! + rand() * (wide[1]! - wide[0]!),
    );
    const spec = {
      membershipId: rand() < 0.1 ? null : pick(members),
      postId: pick(posts).id,
      network: pick(NETWORKS),
      teamId: pick(teams),
      followers: rand() < 0.15 ? null : Math.floor(rand() * 3000),
      createdAt,
    };
    const { id } = await withTenant(db, tenantId, (tx) =>
      tx
        .insertInto("shares")
        .values({
          tenant_id: tenantId,
          post_id: spec.postId,
          membership_id: spec.membershipId,
          network: spec.network,
          text: "Lesenswert",
          channel: "intent",
          followers_at_share: spec.followers,
          team_id: spec.teamId,
          created_at: createdAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const metrics =
      rand() < 0.3 ? { impressions: Math.floor(rand() * 900), reactions: Math.floor(rand() * 40) } : null;
    if (metrics)
      await withTenant(db, tenantId, (tx) =>
        tx
          .insertInto("share_metrics")
          .values({ share_id: id, tenant_id: tenantId, provider: spec.network, ...metrics })
          .execute(),
      );
    shares.push({ id, ...spec, metrics });
  }
  // clicks up to three days after their share; a pool of 25 visitors clicks many shares a day
  const clicks: RefClick[] = [];
  for (let i = 0; i < 1200; i++) {
    const s = pick(shares);
    clicks.push({
      shareId: s.id,
      at: new Date(s.createdAt.getTime() + Math.floor(rand() * 3 * 86_400_000)),
      visitor: Math.floor(rand() * 25)
        .toString(16)
        .padStart(64, "0"),
      bot: rand() < 0.1,
    });
  }
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("click_events")
      .values(
        clicks.map((c) => ({
          tenant_id: tenantId,
          share_id: c.shareId,
          event_key: `k-${uniqueId()}`,
          clicked_at: c.at,
          visitor_hash: c.visitor,
          is_bot: c.bot,
          referrer_host: null,
        })),
      )
      .execute(),
  );
  return { tenantId, shares, clicks };
}

describe("reach rollup against a reference computation", () => {
  it.each([1, 2, 3])("writes exactly the reference rows for random programme %i", async (seed) => {
    const { tenantId, shares, clicks } = await randomProgramme(seed);
    const expected = reference(shares, clicks).sort();
    // several clicks of one visitor on several shares of a day: the case the unique counts are hardest in
    expect(
      new Set(clicks.filter((c) => !c.bot).map((c) => `${localDay.format(c.at)} ${c.visitor}`)).size,
    ).toBeLessThan(
      new Set(clicks.filter((c) => !c.bot).map((c) => `${localDay.format(c.at)} ${c.visitor} ${c.shareId}`))
        .size,
    );

    await rollupAll(db, tenantId);
    expect((await rolledUp(tenantId)).sort()).toEqual(expected);

    // one day again on its own (the incremental path): the same rows
    await rollupDays(db, tenantId, ["2026-03-29"]);
    expect((await rolledUp(tenantId)).sort()).toEqual(expected);

    // The programme changes, and everything is rolled up again over the existing rows (the rollup
    // writes only rows that differ): a share with clicks is deleted (its rows must go), one visitor's
    // clicks are deleted (rows shrink, several-shares visitors become single ones), another visitor
    // clicks two shares of a day more (rows grow, new rows appear).
    const gone = shares.find((s) => clicks.some((c) => c.shareId === s.id && !c.bot))!;
    const quiet = clicks.find((c) => !c.bot && c.shareId !== gone.id)!.visitor;
    const [a, b] = shares.filter((s) => s.id !== gone.id);
    const extra: RefClick[] = [a!, b!, a!].map((s) => ({
      shareId: s.id,
      at: new Date(a!.createdAt.getTime() + 3_600_000),
      visitor: "f".repeat(64),
      bot: false,
    }));
    await withTenant(db, tenantId, async (tx) => {
      await tx.deleteFrom("shares").where("id", "=", gone.id).execute();
      await tx.deleteFrom("click_events").where("visitor_hash", "=", quiet).execute();
      await tx
        .insertInto("click_events")
        .values(
          extra.map((c) => ({
            tenant_id: tenantId,
            share_id: c.shareId,
            event_key: `k-${uniqueId()}`,
            clicked_at: c.at,
            visitor_hash: c.visitor,
            is_bot: c.bot,
            referrer_host: null,
          })),
        )
        .execute();
    });
    const changed = reference(
      shares.filter((s) => s.id !== gone.id),
      [...clicks.filter((c) => c.shareId !== gone.id && c.visitor !== quiet), ...extra],
    ).sort();
    expect(changed).not.toEqual(expected);
    expect(changed.some((r) => r.includes(gone.id))).toBe(false);
    await rollupAll(db, tenantId);
    expect((await rolledUp(tenantId)).sort()).toEqual(changed);
  });
});
