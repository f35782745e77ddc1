import { sql, type Kysely } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import {
  bucketSql,
  contributorFacts,
  listTeams,
  programmeGroups,
  sharerCounts,
} from "~/app/modules/reach/analytics.server.ts";
import { showableGroups, SUMS } from "~/app/modules/reach/analytics-parts.server.ts";
import { decideCells, type ContributorFact } from "~/app/modules/reach/group-privacy.ts";
import {
  periodBasis,
  periodCell,
  periodRange,
  PERIOD_DAYS,
  type PeriodDimension,
} from "~/app/modules/reach/periods.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";

/**
 * The analytics page's presets ending today (the last 7, 30, 90, 365 days), precomputed for the
 * programme and every team: per post, network, team and timeline bucket the range's sums, per cell
 * the people behind it and group-privacy.ts's decision, and per group the people who shared in the
 * range (periods.ts, migrations 0028 and 0030). The work grows with the shares active in the range,
 * never with clicks; a request reads the period in one statement (period-figures.server.ts).
 *
 * Kept in step with reach_daily in two steps:
 * 1. every rollup batch drops, in its own transaction, the periods that overlap its days
 *    (forgetReachPeriods), so a period never sums rows that were rewritten after it;
 * 2. the rollup-reach job then writes the missing ones (refreshReachPeriods): after each run, and
 *    when the tenant-local day moved on or the basis (minimum group size, teams, people per group)
 *    changed. A page between the two computes from reach_daily, as for any other range.
 * The two take one advisory lock per tenant (batches shared, the refresh exclusive): a refresh that
 * read rows a batch then rewrote has committed before that batch drops its periods, and a refresh
 * that waited for a batch sees its rows. In the strict works-council mode the page reads whole
 * months (month-units.server.ts): no periods.
 */

/** advisory lock namespace (first key of the two-key form) of a tenant's periods */
const PERIOD_LOCK = 0x72706572; // "rper"

/** Drops the tenant's periods that overlap these days (all of them without days). */
export async function forgetReachPeriods(
  tx: Tx,
  tenantId: string,
  days?: { first: string; last: string },
): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(${PERIOD_LOCK}::int, hashtext(${tenantId}))`.execute(tx);
  let query = tx.deleteFrom("reach_periods").where("tenant_id", "=", tenantId);
  if (days) query = query.where("from_day", "<=", days.last).where("to_day", ">=", days.first);
  await query.execute();
}

/** Writes the missing or outdated periods of one tenant, or of every tenant; returns how many. */
export async function refreshReachPeriods(
  db: Kysely<Database>,
  opts: { tenantId?: string | undefined } = {},
): Promise<number> {
  const tenantIds = opts.tenantId
    ? [opts.tenantId]
    : (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
  let written = 0;
  // one tenant's failure (logged) does not hold up the others; it is thrown at the end, for a retry
  let failure: { error: unknown } | undefined;
  for (const tenantId of tenantIds) {
    try {
      written += await withTenant(db, tenantId, (tx) => refreshTenantPeriods(tx, tenantId));
    } catch (error) {
      logger.error({ err: error, tenantId }, "analytics periods failed for a tenant");
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  return written;
}

/**
 * One tenant's periods, in its transaction. `today`: the tenant-local day the presets end on
 * (default: today in the tenant's time zone; tests pass other days).
 */
export async function refreshTenantPeriods(
  tx: Tx,
  tenantId: string,
  opts: { today?: string } = {},
): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(${PERIOD_LOCK}::int, hashtext(${tenantId}))`.execute(tx);
  const policy = await loadFigurePolicy(tx, tenantId);
  if (policy.strict) {
    await tx.deleteFrom("reach_periods").where("tenant_id", "=", tenantId).execute();
    return 0;
  }
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirst();
  if (!tenant) return 0;
  const settings = await getReachSettings(tx, tenantId);
  const min = policy.minGroupSize(settings.minGroupSize);
  const { sizes, people } = await programmeGroups(tx, tenantId);
  const teams = await listTeams(tx, tenantId);
  const basis = periodBasis(min, teams, sizes, people);
  const today = opts.today ?? todayIn(tenant.time_zone);
  const stored = await tx
    .selectFrom("reach_periods")
    .select(["days", "from_day", "to_day", "basis"])
    .where("tenant_id", "=", tenantId)
    .execute();
  const byMembers = showableGroups(teams, sizes, min);
  let written = 0;
  for (const days of PERIOD_DAYS) {
    const range = periodRange(days, today);
    const old = stored.find((p) => p.days === days);
    if (old && old.from_day === range.from && old.to_day === range.to && old.basis === basis) continue;
    await writePeriod(tx, tenantId, tenant.time_zone, days, range, basis, (facts) =>
      decideCells(facts, min, byMembers),
    );
    written++;
  }
  return written;
}

