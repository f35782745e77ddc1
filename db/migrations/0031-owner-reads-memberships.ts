import { sql, type Kysely } from "kysely";

/**
 * user_tenants(uuid) (0001) is SECURITY DEFINER: it runs as the tables' owner to read one person's
 * memberships across tenants (the tenant switcher, the landing after sign-in, SCIM's and
 * deprovisioning's "does this person belong elsewhere"). memberships has FORCE ROW LEVEL SECURITY,
 * which binds the owner as well, so under production's owner (NOSUPERUSER NOBYPASSRLS, `chorus db
 * roles`) the function saw no row at all; the tests migrate as a superuser, who bypasses RLS, and
 * never noticed. Like link_codes (0015) and sso_domains (0029), the owner gets a read-only policy:
 * it owns the table and could lift RLS anyway, and the app role (which is not the owner) gains
 * nothing. tests/integration/owner-definer-functions.test.ts migrates as such an owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ owner: string }>`select current_user as owner`.execute(db);
  const owner = `"${rows[0]!.owner.replaceAll('"', '""')}"`;
  await sql.raw(`CREATE POLICY operators ON memberships FOR SELECT TO ${owner} USING (true)`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP POLICY operators ON memberships`.execute(db);
}
