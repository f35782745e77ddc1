import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "~/db/rls.ts";

const TENANT = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * job_failures gets row level security. It holds job payloads and errors of every tenant (a
 * payload names members, posts, sometimes an address), and until now any query of the app role
 * could read all of them.
 *
 * - tenant_isolation: like every tenant table. The worker records a tenant's failure inside
 *   withTenant(that tenant); the admin page reads and deletes its tenant's failures the same way.
 * - app_records_untenanted: a failure whose payload names no tenant (or a tenant deleted meanwhile)
 *   is recorded with tenant_id NULL. The app role may INSERT such rows and nothing else: it can
 *   never read, change or delete them, so they cannot carry data between tenants.
 * - operators: the table owner (the role migrations run as, DATABASE_OWNER_URL) reads every row.
 *   FORCE subjects the owner to RLS too, and `chorus job failures` is the operators' view of all
 *   tenants and of the untenanted failures. A superuser owner bypasses RLS anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ owner: string }>`select current_user as owner`.execute(db);
  const owner = rows[0]!.owner;
  await sql.raw(`ALTER TABLE job_failures ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE job_failures FORCE ROW LEVEL SECURITY`).execute(db);
  await sql
    .raw(`CREATE POLICY tenant_isolation ON job_failures USING (${TENANT}) WITH CHECK (${TENANT})`)
    .execute(db);
  await sql
    .raw(
      `CREATE POLICY app_records_untenanted ON job_failures FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id IS NULL)`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE POLICY operators ON job_failures FOR SELECT TO "${owner.replaceAll('"', '""')}" USING (true)`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const policy of ["operators", "app_records_untenanted", "tenant_isolation"]) {
    await sql.raw(`DROP POLICY IF EXISTS ${policy} ON job_failures`).execute(db);
  }
  await sql.raw(`ALTER TABLE job_failures NO FORCE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE job_failures DISABLE ROW LEVEL SECURITY`).execute(db);
}
