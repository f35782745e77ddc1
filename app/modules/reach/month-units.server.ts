import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { ReachDimension } from "~/db/tables/reach.ts";
import {
  sumFigures,
  ZERO_FIGURES,
  type AnalyticsQuery,
  type TeamFigures,
  type TimelinePoint,
} from "~/app/modules/reach/analytics.ts";
import {
  programmeSharesInRange,
  showableGroups,
  SUMS,
  toFigures,
  type AnalyticsContext,
  type AnalyticsReport,
  type SumRow,
} from "~/app/modules/reach/analytics-parts.server.ts";
import { cellKey, decideSharers, type ContributorFact } from "~/app/modules/reach/group-privacy.ts";
import {
  decideMonths,
  monthlyTable,
  monthStarts,
  sumShownMonths,
  type MonthRow,
} from "~/app/modules/reach/month-units.ts";

/**
 * The analytics report of the strict works-council mode, in whole months (month-units.ts says why).
 * The same reach_daily rows as the day/week report, grouped by month in SQL: the work grows with
 * the keys × months of the range (at most 37 months), never with clicks.
 */

const MONTH = sql`to_char(date_trunc('month', r.day::timestamp), 'YYYY-MM-DD')`;

/** The people behind the range's figures per month (contributorFacts with the month as bucket). */
export async function monthFacts(
  tx: Tx,
  tenantId: string,
  from: string,
  to: string,
): Promise<ContributorFact[]> {
  const { rows } = await sql<ContributorFact>`
    SELECT DISTINCT coalesce(s.membership_id::text, '') AS person, s.post_id::text AS post, s.network::text AS network,
           coalesce(s.team_id::text, '') AS team, ${MONTH} AS bucket
    FROM reach_daily r
    JOIN shares s ON s.tenant_id = r.tenant_id AND s.id = r.key::uuid
    WHERE r.tenant_id = ${tenantId} AND r.dimension = 'share' AND r.team_scope = ''
      AND r.day BETWEEN ${from}::date AND ${to}::date`.execute(tx);
  return rows;
}

/** One dimension's rows of a scope summed per key and month (keys: only these; null: all). */
export async function monthRows(
  tx: Tx,
  tenantId: string,
  dimension: ReachDimension,
  scope: string,
  keys: readonly string[] | null,
  from: string,
  to: string,
): Promise<MonthRow[]> {
  if (keys !== null && keys.length === 0) return [];
  const { rows } = await sql<SumRow & { key: string; month: string }>`
    SELECT r.key, ${MONTH} AS month, ${SUMS}
    FROM reach_daily r
    WHERE r.tenant_id = ${tenantId} AND r.dimension = ${dimension} AND r.team_scope = ${scope}
      ${keys === null ? sql`` : sql`AND r.key IN (${sql.join([...keys])})`}
      AND r.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1, 2`.execute(tx);
  return rows.map((r) => ({ key: r.key, month: r.month, figures: toFigures(r) }));
}

/** The people in the programme now who shared in each month, with their team now ('' = none). */
async function monthSharers(
  tx: Tx,
  tenantId: string,
  timeZone: string,
  from: string,
  to: string,
): Promise<{ person: string; team: string; month: string }[]> {
  const { rows } = await sql<{ person: string; team: string; month: string }>`
    SELECT DISTINCT s.membership_id::text AS person, coalesce(m.team_id::text, '') AS team,
           to_char(date_trunc('month', s.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS month
    ${programmeSharesInRange(tenantId, timeZone, from, to)}`.execute(tx);
  return rows;
}

/**
 * The report for a range already widened to whole months and cut before the running month
 * (loadAnalytics checked the programme's size; `running`: that month, listed as not counted).
 * Every figure is a sum of (cell, month) units that each pass group-privacy.ts on their month's
 * own people; the rest is left out and counted in monthsLeftOut.
 */
