import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import { recordFigureRun } from "~/app/modules/freshness/record-run.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import type { ReachSettings } from "~/app/modules/reach/settings.ts";
import { addDays, daysInRange, isCalendarDay } from "~/app/lib/days.ts";
import { forgetReachPeriods } from "~/app/modules/reach/period-rollup.server.ts";

/*
 * The reach rollup: reach_daily rows (db/tables/reach.ts) from click_events, shares and
 * share_metrics, one tenant-local day at a time, set-based (one INSERT … SELECT with GROUPING SETS
 * per batch of consecutive days).
 *
 * Concurrency, per batch transaction, in this order:
 * 1. a shared lock on the tenant (retention takes it exclusively while it moves clicks_purged_before)
 *    and an exclusive lock per day (two rollups of one day would both insert its rows);
 * 2. the days' dirty markers are deleted — this waits for a drain that holds a marker's row lock
 *    (markDirtyDays), so the statements after it, each with a new READ COMMITTED snapshot, see that
 *    drain's clicks. A click committed after step 2 marks its day again for the next run;
 * 3. settings, then the days' rows are recomputed; only rows that differ are written.
 *
 * Days before reach_settings.clicks_purged_before have no raw clicks any more: their clicks and
 * unique visitors are kept from the existing rows, everything else is recomputed.
 */

export interface RollupResult {
  /** days rewritten */
  days: number;
  /** reach_daily rows the days have after the rollup (only those that differed were written) */
  rows: number;
}

/**
 * Consecutive days per transaction. click_events is partitioned by UTC month (0027): a batch reads
 * the partitions of its days, its whole months by sequential scan and the few hours of a
 * neighbouring month through the (tenant_id, clicked_at) index. Each batch pays a fixed cost per
 * statement: fewer, larger batches are a little faster overall (batches of one calendar month
 * each measured no faster: 33 vs 29 s on 5M clicks, the same run). A quarter of a big tenant
 * (1.3 million clicks) takes about 10 s on two busy cores; the markers of those days stay locked
 * that long, so a drain marking one of them waits (its clicks wait in the stream meanwhile).
 */
const BATCH_DAYS = 92;
/** for the batch's one sort of its clicks (by visitor and day) and the small sorts of GROUPING SETS */
const WORK_MEM = "128MB";
/** Batch transactions in flight at once (rollupAll): the statements are CPU-bound in PostgreSQL. */
const CONCURRENCY = 2;
/** advisory lock namespace (first key of the two-key form) of a tenant's rollups vs. its retention */
const TENANT_LOCK = 0x72656163; // "reac"

/**
 * Recomputes these tenant-local days ("YYYY-MM-DD") of one tenant: their reach_daily rows are
 * rewritten (those that differ) in one transaction per batch of consecutive days.
 */
export async function rollupDays(
  db: Kysely<Database>,
  tenantId: string,
  days: readonly string[],
): Promise<RollupResult> {
  const sorted = [...new Set(days)].sort();
  for (const day of sorted) {
    if (!isDay(day))
      throw new ValidationError(`not a day: "${day}" (expected YYYY-MM-DD)`, { days: ["invalid_day"] });
  }
  return runBatches(db, tenantId, batchesOf(sorted));
}

