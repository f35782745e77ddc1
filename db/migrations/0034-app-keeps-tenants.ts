import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "~/db/rls.ts";

/**
 * The app role may no longer delete tenants. Nothing in the app deletes one (offboarding a tenant is
 * an operator's act, as the owner), and a tenant delete is the one statement that reaches every
 * table of a tenant at once: by cascade, and for reach_daily by the trigger of 0033 (decision 0038).
 * So a bug or an injected statement in the app cannot wipe a tenant's data; without DELETE it fails
 * with "permission denied for table tenants" instead. tests/integration/owner-definer-functions.test.ts
 * checks it as the app role, under an owner that is no superuser.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`REVOKE DELETE ON tenants FROM ${APP_ROLE}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`GRANT DELETE ON tenants TO ${APP_ROLE}`).execute(db);
}
