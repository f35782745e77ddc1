import { sql, type Kysely } from "kysely";
import { APP_ROLE, enableTenantRls } from "~/db/rls.ts";

/**
 * Retention jobs (issue 13, app/modules/privacy/retention.server.ts):
 * - retention_runs (tenant table, forced RLS): one row per tenant, the last run of the purge-expired-data
 *   job and what it removed in that tenant, shown on the admin's "Privacy & retention" page.
 * - credit_access_log ("who looked at my figures") was append-only for the app role (0010). The purge
 *   must delete rows past the tenant's retention, so the app role may DELETE now, but a RESTRICTIVE
 *   policy keeps every younger row out of reach: only rows older than privacy_settings.audit_retention_months
 *   (default 24) by the database's clock can go. UPDATE stays revoked.
 * - job_failures: a failure whose payload names no tenant is recorded with tenant_id NULL, and the app
 *   role may only INSERT such rows (0013), so nobody could ever remove them (a send-email payload holds
 *   an address). app_purges_untenanted lets the app role DELETE them once they are 30 days old, and
 *   nothing else: it still cannot read or change them. (A DELETE whose WHERE reads no column of the
 *   table needs no SELECT policy, so the purge deletes without ever seeing a row.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("retention_runs")
    .addColumn("tenant_id", "uuid", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    .addColumn("ran_at", "timestamptz", (c) => c.notNull())
    // counts per category, e.g. {"auditEvents": 12, "accessLog": 3, …}
    .addColumn("removed", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await enableTenantRls(db, "retention_runs");

  await sql.raw(`GRANT DELETE ON credit_access_log TO ${APP_ROLE}`).execute(db);
  await sql
    .raw(
      `CREATE POLICY retention_only ON credit_access_log AS RESTRICTIVE FOR DELETE TO ${APP_ROLE}
         USING (created_at < now() - make_interval(months => coalesce(
           (SELECT p.audit_retention_months FROM privacy_settings p WHERE p.tenant_id = credit_access_log.tenant_id), 24)))`,
    )
    .execute(db);

  await sql
    .raw(
      `CREATE POLICY app_purges_untenanted ON job_failures FOR DELETE TO ${APP_ROLE} USING (tenant_id IS NULL AND failed_at < now() - interval '30 days')`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`DROP POLICY IF EXISTS app_purges_untenanted ON job_failures`).execute(db);
  await sql.raw(`DROP POLICY IF EXISTS retention_only ON credit_access_log`).execute(db);
  await sql.raw(`REVOKE DELETE ON credit_access_log FROM ${APP_ROLE}`).execute(db);
  await db.schema.dropTable("retention_runs").ifExists().execute();
}
