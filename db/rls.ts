import { sql, type Kysely } from "kysely";

/** The role the app runs as: owns nothing, cannot bypass row level security. */
export const APP_ROLE = "chorus_app";

/** Creates the app role once per cluster (roles are cluster-wide, databases are not). */
export async function ensureAppRole(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
           CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
         END IF;
       END $$`,
    )
    .execute(db);
  await sql.raw(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`).execute(db);
}

/** Lets the app role read and write a table without owning it. */
export async function grantToApp(db: Kysely<unknown>, table: string): Promise<void> {
  await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${table} TO ${APP_ROLE}`).execute(db);
}

/**
 * Tenant isolation as a backstop: ENABLE + FORCE (so even the owner is subject to it) and one
 * policy whose USING and WITH CHECK both compare with the transaction-local app.tenant_id.
 * An unset or ended setting reads '' and nullif turns it into NULL, which matches no row.
 */
export async function enableTenantRls(db: Kysely<unknown>, table: string): Promise<void> {
  await grantToApp(db, table);
  await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
  await sql
    .raw(
      `CREATE POLICY tenant_isolation ON ${table}
         USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`,
    )
    .execute(db);
}
