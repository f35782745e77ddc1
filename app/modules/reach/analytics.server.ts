import { sql } from "kysely";
import type { Tx } from "../../../db/client.ts";
import type { ReachDimension } from "../../../db/tables/reach.ts";
import {
  bucketOf,
  bucketStarts,
  sumFigures,
  ZERO_FIGURES,
  type AnalyticsQuery,
  type AnalyticsTable,
  type AnalyticsTableData,
  type Figures,
  type NetworkFigures,
  type PostFigures,
  type TeamFigures,
  type TimelinePoint,
} from "./analytics.ts";
import { getReachSettings } from "./settings.server.ts";

/**
 * Figures for the comms analytics page, its CSV export and "my impact". Everything is read from
 * reach_daily (the rollup's rows), never from click events; the shares table only answers who
 * shared at all (participation) and which shares are mine.
 *
 * Privacy: a team's figures (and the group of people without a team), and without a team filter the
 * programme's, are only read out when the group has at least min_group_size people in the programme
 * now; otherwise they never leave this module. Member rows are read only for the member themself.
 */

interface SumRow {
  shares: number | string;
  clicks: number | string;
  unique_visitors: number | string;
  impressions_measured: number | string;
  impressions_estimated: number | string;
  earned_media: number | string;
}

const SUMS = sql`coalesce(sum(r.shares), 0)::bigint AS shares,
  coalesce(sum(r.clicks), 0)::bigint AS clicks,
  coalesce(sum(r.unique_visitors), 0)::bigint AS unique_visitors,
  coalesce(sum(r.impressions_measured), 0)::bigint AS impressions_measured,
  coalesce(sum(r.impressions_estimated), 0)::bigint AS impressions_estimated,
  coalesce(sum(r.earned_media), 0)::numeric(16, 2) AS earned_media`;

function toFigures(row: SumRow): Figures {
  return {
    shares: Number(row.shares),
    clicks: Number(row.clicks),
    uniqueVisitors: Number(row.unique_visitors),
    impressionsMeasured: Number(row.impressions_measured),
    impressionsEstimated: Number(row.impressions_estimated),
    earnedMedia: Math.round(Number(row.earned_media) * 100) / 100,
  };
}

/** Opted-in (consent not withdrawn), active members per team now; '' = without a team. */
export async function groupSizes(tx: Tx, tenantId: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ key: string; people: number }>`
    SELECT coalesce(m.team_id::text, '') AS key, count(*)::int AS people
    FROM memberships m
    WHERE m.tenant_id = ${tenantId} AND m.status = 'active'
      AND EXISTS (SELECT 1 FROM advocacy_consents c
                  WHERE c.tenant_id = m.tenant_id AND c.membership_id = m.id AND c.withdrawn_at IS NULL)
    GROUP BY 1`.execute(tx);
  return new Map(rows.map((r) => [r.key, r.people]));
}

/** One row series (dimension + key) summed per bucket, every bucket present (zeros where nothing happened). */
export async function timeline(tx: Tx, tenantId: string, series: { dimension: ReachDimension; key: string }, from: string, to: string): Promise<TimelinePoint[]> {
  const weekly = bucketOf(from, to) === "week";
  const bucket = weekly ? sql`greatest(date_trunc('week', r.day::timestamp)::date, ${from}::date)` : sql`r.day`;
  const { rows } = await sql<SumRow & { start: string }>`
    SELECT ${bucket} AS start, ${SUMS}
    FROM reach_daily r
    WHERE r.tenant_id = ${tenantId} AND r.dimension = ${series.dimension} AND r.team_scope = '' AND r.key = ${series.key}
      AND r.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1 ORDER BY 1`.execute(tx);
  const byStart = new Map(rows.map((r) => [String(r.start), toFigures(r)]));
  return bucketStarts(from, to).map((start) => ({ start, ...(byStart.get(start) ?? ZERO_FIGURES) }));
}

