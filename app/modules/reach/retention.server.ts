import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { lockTenantReach, rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";

/** Click rows per DELETE statement (and transaction): a big purge never holds one huge transaction. */
const DELETE_BATCH = 50_000;

export interface PurgeResult {
  /** click_events rows deleted */
  deleted: number;
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
 */
export async function purgeOldClicks(
  db: Kysely<Database>,
  opts: { tenantId?: string | undefined; now?: Date | undefined } = {},
): Promise<PurgeResult> {
  const now = opts.now ?? new Date();
  const tenantIds = opts.tenantId
    ? [opts.tenantId]
    : (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
  let deleted = 0;
  // one tenant's failure (logged) does not keep the others' old clicks; it is thrown at the end
  let failure: { error: unknown } | undefined;
  for (const tenantId of tenantIds) {
    try {
      // nothing un-rolled may be deleted
      await rollupDirty(db, { tenantId });
      deleted += await purgeRolledUpClicks(db, tenantId, now);
    } catch (error) {
      logger.error({ err: error, tenantId }, "click retention failed for a tenant");
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  return { deleted };
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
  const boundary = await withTenant(db, tenantId, async (tx) => {
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
  if (!boundary) return 0;

  let deleted = 0;
  for (;;) {
    const n = await withTenant(db, tenantId, async (tx) => {
      // A day marked dirty after the boundary was set (a very late click) keeps its clicks.
      const result = await sql`
        DELETE FROM click_events
        WHERE id IN (
          SELECT c.id FROM click_events c, tenants t
          WHERE t.id = ${tenantId}::uuid AND c.tenant_id = ${tenantId}::uuid
            AND c.clicked_at < (${boundary}::date::timestamp AT TIME ZONE t.time_zone)
            AND NOT EXISTS (SELECT 1 FROM reach_dirty_days d
                            WHERE d.tenant_id = ${tenantId}::uuid AND d.day = (c.clicked_at AT TIME ZONE t.time_zone)::date)
          LIMIT ${DELETE_BATCH}
        )
      `.execute(tx);
      return Number(result.numAffectedRows ?? 0n);
    });
    deleted += n;
    if (n < DELETE_BATCH) break;
  }
  return deleted;
}