export async function loadMonthlyAnalytics(
  tx: Tx,
  ctx: AnalyticsContext,
  query: AnalyticsQuery,
  opts: {
    base: Omit<AnalyticsReport, "team" | "programmeTooSmall" | "tooFewContributors" | "figures" | "teamRows">;
    sizes: Map<string, number>;
    programmeSize: number;
    postsLimit: number | null;
    running?: string | null;
  },
): Promise<AnalyticsReport> {
  const { from, to } = query;
  const { base, sizes, programmeSize } = opts;
  const min = base.minGroupSize;
  const teams = base.teams;
  const closed = { programmeTooSmall: false, tooFewContributors: false, figures: null, teamRows: [] };
  const byMembers = showableGroups(teams, sizes, min);
  const decisions = decideMonths(await monthFacts(tx, ctx.tenantId, from, to), min, byMembers);
  const anyMonth = (cell: string) => [...decisions.values()].some((d) => d.shown(cell));
  const openTeams = new Set([...byMembers].filter((g) => anyMonth(cellKey.team(g))));

  let team: AnalyticsReport["team"] = null;
  if (query.team !== undefined) {
    const found = teams.find((t) => t.id === query.team);
    const tooSmall = !found || !openTeams.has(found.id);
    team = { id: query.team, name: found?.name ?? "", tooSmall };
    if (tooSmall) return { ...base, team, ...closed };
  } else if ([...decisions.values()].some((d) => d.people(cellKey.total) > 0) && !anyMonth(cellKey.total)) {
    return { ...base, team, ...closed, tooFewContributors: true };
  }

  const scopeTeam = team?.id;
  // the scope's unit of a month: the programme's total, or the chosen team's
  const unit = scopeTeam === undefined ? cellKey.total : cellKey.team(scopeTeam);
  const unitShown = (month: string) => decisions.get(month)?.shown(unit) ?? false;
  const scope = scopeTeam ?? "";
  const series = await monthRows(
    tx,
    ctx.tenantId,
    scopeTeam === undefined ? "tenant" : "team",
    "",
    [scopeTeam ?? ""],
    from,
    to,
  );
  const seriesOf = new Map(series.map((r) => [r.month, r.figures]));
  const timeline: TimelinePoint[] = monthStarts(from, to).map((start) => {
    if (unitShown(start)) return { start, ...(seriesOf.get(start) ?? ZERO_FIGURES) };
    const anything = (decisions.get(start)?.people(unit) ?? 0) > 0 || seriesOf.has(start);
    return anything ? { start, ...ZERO_FIGURES, tooFew: true } : { start, ...ZERO_FIGURES };
  });
  // the running month: listed, never counted (its figures are not read: query.to ends before it)
  if (opts.running) timeline.push({ start: opts.running, ...ZERO_FIGURES, running: true });

  const posts = monthlyTable(
    await monthRows(tx, ctx.tenantId, "post", scope, null, from, to),
    decisions,
    (x) => cellKey.of("post", x, scopeTeam),
    unitShown,
  );
  const postRows = opts.postsLimit === null ? posts.rows : posts.rows.slice(0, opts.postsLimit);
  const ids = postRows.map((r) => r.key).filter((k) => /^[0-9a-f-]{36}$/i.test(k));
  const titles =
    ids.length === 0
      ? []
      : await tx
          .selectFrom("posts")
          .select(["id", "title"])
          .where("tenant_id", "=", ctx.tenantId)
          .where("id", "in", ids)
          .execute();
  const titleOf = new Map(titles.map((p) => [p.id, p.title]));
  const networks = monthlyTable(
    await monthRows(tx, ctx.tenantId, "network", scope, null, from, to),
    decisions,
    (x) => cellKey.of("network", x, scopeTeam),
    unitShown,
  );

  // teams: each open group's shown months
  const groups: { teamId: string; name: string | null }[] = teams.map((t) => ({
    teamId: t.id,
    name: t.name,
  }));
  if (scopeTeam === undefined && ((sizes.get("") ?? 0) > 0 || openTeams.has("")))
    groups.push({ teamId: "", name: null });
  const listed = groups.filter((g) => scopeTeam === undefined || g.teamId === scopeTeam);
  const openKeys = listed.map((g) => g.teamId).filter((k) => openTeams.has(k));
  const teamMonthRows = await monthRows(tx, ctx.tenantId, "team", "", openKeys, from, to);
  const teamRows: TeamFigures[] = listed.map((g) => {
    if (!openTeams.has(g.teamId)) return { ...g, tooSmall: true, figures: null };
    const sum = sumShownMonths(
      teamMonthRows.filter((r) => r.key === g.teamId),
      decisions,
      () => cellKey.team(g.teamId),
    );
    return { ...g, tooSmall: false, figures: sum.figures, monthsLeftOut: sum.monthsLeftOut };
  });

  // participation: the people who shared in the months in which their group's count may be shown
  const byMonth = new Map<string, Map<string, string>>();
  for (const s of await monthSharers(tx, ctx.tenantId, ctx.timeZone, from, to)) {
    let m = byMonth.get(s.month);
    if (!m) byMonth.set(s.month, (m = new Map()));
    m.set(s.person, s.team);
  }
  const group = scopeTeam ?? "*";
  const counted = new Set<string>();
  let sharersShown = false;
  for (const sharers of byMonth.values()) {
    if (!decideSharers(sharers, min, openTeams).has(group)) continue;
    sharersShown = true;
    for (const [person, g] of sharers) if (scopeTeam === undefined || g === scopeTeam) counted.add(person);
  }
  const shownPoints = timeline.filter((p) => !p.tooFew && !p.running);
  return {
    ...base,
    team,
    programmeTooSmall: false,
    tooFewContributors: false,
    figures: {
      totals: sumFigures(shownPoints),
      timeline,
      posts: postRows.map((r) => ({
        postId: r.key,
        title: titleOf.get(r.key) ?? "",
        ...r.sum.figures,
        monthsLeftOut: r.sum.monthsLeftOut,
      })),
      postsOther: posts.other,
      networks: networks.rows.map((r) => ({
        network: r.key,
        ...r.sum.figures,
        monthsLeftOut: r.sum.monthsLeftOut,
      })),
      networksOther: networks.other,
      participation: {
        sharers: sharersShown || byMonth.size === 0 ? counted.size : null,
        optedIn: scopeTeam === undefined ? programmeSize : (sizes.get(scopeTeam) ?? 0),
      },
      monthsLeftOut: timeline.filter((p) => p.tooFew).length,
    },
    teamRows,
  };
}