async function writePeriod(
  tx: Tx,
  tenantId: string,
  timeZone: string,
  days: number,
  range: { from: string; to: string },
  basis: string,
  decide: (facts: ContributorFact[]) => ReturnType<typeof decideCells>,
): Promise<void> {
  await tx.deleteFrom("reach_periods").where("tenant_id", "=", tenantId).where("days", "=", days).execute();
  await tx
    .insertInto("reach_periods")
    .values({ tenant_id: tenantId, days, from_day: range.from, to_day: range.to, basis })
    .execute();
  // the cells: every cell the facts make (the programme's and the teams'; no-team cells X@'' are
  // never shown and never read), with the decision for the range
  const facts = await contributorFacts(tx, tenantId, range.from, range.to);
  const cells = decide(facts);
  const rows = new Map<string, { s: string; d: PeriodDimension; k: string }>();
  const add = (s: string, d: PeriodDimension, k: string) => {
    const id = `${s}|${d}|${k}`;
    if (!rows.has(id)) rows.set(id, { s, d, k });
  };
  add("", "total", "");
  for (const f of facts) {
    add("", "team", f.team);
    for (const d of ["post", "network", "bucket"] as const) {
      add("", d, f[d]);
      if (f.team !== "") add(f.team, d, f[d]);
    }
  }
  const list: { s: string; d: PeriodDimension | "sharers"; k: string; p: number; v: boolean }[] = [
    ...rows.values(),
  ].map((r) => {
    const cell = periodCell(r.d, r.s, r.k);
    return { ...r, p: cells.people(cell), v: cells.shown(cell) };
  });
  // participation: the people in the programme who shared in the range, per their team now
  for (const [team, n] of await sharerCounts(tx, tenantId, timeZone, range.from, range.to))
    list.push({ s: "", d: "sharers", k: team, p: n, v: false });
  // One statement, in key order: the rows of a scope lie together on few pages, not spread over
  // several inserts and an upsert (a request reads the programme's rows in one index range).
  // The sums: the same rows and SUMS as analytics.server.ts reads (team rows only have scope ''),
  // and the timeline: the programme's (tenant rows) in scope '', each team's (its team rows) in the
  // team's scope, bucketed as analytics.server.ts's timeline() does. Joined with the cells.
  await sql`
    INSERT INTO reach_period_figures (tenant_id, days, team_scope, dimension, key, people, shown, summed,
                                      shares, clicks, unique_visitors, impressions_measured,
                                      impressions_estimated, earned_media)
    SELECT ${tenantId}::uuid, ${days}::smallint, coalesce(s.team_scope, c.s), coalesce(s.dimension, c.d),
           coalesce(s.key, c.k), coalesce(c.p, 0), coalesce(c.v, false), s.key IS NOT NULL,
           coalesce(s.shares, 0), coalesce(s.clicks, 0), coalesce(s.unique_visitors, 0),
           coalesce(s.impressions_measured, 0), coalesce(s.impressions_estimated, 0), coalesce(s.earned_media, 0)
    FROM (
      SELECT r.team_scope, r.dimension, r.key, ${SUMS}
      FROM reach_daily r
      WHERE r.tenant_id = ${tenantId}::uuid AND r.dimension IN ('post', 'network', 'team')
        AND r.day BETWEEN ${range.from}::date AND ${range.to}::date
      GROUP BY r.team_scope, r.dimension, r.key
      UNION ALL
      SELECT CASE WHEN r.dimension = 'tenant' THEN '' ELSE r.key END, 'bucket',
             (${bucketSql(range.from, range.to)})::text, ${SUMS}
      FROM reach_daily r
      WHERE r.tenant_id = ${tenantId}::uuid AND r.team_scope = ''
        AND (r.dimension = 'tenant' OR (r.dimension = 'team' AND r.key <> ''))
        AND r.day BETWEEN ${range.from}::date AND ${range.to}::date
      GROUP BY 1, 3
    ) s
    FULL JOIN jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS c(s text, d text, k text, p int, v boolean)
      ON c.s = s.team_scope AND c.d = s.dimension AND c.k = s.key
    ORDER BY 3, 4, 5`.execute(tx);
}
