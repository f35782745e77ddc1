import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { ReachDimension } from "~/db/tables/reach.ts";
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
} from "~/app/modules/reach/analytics.ts";
import { createHash } from "node:crypto";
import { todayIn } from "~/app/lib/days.ts";
import {
  cellKey,
  decideCells,
  decideSharerCounts,
  type CellDecision,
  type ContributorFact,
} from "~/app/modules/reach/group-privacy.ts";
import {
  programmeSharesInRange,
  showableGroups,
  SUMS,
  toFigures,
  type AnalyticsContext,
  type AnalyticsReport,
  type SumRow,
} from "~/app/modules/reach/analytics-parts.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { loadMonthlyAnalytics } from "~/app/modules/reach/month-units.server.ts";
import { completedMonths } from "~/app/modules/reach/month-units.ts";
import { readPeriodFigures } from "~/app/modules/reach/period-figures.server.ts";
import { periodBasis } from "~/app/modules/reach/periods.ts";

/**
 * Figures for the comms analytics page, its CSV export and "my impact". Everything is read from
 * reach_daily (the rollup's rows), never from click events; the shares table only answers who
 * shared at all (participation) and which shares are mine.
 *
 * Privacy: a team's figures (and the group of people without a team), and without a team filter the
 * programme's, are only read out when the group has at least min_group_size people in the programme
 * now. Beyond that every cell (totals, timeline bucket, post, network, team, their per-team
 * versions, participation) needs min_group_size distinct people behind it in the range, with
 * subtraction protection (group-privacy.ts); held-back figures never leave this module. Member rows
 * are read only for the member themself. In the strict works-council mode the range is whole months
 * and each cell counts only its months with enough people (month-units.ts), so two overlapping
 * ranges cannot be subtracted down to a day; with the mode off that differencing stays possible.
 *
 * The range presets ending today are precomputed by the rollup (period-rollup.server.ts): the same
 * decisions and sums, read from reach_period_figures while their basis holds; any other range,
 * and a preset whose basis changed, is computed here from reach_daily.
 */

/** Opted-in (consent not withdrawn), active members per team now; '' = without a team. */
export async function groupSizes(tx: Tx, tenantId: string): Promise<Map<string, number>> {
  return (await programmeGroups(tx, tenantId)).sizes;
}

/**
 * groupSizes, and who they are: `people` is a digest of every group's membership ids, so a stored
 * period's sharer counts (who shared, by their team now) are used only while the same people are
 * in the same groups, not merely as many (periods.ts periodBasis).
 */
export async function programmeGroups(
  tx: Tx,
  tenantId: string,
): Promise<{ sizes: Map<string, number>; people: string }> {
  const { rows } = await sql<{ key: string; people: number; ids: string }>`
    SELECT coalesce(m.team_id::text, '') AS key, count(*)::int AS people,
           md5(string_agg(m.id::text, ',' ORDER BY m.id)) AS ids
    FROM memberships m
    WHERE m.tenant_id = ${tenantId} AND m.status = 'active'
      AND EXISTS (SELECT 1 FROM advocacy_consents c
                  WHERE c.tenant_id = m.tenant_id AND c.membership_id = m.id AND c.withdrawn_at IS NULL)
    GROUP BY 1 ORDER BY 1`.execute(tx);
  const people = createHash("sha256")
    .update(rows.map((r) => `${r.key}:${r.ids}`).join(","))
    .digest("hex");
  return { sizes: new Map(rows.map((r) => [r.key, r.people])), people };
}

/** The timeline bucket of reach_daily's r.day in the range: the day, or its week's first day in the range. */
export function bucketSql(from: string, to: string) {
  return bucketOf(from, to) === "week"
    ? sql`greatest(date_trunc('week', r.day::timestamp)::date, ${from}::date)`
    : sql`r.day`;
}

