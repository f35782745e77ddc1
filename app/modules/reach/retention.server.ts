import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { lockTenantReach, rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";

/** Click rows per DELETE statement (and transaction): a big purge never holds one huge transaction. */
const DELETE_BATCH = 50_000;

export interface PurgeResult {
  /** click_events rows deleted one by one (per tenant) */
  deleted: number;
  /**
   * Past months whose partition was looked at (all-tenant runs only; a run for one tenant never
   * touches a partition other tenants share): dropped whole, rewritten with only the rows of
   * tenants that still keep some ("rewritten"), or left to per-tenant deletes ("kept").
   */
  months?: MonthOutcome[];
}

export interface MonthOutcome {
  /** "YYYY-MM" (UTC) */
  month: string;
  outcome: "dropped" | "rewritten" | "kept" | "missing" | "failed";
  /** rows of tenants that still need them, left in the month */
  rowsKept: number;
}

/**
 * Deletes raw click events older than each tenant's retention (reach_settings.click_retention_days,
 * default 90): those of tenant-local days before today − retention. Only rolled-up clicks go:
 * dirty days are rolled up first, and a day marked dirty again meanwhile (a late click) is kept,
 * together with every later day, until the next run.
 *
 * Order matters for a crash or a concurrent rollup: clicks_purged_before moves first (under the
 * exclusive tenant lock, so no rollup still computes from the old boundary), then the rows go. A
 * rollup of a day before the boundary keeps the day's click figures from its existing rows.
 *
 * The rows go in two ways (click_events is partitioned by UTC month, 0027). A run for every tenant
 * first moves every tenant's boundary, then offers each month that has ended to
 * drop_expired_click_partition, which drops the month's partition when no tenant needs a row of it
 * any more (a DROP TABLE instead of a DELETE per row), or, when only a few tenants with a longer
 * retention still do, moves their rows into a fresh partition of the month and drops the old one.
 * What is left before each boundary (the default partition, the current month, months where most
 * rows are still needed) is deleted per tenant, in batches, as before.
 */
export async function purgeOldClicks(
  db: Kysely<Database>,
  opts: { tenantId?: string | undefined; now?: Date | undefined } = {},
): Promise<PurgeResult> {
  const now = opts.now ?? new Date();
  const tenantIds = opts.tenantId
    ? [opts.tenantId]
    : (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
  // one tenant's failure (logged) does not keep the others' old clicks; it is thrown at the end
  let failure: { error: unknown } | undefined;
  const boundaries = new Map<string, string>();
  for (const tenantId of tenantIds) {
    try {
      // nothing un-rolled may be deleted
      await rollupDirty(db, { tenantId });
      const boundary = await movePurgeBoundary(db, tenantId, now);
      if (boundary) boundaries.set(tenantId, boundary);
    } catch (error) {
      logger.error({ err: error, tenantId }, "click retention failed for a tenant");
      failure ??= { error };
    }
  }
  const months = opts.tenantId ? undefined : await dropExpiredClickMonths(db);
  let deleted = 0;
  for (const [tenantId, boundary] of boundaries) {
    try {
      deleted += await deleteClicksBefore(db, tenantId, boundary);
    } catch (error) {
      logger.error({ err: error, tenantId }, "click retention failed for a tenant");
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  return months ? { deleted, months } : { deleted };
}

/**
 * Offers every month that has ended (oldest first) to drop_expired_click_partition (0027), one
 * transaction each, so the parent's lock is held for one month's DDL at a time. It decides itself,
 * from each tenant's clicks_purged_before and dirty days, what may go: the app role cannot drop
 * a month any tenant still needs. A month that fails (a lock not granted within 5 s) is logged and
 * tried again next run; its expired rows are deleted per tenant meanwhile.
 */
export async function dropExpiredClickMonths(db: Kysely<Database>): Promise<MonthOutcome[]> {
  const { rows: candidates } = await sql<{ month: string }>`
    SELECT to_char(to_date(substr(c.relname, 14), 'YYYY_MM'), 'YYYY-MM') AS month
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'public.click_events'::regclass AND c.relname ~ '^click_events_[0-9]{4}_[0-9]{2}$'
      AND to_date(substr(c.relname, 14), 'YYYY_MM') + interval '1 month' <= (now() AT TIME ZONE 'UTC')
    ORDER BY 1
  `.execute(db);
  const outcomes: MonthOutcome[] = [];
  for (const { month } of candidates) {
    try {
      const { rows } = await sql<{ outcome: MonthOutcome["outcome"]; rows_kept: string }>`
        SELECT outcome, rows_kept FROM drop_expired_click_partition(${`${month}-01`}::date)
      `.execute(db);
      outcomes.push({ month, outcome: rows[0]!.outcome, rowsKept: Number(rows[0]!.rows_kept) });
    } catch (error) {
      logger.error({ err: error, month }, "click partition could not be dropped; its rows stay for now");
      outcomes.push({ month, outcome: "failed", rowsKept: 0 });
    }
  }
  return outcomes;
}

/**
 * The deleting half of purgeOldClicks, for one tenant whose dirty days were just rolled up: days
 * still (or again) marked dirty before the cutoff keep their clicks, and so does every later day,
 * so that clicks_purged_before stays one boundary: before it no raw clicks, from it all of them.
 * Returns the rows deleted.
 */
export async function purgeRolledUpClicks(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
): Promise<number> {
  const boundary = await movePurgeBoundary(db, tenantId, now);
  return boundary ? deleteClicksBefore(db, tenantId, boundary) : 0;
}

/** Moves the tenant's clicks_purged_before (never backwards); returns the day the rows before go, or null. */
async function movePurgeBoundary(db: Kysely<Database>, tenantId: string, now: Date): Promise<string | null> {
  return withTenant(db, tenantId, async (tx) => {
    await lockTenantReach(tx, tenantId, "exclusive");
    const settings = await getReachSettings(tx, tenantId);
    // the cutoff day, and the earliest day before it that is dirty again (kept, with what follows)
    const { rows } = await sql<{ boundary: string | null }>`
      WITH cutoff AS (
        SELECT ((${now.toISOString()}::timestamptz AT TIME ZONE t.time_zone)::date - ${settings.clickRetentionDays}::int) AS day
        FROM tenants t WHERE t.id = ${tenantId}::uuid
      )
      SELECT least(cutoff.day, (SELECT min(d.day) FROM reach_dirty_days d WHERE d.tenant_id = ${tenantId}::uuid AND d.day < cutoff.day))::text AS boundary
      FROM cutoff
    `.execute(tx);
    const day = rows[0]?.boundary;
    if (!day) return null;
    // Never backwards: days before an earlier boundary have no clicks left to recompute from
    // (the retention may have been lengthened since).
    await sql`
      INSERT INTO reach_settings (tenant_id, clicks_purged_before) VALUES (${tenantId}::uuid, ${day}::date)
      ON CONFLICT (tenant_id) DO UPDATE
        SET clicks_purged_before = greatest(reach_settings.clicks_purged_before, excluded.clicks_purged_before)
    `.execute(tx);
    return day;
  });
}

/** Deletes the tenant's clicks of tenant-local days before `boundary`, except dirty days; batches. */
async function deleteClicksBefore(db: Kysely<Database>, tenantId: string, boundary: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const n = await withTenant(db, tenantId, async (tx) => {
      const { rows } = await sql<{
        before: Date;
      }>`SELECT (${boundary}::date::timestamp AT TIME ZONE t.time_zone) AS before FROM tenants t WHERE t.id = ${tenantId}::uuid`.execute(
        tx,
      );
      const before = rows[0]?.before;
      if (!before) return 0;
      // A day marked dirty after the boundary was set (a very late click) keeps its clicks. The
      // bound on clicked_at is a constant, so only the partitions before the boundary are touched;
      // rows are matched by the primary key (tenant_id, id, clicked_at).
      const result = await sql`
        DELETE FROM click_events e
        USING (
          SELECT c.id, c.clicked_at FROM click_events c
          WHERE c.tenant_id = ${tenantId}::uuid AND c.clicked_at < ${before}
            AND NOT EXISTS (SELECT 1 FROM reach_dirty_days d, tenants t
                            WHERE t.id = ${tenantId}::uuid AND d.tenant_id = ${tenantId}::uuid
                              AND d.day = (c.clicked_at AT TIME ZONE t.time_zone)::date)
          LIMIT ${DELETE_BATCH}
        ) batch
        WHERE e.tenant_id = ${tenantId}::uuid AND e.clicked_at < ${before}
          AND e.id = batch.id AND e.clicked_at = batch.clicked_at
      `.execute(tx);
      return Number(result.numAffectedRows ?? 0n);
    });
    deleted += n;
    if (n < DELETE_BATCH) break;
  }
  return deleted;
}