type Ranked = SumRow & { key: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** post or network rows of the range, for all shares (scope '') or one team's shares, ranked. */
async function ranked(tx: Tx, tenantId: string, dimension: "post" | "network", scope: string, from: string, to: string, limit: number | null): Promise<Ranked[]> {
  const { rows } = await sql<Ranked>`
    SELECT r.key, ${SUMS}
    FROM reach_daily r
    WHERE r.tenant_id = ${tenantId} AND r.dimension = ${dimension} AND r.team_scope = ${scope}
      AND r.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY r.key
    ORDER BY sum(r.clicks) DESC, sum(r.impressions_measured + r.impressions_estimated) DESC, sum(r.shares) DESC, r.key
    ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(tx);
  return rows;
}

export async function postFigures(tx: Tx, tenantId: string, scope: string, from: string, to: string, limit: number | null): Promise<PostFigures[]> {
  const rows = await ranked(tx, tenantId, "post", scope, from, to, limit);
  if (rows.length === 0) return [];
  // keys are text: only well-formed ids go into the uuid comparison (a stray key must not break the page)
  const ids = rows.map((r) => r.key).filter((k) => UUID.test(k));
  const titles = ids.length === 0 ? [] : await tx.selectFrom("posts").select(["id", "title"]).where("tenant_id", "=", tenantId).where("id", "in", ids).execute();
  const titleOf = new Map(titles.map((p) => [p.id, p.title]));
  return rows.map((r) => ({ postId: r.key, title: titleOf.get(r.key) ?? "", ...toFigures(r) }));
}

export async function networkFigures(tx: Tx, tenantId: string, scope: string, from: string, to: string): Promise<NetworkFigures[]> {
  const rows = await ranked(tx, tenantId, "network", scope, from, to, null);
  return rows.map((r) => ({ network: r.key, ...toFigures(r) }));
}

/**
 * Every team of the tenant (and the no-team group when it has people or figures), figures only for
 * groups of at least `minGroupSize` people now. Teams that no longer exist are left out.
 */
export async function teamFigures(
  tx: Tx,
  tenantId: string,
  teams: readonly { id: string; name: string }[],
  sizes: Map<string, number>,
  minGroupSize: number,
  from: string,
  to: string,
  only?: string,
): Promise<TeamFigures[]> {
  const groups: { teamId: string; name: string | null }[] = teams.map((t) => ({ teamId: t.id, name: t.name }));
  const shown = showableGroups(teams, sizes, minGroupSize);
  const visibleKeys = [...groups.map((g) => g.teamId), ""].filter((key) => (only === undefined || key === only) && shown.has(key));
  const figures = new Map<string, Figures>();
  if (visibleKeys.length > 0) {
    const { rows } = await sql<Ranked>`
      SELECT r.key, ${SUMS}
      FROM reach_daily r
      WHERE r.tenant_id = ${tenantId} AND r.dimension = 'team' AND r.team_scope = ''
        AND r.key IN (${sql.join(visibleKeys)})
        AND r.day BETWEEN ${from}::date AND ${to}::date
      GROUP BY r.key`.execute(tx);
    for (const r of rows) figures.set(r.key, toFigures(r));
  }
  if (only === undefined && ((sizes.get("") ?? 0) > 0 || figures.has(""))) groups.push({ teamId: "", name: null });
  return groups
    .filter((g) => only === undefined || g.teamId === only)
    .map((g) => {
      const visible = visibleKeys.includes(g.teamId);
      return { ...g, tooSmall: !visible, figures: visible ? (figures.get(g.teamId) ?? { ...ZERO_FIGURES }) : null };
    });
}

/**
 * The groups (team ids, '' = without a team) whose figures may be shown. A group needs at least
 * `minGroupSize` people in the programme. And since the programme's totals are shown too, the
 * hidden groups together must not be a small group either: programme − visible teams would give
 * their figures by subtraction. So while the hidden people are more than none but fewer than the
 * minimum, the smallest shown group is hidden as well (the same set for the table and the filter).
 */
export function showableGroups(teams: readonly { id: string }[], sizes: Map<string, number>, minGroupSize: number): Set<string> {
  const keys = [...teams.map((t) => t.id), ""];
  const shown = new Set(keys.filter((key) => (sizes.get(key) ?? 0) >= minGroupSize));
  const hiddenPeople = () => keys.filter((key) => !shown.has(key)).reduce((sum, key) => sum + (sizes.get(key) ?? 0), 0);
  while (shown.size > 0 && hiddenPeople() > 0 && hiddenPeople() < minGroupSize) {
    const smallest = [...shown].sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0) || a.localeCompare(b))[0]!;
    shown.delete(smallest);
  }
  return shown;
}

/** Members in the programme now (optionally of one team) who made at least one share in the range. */
export async function sharersInRange(tx: Tx, tenantId: string, timeZone: string, from: string, to: string, teamId?: string): Promise<number> {
  const { rows } = await sql<{ sharers: number }>`
    SELECT count(DISTINCT s.membership_id)::int AS sharers
    FROM shares s
    JOIN memberships m ON m.tenant_id = s.tenant_id AND m.id = s.membership_id AND m.status = 'active'
    WHERE s.tenant_id = ${tenantId}
      AND s.created_at >= (${from}::date::timestamp AT TIME ZONE ${timeZone})
      AND s.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE ${timeZone})
      ${teamId === undefined ? sql`` : sql`AND m.team_id = ${teamId}`}
      AND EXISTS (SELECT 1 FROM advocacy_consents c
                  WHERE c.tenant_id = m.tenant_id AND c.membership_id = m.id AND c.withdrawn_at IS NULL)`.execute(tx);
  return rows[0]?.sharers ?? 0;
}

export interface AnalyticsContext {
  tenantId: string;
  timeZone: string;
}

export interface AnalyticsReport {
  range: { from: string; to: string; bucket: "day" | "week" };
  currency: string;
  minGroupSize: number;
  /** the team filter's choices */
  teams: { id: string; name: string }[];
  /** the chosen team; tooSmall: nothing below is filled */
  team: { id: string; name: string; tooSmall: boolean } | null;
  /** fewer people in the whole programme than the minimum group size: nothing below is filled */
  programmeTooSmall: boolean;
  /** null when the chosen team is too small to show */
  figures: {
    totals: Figures;
    timeline: TimelinePoint[];
    posts: PostFigures[];
    networks: NetworkFigures[];
    participation: { sharers: number; optedIn: number };
  } | null;
  teamRows: TeamFigures[];
}

/** How many top posts the page lists; the CSV export has them all. */
export const TOP_POSTS = 20;

/** The comms analytics page: a handful of set-based queries on reach_daily and shares. */
export async function loadAnalytics(tx: Tx, ctx: AnalyticsContext, query: AnalyticsQuery, options: { postsLimit?: number | null } = {}): Promise<AnalyticsReport> {
  const { from, to } = query;
  const settings = await getReachSettings(tx, ctx.tenantId);
  const sizes = await groupSizes(tx, ctx.tenantId);
  const teams = await listTeams(tx, ctx.tenantId);
  const base = { range: { from, to, bucket: bucketOf(from, to) }, currency: settings.currency, minGroupSize: settings.minGroupSize, teams };

  let team: AnalyticsReport["team"] = null;
  if (query.team !== undefined) {
    const found = teams.find((t) => t.id === query.team);
    // a team of another tenant, or deleted: the same as "too small" (nothing to show, nothing revealed)
    const tooSmall = !found || !showableGroups(teams, sizes, settings.minGroupSize).has(found.id);
    team = { id: query.team, name: found?.name ?? "", tooSmall };
    if (tooSmall) return { ...base, team, programmeTooSmall: false, figures: null, teamRows: [] };
  }
  // The programme is a group too: with fewer people than the minimum, its totals, posts and
  // networks would be close to individual figures.
  const programmeSize = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (!team && programmeSize < settings.minGroupSize) return { ...base, team, programmeTooSmall: true, figures: null, teamRows: [] };

  const series = team ? { dimension: "team" as const, key: team.id } : { dimension: "tenant" as const, key: "" };
  const scope = team?.id ?? "";
  const points = await timeline(tx, ctx.tenantId, series, from, to);
  const posts = await postFigures(tx, ctx.tenantId, scope, from, to, options.postsLimit === undefined ? TOP_POSTS : options.postsLimit);
  const networks = await networkFigures(tx, ctx.tenantId, scope, from, to);
  const teamRows = await teamFigures(tx, ctx.tenantId, teams, sizes, settings.minGroupSize, from, to, team?.id);
  const sharers = await sharersInRange(tx, ctx.tenantId, ctx.timeZone, from, to, team?.id);
  const optedIn = team ? (sizes.get(team.id) ?? 0) : programmeSize;
  return { ...base, team, programmeTooSmall: false, figures: { totals: sumFigures(points), timeline: points, posts, networks, participation: { sharers, optedIn } }, teamRows };
}

/**
 * One table of the page for the CSV export: the same functions and filters as the page, so the
 * same numbers; posts without the page's top-N cut. Null when the chosen team is too small.
 */
export async function loadAnalyticsTable(tx: Tx, ctx: AnalyticsContext, query: AnalyticsQuery, table: AnalyticsTable): Promise<{ report: AnalyticsReport; data: AnalyticsTableData | null }> {
  const report = await loadAnalytics(tx, ctx, query, { postsLimit: table === "posts" ? null : TOP_POSTS });
  const f = report.figures;
  if (!f) return { report, data: null };
  switch (table) {
    case "timeline":
      return { report, data: { table, rows: f.timeline } };
    case "posts":
      return { report, data: { table, rows: f.posts } };
    case "networks":
      return { report, data: { table, rows: f.networks } };
    case "teams":
      return { report, data: { table, rows: report.teamRows } };
  }
}

export interface MyShare extends Figures {
  shareId: string;
  postTitle: string;
  network: string;
  createdAt: Date;
}

export interface MyImpact {
  range: { from: string; to: string; bucket: "day" | "week" };
  currency: string;
  /** has the member ever shared (empty state otherwise) */
  hasShared: boolean;
  totals: Figures;
  timeline: TimelinePoint[];
  recentShares: MyShare[];
}

/** "My impact": the member's own rows (dimension 'member') and their latest shares with each share's figures to date. */
export async function loadMyImpact(tx: Tx, tenantId: string, membershipId: string, range: { from: string; to: string }, recent = 20): Promise<MyImpact> {
  const settings = await getReachSettings(tx, tenantId);
  const points = await timeline(tx, tenantId, { dimension: "member", key: membershipId }, range.from, range.to);
  const shares = await tx
    .selectFrom("shares as s")
    .innerJoin("posts as p", (j) => j.onRef("p.id", "=", "s.post_id").onRef("p.tenant_id", "=", "s.tenant_id"))
    .select(["s.id", "s.network", "s.created_at", "p.title"])
    .where("s.tenant_id", "=", tenantId)
    .where("s.membership_id", "=", membershipId)
    .orderBy("s.created_at", "desc")
    .limit(recent)
    .execute();
  const figures = new Map<string, Figures>();
  if (shares.length > 0) {
    const { rows } = await sql<Ranked>`
      SELECT r.key, ${SUMS}
      FROM reach_daily r
      WHERE r.tenant_id = ${tenantId} AND r.dimension = 'share' AND r.team_scope = ''
        AND r.key IN (${sql.join(shares.map((s) => s.id))})
      GROUP BY r.key`.execute(tx);
    for (const r of rows) figures.set(r.key, toFigures(r));
  }
  return {
    range: { ...range, bucket: bucketOf(range.from, range.to) },
    currency: settings.currency,
    hasShared: shares.length > 0,
    totals: sumFigures(points),
    timeline: points,
    recentShares: shares.map((s) => ({ shareId: s.id, postTitle: s.title, network: s.network, createdAt: s.created_at, ...(figures.get(s.id) ?? ZERO_FIGURES) })),
  };
}

/** The team filter's choices (also when the filters are invalid and nothing else is loaded). */
export async function listTeams(tx: Tx, tenantId: string): Promise<{ id: string; name: string }[]> {
  return tx.selectFrom("teams").select(["id", "name"]).where("tenant_id", "=", tenantId).orderBy("name").execute();
}
