import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * figure_runs: when the background jobs last brought a tenant's figures up to date, so every page
 * can say how fresh its figures are ("as of 14:05", issue 11). One row per tenant and kind:
 * - reach_rollup: the reach rollup's scheduled run took the tenant's dirty days (reach_daily);
 * - points_award: the award job's run for the tenant finished (points_ledger).
 * ran_at is the instant the run's figures are complete up to. Tenant table: forced RLS.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("figure_runs")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('reach_rollup', 'points_award')`))
    .addColumn("ran_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("figure_runs_pk", ["tenant_id", "kind"])
    .execute();
  await enableTenantRls(db, "figure_runs");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("figure_runs").ifExists().execute();
}
