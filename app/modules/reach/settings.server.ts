import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { NETWORKS } from "~/db/schema.ts";
import { DEFAULT_REACH_SETTINGS, type ReachSettings } from "~/app/modules/reach/settings.ts";

/** The tenant's reach settings, defaults filled in (no row: every default). */
export async function getReachSettings(tx: Tx, tenantId: string): Promise<ReachSettings> {
  const row = await tx
    .selectFrom("reach_settings")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row)
    return { ...DEFAULT_REACH_SETTINGS, impressionFactors: { ...DEFAULT_REACH_SETTINGS.impressionFactors } };
  const factors = { ...DEFAULT_REACH_SETTINGS.impressionFactors };
  for (const network of NETWORKS) {
    const value = row.impression_factors[network];
    if (typeof value === "number" && Number.isFinite(value)) factors[network] = value;
  }
  return {
    impressionFactors: factors,
    cpm: Number(row.cpm),
    cpc: Number(row.cpc),
    currency: row.currency,
    minGroupSize: row.min_group_size,
    clickRetentionDays: row.click_retention_days,
    clicksPurgedBefore: row.clicks_purged_before,
  };
}

/**
 * Marks the tenant-local days of these instants as needing a new rollup. DO UPDATE (not DO
 * NOTHING) on purpose: it locks the marker row until this transaction commits, so a rollup that
 * takes the marker meanwhile waits for the clicks it must see (app/modules/reach/rollup.server.ts).
 */
export async function markDirtyDays(tx: Tx, tenantId: string, instants: readonly Date[]): Promise<void> {
  if (instants.length === 0) return;
  const list = JSON.stringify([...new Set(instants.map((d) => d.toISOString()))]);
  await sql`
    INSERT INTO reach_dirty_days (tenant_id, day)
    SELECT DISTINCT ${tenantId}::uuid, (instant::timestamptz AT TIME ZONE t.time_zone)::date
    FROM jsonb_array_elements_text(${list}::jsonb) AS instant, tenants t
    WHERE t.id = ${tenantId}::uuid
    ORDER BY 2
    ON CONFLICT (tenant_id, day) DO UPDATE SET marked_at = now()
  `.execute(tx);
}