/** Takes the days marked in reach_dirty_days (one tenant, or every tenant) and rolls them up. */
export async function rollupDirty(
  db: Kysely<Database>,
  opts: { tenantId?: string | undefined } = {},
): Promise<RollupResult> {
  const tenantIds = opts.tenantId
    ? [opts.tenantId]
    : (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
  const total: RollupResult = { days: 0, rows: 0 };
  // one tenant's failure (logged) does not hold up the others; it is thrown at the end, for a retry
  let failure: { error: unknown } | undefined;
  for (const tenantId of tenantIds) {
    try {
      // what was marked by now is rolled up below: the pages' "reach figures as of" (app/modules/freshness)
      const asOf = new Date();
      const dirty = await withTenant(db, tenantId, (tx) =>
        tx
          .selectFrom("reach_dirty_days")
          .select("day")
          .where("tenant_id", "=", tenantId)
          .orderBy("day")
          .execute(),
      );
      if (dirty.length > 0) {
        const result = await rollupDays(
          db,
          tenantId,
          dirty.map((d) => d.day),
        );
        total.days += result.days;
        total.rows += result.rows;
      }
      await withTenant(db, tenantId, (tx) => recordFigureRun(tx, tenantId, "reach_rollup", asOf));
    } catch (error) {
      logger.error({ err: error, tenantId }, "reach rollup failed for a tenant");
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  return total;
}

/**
 * Every day from the tenant's first share to today (tenant-local): after its settings changed, or
 * as a full rebuild. Days that have rows but no share any more (shares deleted) are rewritten too.
 */
export async function rollupAll(db: Kysely<Database>, tenantId: string): Promise<RollupResult> {
  const range = await withTenant(db, tenantId, async (tx) => {
    const { rows } = await sql<{ first: string | null; last: string | null }>`
      WITH tz AS (SELECT time_zone AS name FROM tenants WHERE id = ${tenantId}::uuid)
      SELECT least(shares.first, daily.first)::text AS first,
             greatest(shares.first, (now() AT TIME ZONE tz.name)::date, daily.last)::text AS last
      FROM tz
      CROSS JOIN (SELECT (min(created_at) AT TIME ZONE (SELECT name FROM tz))::date AS first FROM shares WHERE tenant_id = ${tenantId}::uuid) shares
      CROSS JOIN (SELECT min(day) AS first, max(day) AS last FROM reach_daily WHERE tenant_id = ${tenantId}::uuid) daily
    `.execute(tx);
    return rows[0];
  });
  // no tenant (the query found none), or nothing ever shared: nothing to roll up
  if (!range?.first || !range.last) return { days: 0, rows: 0 };
  const batches: DayRange[] = [];
  for (let first = range.first; first <= range.last;) {
    const last = minDay(addDays(first, BATCH_DAYS - 1), range.last);
    batches.push({ first, last });
    first = addDays(last, 1);
  }
  return runBatches(db, tenantId, batches);
}

interface DayRange {
  /** first and last day, inclusive */
  first: string;
  last: string;
}

/** Runs the batches, CONCURRENCY at a time; the first failure stops the rest and is thrown. */
async function runBatches(
  db: Kysely<Database>,
  tenantId: string,
  batches: readonly DayRange[],
): Promise<RollupResult> {
  const total: RollupResult = { days: 0, rows: 0 };
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < batches.length) {
      const batch = batches[next++]!;
      try {
        // awaited first: `total.rows += await …` would read total.rows before the other worker adds to it
        const rows = await withTenant(db, tenantId, (tx) => rollupBatch(tx, tenantId, batch));
        total.rows += rows;
        total.days += daysBetween(batch.first, batch.last) + 1;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker));
  if (failure) throw failure.error;
  return total;
}

/**
 * The tenant's rollups take this lock shared, for their whole transaction; retention takes it
 * exclusively while it moves clicks_purged_before, so no rollup that read the old value is still
 * computing from clicks that are about to be deleted.
 */
export async function lockTenantReach(tx: Tx, tenantId: string, mode: "shared" | "exclusive"): Promise<void> {
  if (mode === "shared")
    await sql`SELECT pg_advisory_xact_lock_shared(${TENANT_LOCK}::int, hashtext(${tenantId}))`.execute(tx);
  else await sql`SELECT pg_advisory_xact_lock(${TENANT_LOCK}::int, hashtext(${tenantId}))`.execute(tx);
}

/**
 * What every transaction that inserts reach_daily rows takes first: the tenant row, FOR KEY SHARE.
 * reach_daily has no foreign key to tenants (0033), whose per-row check took this lock; held once
 * here, a tenant deleted meanwhile waits for the writer's commit, and its trigger then sees (and
 * deletes) the new rows. Undefined when the tenant is gone: write nothing.
 */
export async function holdTenantForReach(
  tx: Tx,
  tenantId: string,
): Promise<{ time_zone: string } | undefined> {
  return tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .forKeyShare()
    .executeTakeFirst();
}

/** One transaction: the days first..last of one tenant, rewritten. Returns the rows written. */
async function rollupBatch(tx: Tx, tenantId: string, { first, last }: DayRange): Promise<number> {
  // 1. locks (see the top of the file); days in order, so two overlapping batches cannot deadlock
  await lockTenantReach(tx, tenantId, "shared");
  await sql`
    SELECT pg_advisory_xact_lock(hashtextextended(${`reach-day:${tenantId}:`} || d::date::text, 0))
    FROM generate_series(${first}::date::timestamp, ${last}::date::timestamp, interval '1 day') AS d
    ORDER BY d
  `.execute(tx);

  // 2. take the markers (waits for a drain holding one: its clicks are committed after this)
  await sql`
    DELETE FROM reach_dirty_days
    WHERE tenant_id = ${tenantId}::uuid
      AND day IN (SELECT day FROM reach_dirty_days
                  WHERE tenant_id = ${tenantId}::uuid AND day BETWEEN ${first}::date AND ${last}::date
                  ORDER BY day FOR UPDATE)
  `.execute(tx);

  // 3. settings as of now, and the days' rows rewritten. JIT compiling costs more than it saves on
  // these statements; more memory for the sorts spills less of them to disk. The transaction's time
  // zone is the tenant's: `clicked_at::date` is its local day (AT TIME ZONE with the zone's name
  // looks the zone up again for every row, ten times the cost).
  const tenant = await holdTenantForReach(tx, tenantId);
  if (!tenant) return 0;
  await sql`SELECT set_config('jit', 'off', true), set_config('work_mem', ${WORK_MEM}, true),
                   set_config('TimeZone', ${tenant.time_zone}, true)`.execute(tx);
  const settings = await getReachSettings(tx, tenantId);
  const params: RollupParams = { tenantId, timeZone: tenant.time_zone, settings };

  const purgedBefore = settings.clicksPurgedBefore;
  let rows = 0;
  if (purgedBefore !== null && first < purgedBefore) {
    rows += await rewritePurgedDays(tx, params, { first, last: minDay(last, addDays(purgedBefore, -1)) });
  }
  const liveFirst = purgedBefore !== null && purgedBefore > first ? purgedBefore : first;
  if (liveFirst <= last) rows += await rewriteDays(tx, params, { first: liveFirst, last });
  await forgetReachPeriods(tx, tenantId, { first, last });
  return rows;
}

interface RollupParams {
  tenantId: string;
  timeZone: string;
  settings: ReachSettings;
}

/**
 * Days with raw clicks: every figure from click_events, shares and share_metrics. Only what differs
 * is written: the fresh rows are compared with the days' rows (one hash join), new ones inserted,
 * changed ones updated, rows the days no longer have deleted. A rewrite of unchanged days writes
 * nothing: writing a row costs its three index entries, more than computing it. New rows are
 * inserted in the primary key's order, so its index is filled page after page instead of at random
 * (a full rollup of 5M clicks: 12.5 → 10.4 s; without reach_daily's foreign key, 0033: 8.4 s).
 * Returns the rows the days have now.
 */
async function rewriteDays(tx: Tx, p: RollupParams, range: DayRange): Promise<number> {
  const t = p.tenantId;
  const figures = [
    "shares",
    "clicks",
    "unique_visitors",
    "impressions_estimated",
    "impressions_measured",
    "reactions",
    "earned_media",
  ];
  const list = (prefix: string) => sql.raw(figures.map((f) => `${prefix}${f}`).join(", "));
  // r: reach_daily in the UPDATE and DELETE below; the days' range keeps their scan to the batch's rows
  const inRange = sql`r.tenant_id = ${t}::uuid AND r.day BETWEEN ${range.first}::date AND ${range.last}::date`;
  const { rows } = await sql<{ rows: number }>`
    WITH fresh AS MATERIALIZED (
      SELECT g.day, g.dimension COLLATE "C" AS dimension, g.team_scope COLLATE "C" AS team_scope, g.key COLLATE "C" AS key,
             g.shares, g.clicks, g.unique_visitors, g.impressions_estimated, g.impressions_measured, g.reactions,
             ${earnedMedia(p.settings, sql`g.clicks`)} AS earned_media
      FROM (${groupedFacts(p, range, { clicks: true })}) g
    ),
    -- fresh rows that are new or changed (old_day NULL: new), and rows of the days that are gone (day NULL)
    diff AS MATERIALIZED (
      SELECT f.*, o.day AS old_day, o.dimension AS old_dimension, o.team_scope AS old_team_scope, o.key AS old_key
      FROM fresh f
      FULL JOIN (SELECT day, dimension, team_scope, key, ${list("")}
                 FROM reach_daily
                 WHERE tenant_id = ${t}::uuid AND day BETWEEN ${range.first}::date AND ${range.last}::date) o
        ON o.day = f.day AND o.dimension COLLATE "C" = f.dimension AND o.team_scope COLLATE "C" = f.team_scope
           AND o.key COLLATE "C" = f.key
      WHERE f.day IS NULL OR o.day IS NULL OR (${list("o.")}) IS DISTINCT FROM (${list("f.")})
    ),
    inserted AS (
      INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, ${list("")})
      SELECT ${t}::uuid, day, dimension, team_scope, key, ${list("")} FROM diff WHERE old_day IS NULL
      ORDER BY dimension, team_scope, key, day
    ),
    updated AS (
      UPDATE reach_daily r
      SET shares = d.shares, clicks = d.clicks, unique_visitors = d.unique_visitors,
          impressions_estimated = d.impressions_estimated, impressions_measured = d.impressions_measured,
          reactions = d.reactions, earned_media = d.earned_media, rolled_up_at = now()
      FROM diff d
      WHERE d.day IS NOT NULL AND d.old_day IS NOT NULL AND ${inRange} AND r.day = d.old_day
        AND r.dimension = d.old_dimension AND r.team_scope = d.old_team_scope AND r.key = d.old_key
    ),
    deleted AS (
      DELETE FROM reach_daily r
      USING diff d
      WHERE d.day IS NULL AND ${inRange} AND r.day = d.old_day
        AND r.dimension = d.old_dimension AND r.team_scope = d.old_team_scope AND r.key = d.old_key
    )
    SELECT count(*)::int AS rows FROM fresh
  `.execute(tx);
  return rows[0]?.rows ?? 0;
}

/**
 * Days whose raw clicks are gone (before clicks_purged_before): clicks and unique visitors stay as
 * the rows have them, per (dimension, team_scope, key); shares, impressions, reactions and earned
 * media are recomputed. Upserts in place, because the kept figures live in the rows themselves.
 */
async function rewritePurgedDays(tx: Tx, p: RollupParams, range: DayRange): Promise<number> {
  const inRange = sql`tenant_id = ${p.tenantId}::uuid AND day BETWEEN ${range.first}::date AND ${range.last}::date`;
  await sql`UPDATE reach_daily SET shares = 0, impressions_estimated = 0, impressions_measured = 0, reactions = 0 WHERE ${inRange}`.execute(
    tx,
  );
  await sql`
    INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, shares, impressions_estimated, impressions_measured, reactions)
    SELECT ${p.tenantId}::uuid, g.day, g.dimension, g.team_scope, g.key, g.shares, g.impressions_estimated, g.impressions_measured, g.reactions
    FROM (${groupedFacts(p, range, { clicks: false })}) g
    ON CONFLICT (tenant_id, dimension, team_scope, key, day) DO UPDATE
      SET shares = excluded.shares, impressions_estimated = excluded.impressions_estimated,
          impressions_measured = excluded.impressions_measured, reactions = excluded.reactions
  `.execute(tx);
  await sql`
    DELETE FROM reach_daily
    WHERE ${inRange} AND shares = 0 AND clicks = 0 AND unique_visitors = 0
      AND impressions_estimated = 0 AND impressions_measured = 0 AND reactions = 0
  `.execute(tx);
  const result =
    await sql`UPDATE reach_daily SET earned_media = ${earnedMedia(p.settings, sql`clicks`, sql``)}, rolled_up_at = now() WHERE ${inRange}`.execute(
      tx,
    );
  return Number(result.numAffectedRows ?? 0n);
}

/** (estimated + measured impressions) × CPM / 1000 + clicks × CPC, to the cent. */
function earnedMedia(
  settings: ReachSettings,
  clicks: RawBuilder<unknown>,
  prefix: RawBuilder<unknown> = sql`g.`,
): RawBuilder<unknown> {
  // as text: exact decimals, never a binary float
  const cpm = String(settings.cpm);
  const cpc = String(settings.cpc);
  return sql`round((${prefix}impressions_estimated + ${prefix}impressions_measured) * ${cpm}::numeric / 1000 + ${clicks} * ${cpc}::numeric, 2)`;
}

/*
 * GROUPING(share_id, membership_id, post_id, network, team_id): a bit is 1 where that column is
 * aggregated away. The share set is written (post, share) — the same groups, since a share has one
 * post — so that it and (post) share one sort: with count(DISTINCT …) PostgreSQL sorts once per
 * chain of nested sets, and these eight sets form four chains instead of five.
 *   (post, share) 01011 = 11   (member) 10111 = 23   (post) 11011 = 27   (network) 11101 = 29
 *   () 11111 = 31              (team) 11110 = 30     (team, post) 11010 = 26   (team, network) 11100 = 28
 */
const G = sql.raw(`GROUPING(f.share_id, f.membership_id, f.post_id, f.network, f.team_id)`);

/**
 * One row per (day, dimension, team_scope, key) with something in it. Facts, each carrying its
 * share's attributes (the team is the share's snapshot, not the member's team today):
 *  - per (day, share) with non-bot clicks (when `clicks`): the clicks and the number of its "single"
 *    visitors, those who clicked no other share that day;
 *  - per (day, share, visitor) for the other visitors, who clicked several shares that day: their
 *    clicks of the share, and the visitor;
 *  - one "new share" fact per share made on the days.
 * Unique visitors of a row = the sum of its shares' single visitors (each is in exactly one share,
 * so one key per dimension: additive) + count(DISTINCT visitor) over the several-shares facts (few).
 * The clicks are read once and sorted once, by (visitor, day, share), 64 hex characters under
 * COLLATE "C" (byte order, abbreviated keys; exact: no hash of the hash): a window tells whether
 * the visitor's day has one share; the facts are then grouped by hashing (counters only: no second
 * sort of every click). GROUPING SETS and their count(DISTINCT) see about one fact per (day, share)
 * instead of one per click. Figures are exactly those of grouping the raw clicks
 * (tests/integration/reach-rollup-reference.test.ts).
 */
function groupedFacts(p: RollupParams, range: DayRange, opts: { clicks: boolean }): RawBuilder<unknown> {
  const t = p.tenantId;
  // the days' instants: [first 00:00, last + 1 00:00) in the tenant's time zone
  const start = sql`(${range.first}::date::timestamp AT TIME ZONE ${p.timeZone})`;
  const end = sql`((${range.last}::date + 1)::timestamp AT TIME ZONE ${p.timeZone})`;
  const factors = JSON.stringify(p.settings.impressionFactors);
  const clickFacts = opts.clicks
    ? sql`
        SELECT day, share_id, NULL::int AS new_share, clicks, single_visitors, visitor FROM per_visitor
        UNION ALL`
    : sql``;
  // Grouped by (day, share, visitor of several shares or NULL): counters only, so hashed (about one
  // group per (day, share) plus one per several-shares visitor and share), not sorted a second time.
  const perShare = opts.clicks
    ? sql`
        WITH per_visitor AS (
          SELECT day, share_id, visitor, count(*)::int AS clicks,
                 count(*) FILTER (WHERE first_click AND visitor IS NULL)::int AS single_visitors
          FROM (
            SELECT day, share_id,
                   CASE WHEN first_value(share_id) OVER w <> last_value(share_id) OVER w THEN visitor END AS visitor,
                   row_number() OVER w = 1 AS first_click
            FROM (
              SELECT c.clicked_at::date AS day, c.share_id, c.visitor_hash COLLATE "C" AS visitor
              FROM click_events c
              WHERE c.tenant_id = ${t}::uuid AND c.clicked_at >= ${start} AND c.clicked_at < ${end} AND NOT c.is_bot
            ) c
            WINDOW w AS (PARTITION BY visitor, day ORDER BY share_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
          ) v
          GROUP BY day, share_id, visitor
        )`
    : sql``;
  return sql`
    ${perShare}
    SELECT *
    FROM (
      SELECT f.day,
             CASE ${G} WHEN 11 THEN 'share' WHEN 23 THEN 'member' WHEN 27 THEN 'post' WHEN 26 THEN 'post'
                       WHEN 29 THEN 'network' WHEN 28 THEN 'network' WHEN 30 THEN 'team' ELSE 'tenant' END AS dimension,
             CASE WHEN ${G} IN (26, 28) THEN coalesce(f.team_id::text, '') ELSE '' END AS team_scope,
             CASE ${G} WHEN 11 THEN f.share_id::text
                       WHEN 23 THEN coalesce(f.membership_id::text, '')
                       WHEN 27 THEN f.post_id::text WHEN 26 THEN f.post_id::text
                       WHEN 29 THEN f.network WHEN 28 THEN f.network
                       WHEN 30 THEN coalesce(f.team_id::text, '')
                       ELSE '' END AS key,
             coalesce(sum(f.new_share), 0)::int AS shares,
             coalesce(sum(f.clicks), 0)::int AS clicks,
             (coalesce(sum(f.single_visitors), 0) + count(DISTINCT f.visitor))::int AS unique_visitors,
             coalesce(sum(f.estimated), 0)::bigint AS impressions_estimated,
             coalesce(sum(f.measured), 0)::bigint AS impressions_measured,
             coalesce(sum(f.reactions), 0)::bigint AS reactions,
             ${G} AS grouping_id
      FROM (
        SELECT x.day, x.share_id, s.membership_id, s.post_id, s.network COLLATE "C" AS network, s.team_id,
               x.new_share, x.clicks, x.single_visitors, x.visitor,
               CASE WHEN x.new_share = 1
                    THEN CASE WHEN m.share_id IS NULL
                              THEN round(coalesce(s.followers_at_share, 0) * coalesce((${factors}::jsonb ->> s.network)::numeric, 0))
                              ELSE 0 END
                    END AS estimated,
               CASE WHEN x.new_share = 1 THEN coalesce(m.impressions, 0) END AS measured,
               CASE WHEN x.new_share = 1 THEN coalesce(m.reactions, 0) END AS reactions
        FROM (
          ${clickFacts}
          SELECT n.created_at::date AS day, n.id AS share_id, 1 AS new_share,
                 NULL::int AS clicks, NULL::int AS single_visitors, NULL::text AS visitor
          FROM shares n
          WHERE n.tenant_id = ${t}::uuid AND n.created_at >= ${start} AND n.created_at < ${end}
        ) x
        JOIN shares s ON s.tenant_id = ${t}::uuid AND s.id = x.share_id
        LEFT JOIN share_metrics m ON x.new_share = 1 AND m.tenant_id = ${t}::uuid AND m.share_id = x.share_id
      ) f
      GROUP BY f.day, GROUPING SETS ((f.post_id, f.share_id), (f.membership_id), (f.post_id), (f.network), (), (f.team_id), (f.team_id, f.post_id), (f.team_id, f.network))
    ) grouped
    -- post and network rows of "no team" would collide with the all-shares rows (team_scope ''):
    -- the tenant-wide rows already hold them
    WHERE NOT (grouping_id IN (26, 28) AND team_scope = '')
  `;
}

const isDay = isCalendarDay;

function daysBetween(first: string, last: string): number {
  return daysInRange(first, last) - 1;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** Sorted distinct days → runs of consecutive days, at most BATCH_DAYS each. */
function batchesOf(sorted: readonly string[]): DayRange[] {
  const batches: DayRange[] = [];
  for (const day of sorted) {
    const current = batches.at(-1);
    if (current && addDays(current.last, 1) === day && daysBetween(current.first, day) < BATCH_DAYS)
      current.last = day;
    else batches.push({ first: day, last: day });
  }
  return batches;
}

/** For tests of the batching (pure). */
export const _internal = { batchesOf, addDays, isDay };