/** One row series (dimension + key) summed per bucket, every bucket present (zeros where nothing happened). */
export async function timeline(
  tx: Tx,
  tenantId: string,
  series: { dimension: ReachDimension; key: string },
  from: string,
  to: string,
): Promise<TimelinePoint[]> {
  const { rows } = await sql<SumRow & { start: string }>`
    SELECT ${bucketSql(from, to)} AS start, ${SUMS}
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
async function ranked(
  tx: Tx,
  tenantId: string,
  dimension: "post" | "network",
  scope: string,
  from: string,
  to: string,
  limit: number | null,
): Promise<Ranked[]> {
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

export async function postFigures(
  tx: Tx,
  tenantId: string,
  scope: string,
  from: string,
  to: string,
  limit: number | null,
): Promise<PostFigures[]> {
  return withTitles(tx, tenantId, postRows(await ranked(tx, tenantId, "post", scope, from, to, limit)));
}

const postRows = (rows: readonly Ranked[]) => rows.map((r) => ({ postId: r.key, ...toFigures(r) }));

/** Post rows with their posts' titles. */
async function withTitles<T extends { postId: string }>(
  tx: Tx,
  tenantId: string,
  rows: readonly T[],
): Promise<(T & { title: string })[]> {
  if (rows.length === 0) return [];
  // keys are text: only well-formed ids go into the uuid comparison (a stray key must not break the page)
  const ids = rows.map((r) => r.postId).filter((k) => UUID.test(k));
  const titles =
    ids.length === 0
      ? []
      : await tx
          .selectFrom("posts")
          .select(["id", "title"])
          .where("tenant_id", "=", tenantId)
          .where("id", "in", ids)
          .execute();
  const titleOf = new Map(titles.map((p) => [p.id, p.title]));
  // postId and title first, as the rows have always been (the page's data reads the same)
  return rows.map((r) => Object.assign({ postId: r.postId, title: titleOf.get(r.postId) ?? "" }, r));
}

export async function networkFigures(
  tx: Tx,
  tenantId: string,
  scope: string,
  from: string,
  to: string,
): Promise<NetworkFigures[]> {
  const rows = await ranked(tx, tenantId, "network", scope, from, to, null);
  return rows.map((r) => ({ network: r.key, ...toFigures(r) }));
}

/**
 * Every team of the tenant (and the no-team group when it has people or figures), figures only for
 * the groups `isShown` lets through (group-privacy.ts). Teams that no longer exist are left out.
 * `sums`: the range's team sums, precomputed (read from reach_daily otherwise).
 */
export async function teamFigures(
  tx: Tx,
  tenantId: string,
  teams: readonly { id: string; name: string }[],
  sizes: Map<string, number>,
  isShown: (teamKey: string) => boolean,
  from: string,
  to: string,
  only?: string,
  sums?: ReadonlyMap<string, Figures>,
): Promise<TeamFigures[]> {
  const groups: { teamId: string; name: string | null }[] = teams.map((t) => ({
    teamId: t.id,
    name: t.name,
  }));
  const visibleKeys = [...groups.map((g) => g.teamId), ""].filter(
    (key) => (only === undefined || key === only) && isShown(key),
  );
  const figures = new Map<string, Figures>();
  if (sums) for (const key of visibleKeys) if (sums.has(key)) figures.set(key, sums.get(key)!);
  if (!sums && visibleKeys.length > 0) {
    const { rows } = await sql<Ranked>`
      SELECT r.key, ${SUMS}
      FROM reach_daily r
      WHERE r.tenant_id = ${tenantId} AND r.dimension = 'team' AND r.team_scope = ''
        AND r.key IN (${sql.join(visibleKeys)})
        AND r.day BETWEEN ${from}::date AND ${to}::date
      GROUP BY r.key`.execute(tx);
    for (const r of rows) figures.set(r.key, toFigures(r));
  }
  if (only === undefined && ((sizes.get("") ?? 0) > 0 || visibleKeys.includes("")))
    groups.push({ teamId: "", name: null });
  return groups
    .filter((g) => only === undefined || g.teamId === only)
    .map((g) => {
      const visible = visibleKeys.includes(g.teamId);
      return {
        ...g,
        tooSmall: !visible,
        figures: visible ? (figures.get(g.teamId) ?? { ...ZERO_FIGURES }) : null,
      };
    });
}

/**
 * The people in the programme now who made at least one share in the range, with their team now
 * ('' = none): the participation count, per group.
 */
export async function sharersInRange(
  tx: Tx,
  tenantId: string,
  timeZone: string,
  from: string,
  to: string,
): Promise<Map<string, string>> {
  const { rows } = await sql<{ person: string; team: string }>`
    SELECT DISTINCT s.membership_id::text AS person, coalesce(m.team_id::text, '') AS team
    ${programmeSharesInRange(tenantId, timeZone, from, to)}`.execute(tx);
  return new Map(rows.map((r) => [r.person, r.team]));
}

/**
 * sharersInRange counted per group (team now, '' = none): what the page's participation needs.
 */
export async function sharerCounts(
  tx: Tx,
  tenantId: string,
  timeZone: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ team: string; people: number }>`
    SELECT coalesce(m.team_id::text, '') AS team, count(DISTINCT s.membership_id)::int AS people
    ${programmeSharesInRange(tenantId, timeZone, from, to)}
    GROUP BY 1`.execute(tx);
  return new Map(rows.map((r) => [r.team, r.people]));
}

/**
 * The people behind the range's figures: one row per share that contributed to them (made in the
 * range, or clicked in it: the rollup's share rows of those days), with the cells it counts toward.
 * Reads the share rows through reach_daily_range_idx (index-only) and the shares by primary key:
 * the work grows with shares active in the range, never with clicks.
 */
export async function contributorFacts(
  tx: Tx,
  tenantId: string,
  from: string,
  to: string,
): Promise<ContributorFact[]> {
  const { rows } = await sql<ContributorFact>`
    SELECT DISTINCT coalesce(s.membership_id::text, '') AS person, s.post_id::text AS post, s.network::text AS network,
           coalesce(s.team_id::text, '') AS team, (${bucketSql(from, to)})::text AS bucket
    FROM reach_daily r
    JOIN shares s ON s.tenant_id = r.tenant_id AND s.id = r.key::uuid
    WHERE r.tenant_id = ${tenantId} AND r.dimension = 'share' AND r.team_scope = ''
      AND r.day BETWEEN ${from}::date AND ${to}::date`.execute(tx);
  return rows;
}

/** The cell decisions of one range (group-privacy.ts), and the groups whose view is open in it. */
export async function rangePrivacy(
  tx: Tx,
  tenantId: string,
  teams: readonly { id: string }[],
  sizes: Map<string, number>,
  minGroupSize: number,
  from: string,
  to: string,
) {
  const byMembers = showableGroups(teams, sizes, minGroupSize);
  const cells = decideCells(await contributorFacts(tx, tenantId, from, to), minGroupSize, byMembers);
  return { cells, openTeams: openGroups(byMembers, cells) };
}

/** The groups open by their people in the programme whose team cell is shown in the range. */
function openGroups(byMembers: ReadonlySet<string>, cells: CellDecision): Set<string> {
  return new Set([...byMembers].filter((g) => cells.shown(cellKey.team(g))));
}

/** Splits ranked rows into the shown ones and the hidden ones merged (null when none are hidden). */
function splitShown<T extends Figures>(
  rows: readonly T[],
  shown: (row: T) => boolean,
  limit: number | null,
): { rows: T[]; other: Figures | null } {
  const visible = rows.filter(shown);
  const hidden = rows.filter((r) => !shown(r));
  return {
    rows: limit === null ? visible : visible.slice(0, limit),
    other: hidden.length > 0 ? sumFigures(hidden) : null,
  };
}

/** How many top posts the page lists; the CSV export has them all. */
export const TOP_POSTS = 20;

/**
 * The comms analytics page: a handful of set-based queries on reach_daily and shares. Every cell
 * goes through group-privacy.ts: figures of cells with too few people behind them are dropped
 * here and never leave this module (loader data and CSV are built from this report).
 */
export async function loadAnalytics(
  tx: Tx,
  ctx: AnalyticsContext,
  query: AnalyticsQuery,
  options: { postsLimit?: number | null } = {},
): Promise<AnalyticsReport> {
  const { from, to } = query;
  const settings = await getReachSettings(tx, ctx.tenantId);
  // the strict works-council mode raises a small configured minimum (privacy/strict-mode.ts)
  const policy = await loadFigurePolicy(tx, ctx.tenantId);
  const min = policy.minGroupSize(settings.minGroupSize);
  const { sizes, people } = await programmeGroups(tx, ctx.tenantId);
  const teams = await listTeams(tx, ctx.tenantId);
  // strict mode: whole calendar months, each counted only with enough people (month-units.ts)
  // and only completed ones: the running month is not counted until it is over
  const months = policy.strict ? completedMonths(from, to, ctx.today ?? todayIn(ctx.timeZone)) : null;
  const range: AnalyticsReport["range"] = months
    ? {
        ...months.whole,
        bucket: bucketOf(months.whole.from, months.whole.to),
        wholeMonths: { requested: { from, to }, ...(months.running ? { running: months.running } : {}) },
      }
    : { from, to, bucket: bucketOf(from, to) };
  const base = { range, currency: settings.currency, minGroupSize: min, teams };
  const closed = { programmeTooSmall: false, tooFewContributors: false, figures: null, teamRows: [] };

  // The programme is a group too: with fewer people than the minimum, its totals, posts and
  // networks would be close to individual figures.
  const programmeSize = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (query.team === undefined && programmeSize < min)
    return { ...base, team: null, ...closed, programmeTooSmall: true };
  if (months)
    return loadMonthlyAnalytics(
      tx,
      ctx,
      { ...query, ...months.counted },
      {
        base,
        sizes,
        programmeSize,
        running: months.running,
        postsLimit: options.postsLimit === undefined ? TOP_POSTS : options.postsLimit,
      },
    );

  // a precomputed preset (the decisions of the same facts, min and groups), or the range computed here
  const period = await readPeriodFigures(
    tx,
    ctx.tenantId,
    { from, to },
    periodBasis(min, teams, sizes, people),
    query.team ?? "",
  );
  const { cells, openTeams } = period
    ? { cells: period.cells, openTeams: openGroups(showableGroups(teams, sizes, min), period.cells) }
    : await rangePrivacy(tx, ctx.tenantId, teams, sizes, min, from, to);
  let team: AnalyticsReport["team"] = null;
  if (query.team !== undefined) {
    const found = teams.find((t) => t.id === query.team);
    // a team of another tenant, or deleted: the same as "too small" (nothing to show, nothing revealed)
    const tooSmall = !found || !openTeams.has(found.id);
    team = { id: query.team, name: found?.name ?? "", tooSmall };
    if (tooSmall) return { ...base, team, ...closed };
  } else if (cells.people(cellKey.total) > 0 && !cells.shown(cellKey.total)) {
    return { ...base, team, ...closed, tooFewContributors: true };
  }

  const scopeTeam = team?.id;
  // nobody behind the range's figures (the programme's view: a team's is closed then): nothing
  // happened, and zeros say so without any rows read (no figure can be without a person behind it)
  const nobody = cells.people(cellKey.total) === 0;
  const shown = (d: "post" | "network" | "bucket", x: string) => cells.shown(cellKey.of(d, x, scopeTeam));
  const series = team
    ? { dimension: "team" as const, key: team.id }
    : { dimension: "tenant" as const, key: "" };
  const scope = team?.id ?? "";
  const allPoints = nobody
    ? bucketStarts(from, to).map((start) => ({ start, ...ZERO_FIGURES }))
    : period
      ? bucketStarts(from, to).map((start) => ({ start, ...(period.timeline.get(start) ?? ZERO_FIGURES) }))
      : await timeline(tx, ctx.tenantId, series, from, to);
  const points = nobody
    ? allPoints
    : allPoints.map((p) =>
        shown("bucket", p.start) ? p : { start: p.start, ...ZERO_FIGURES, tooFew: true },
      );
  const limit = options.postsLimit === undefined ? TOP_POSTS : options.postsLimit;
  // titles only for the rows shown (the held-back ones are merged into one row without a name)
  const postSplit = nobody
    ? { rows: [], other: null }
    : splitShown(
        postRows(period ? period.ranked.post : await ranked(tx, ctx.tenantId, "post", scope, from, to, null)),
        (p) => shown("post", p.postId),
        limit,
      );
  const posts = { rows: await withTitles(tx, ctx.tenantId, postSplit.rows), other: postSplit.other };
  const networks = nobody
    ? { rows: [], other: null }
    : splitShown(
        period
          ? period.ranked.network.map((r) => ({ network: r.key, ...toFigures(r) }))
          : await networkFigures(tx, ctx.tenantId, scope, from, to),
        (n) => shown("network", n.network),
        null,
      );
  const teamRows = await teamFigures(
    tx,
    ctx.tenantId,
    teams,
    sizes,
    (key) => openTeams.has(key),
    from,
    to,
    team?.id,
    period?.teams,
  );
  const sharers = period ? period.sharers : await sharerCounts(tx, ctx.tenantId, ctx.timeZone, from, to);
  const shownSharers = decideSharerCounts(sharers, min, openTeams);
  const sharerCount = team ? (sharers.get(team.id) ?? 0) : [...sharers.values()].reduce((a, b) => a + b, 0);
  const optedIn = team ? (sizes.get(team.id) ?? 0) : programmeSize;
  return {
    ...base,
    team,
    programmeTooSmall: false,
    tooFewContributors: false,
    figures: {
      totals: sumFigures(allPoints),
      timeline: points,
      posts: posts.rows,
      postsOther: posts.other,
      networks: networks.rows,
      networksOther: networks.other,
      participation: { sharers: shownSharers.has(team ? team.id : "*") ? sharerCount : null, optedIn },
    },
    teamRows,
  };
}

/**
 * One table of the page for the CSV export: the same functions and filters as the page, so the
 * same numbers; posts without the page's top-N cut. Null when the chosen team is too small.
 */
export async function loadAnalyticsTable(
  tx: Tx,
  ctx: AnalyticsContext,
  query: AnalyticsQuery,
  table: AnalyticsTable,
): Promise<{ report: AnalyticsReport; data: AnalyticsTableData | null }> {
  const report = await loadAnalytics(tx, ctx, query, { postsLimit: table === "posts" ? null : TOP_POSTS });
  const f = report.figures;
  if (!f) return { report, data: null };
  switch (table) {
    case "timeline":
      return { report, data: { table, rows: f.timeline } };
    case "posts":
      return { report, data: { table, rows: f.posts, other: f.postsOther } };
    case "networks":
      return { report, data: { table, rows: f.networks, other: f.networksOther } };
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
export async function loadMyImpact(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  range: { from: string; to: string },
  recent = 20,
): Promise<MyImpact> {
  const settings = await getReachSettings(tx, tenantId);
  const points = await timeline(
    tx,
    tenantId,
    { dimension: "member", key: membershipId },
    range.from,
    range.to,
  );
  const shares = await tx
    .selectFrom("shares as s")
    .innerJoin("posts as p", (j) =>
      j.onRef("p.id", "=", "s.post_id").onRef("p.tenant_id", "=", "s.tenant_id"),
    )
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
    recentShares: shares.map((s) => ({
      shareId: s.id,
      postTitle: s.title,
      network: s.network,
      createdAt: s.created_at,
      ...(figures.get(s.id) ?? ZERO_FIGURES),
    })),
  };
}

/** The team filter's choices (also when the filters are invalid and nothing else is loaded). */
export async function listTeams(tx: Tx, tenantId: string): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom("teams")
    .select(["id", "name"])
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .execute();
}
