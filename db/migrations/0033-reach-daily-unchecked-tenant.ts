import { sql, type Kysely } from "kysely";

/**
 * reach_daily loses its foreign key to tenants (issue 15, decision 0038). The table is derived: the
 * rollup writes it from the tenant's own shares and clicks (and an opt-out moves a member's rows), so
 * the key never caught anything; but PostgreSQL checked it row by row, and a full rollup of a year
 * (667,000 rows for 5 million clicks) spent about 2 of its 10 seconds in those checks.
 *
 * What the key also did stays:
 * - ON DELETE CASCADE: a statement trigger on tenants deletes the deleted tenants' rows (their member
 *   rows are pseudonymous personal data). reach_daily has FORCE ROW LEVEL SECURITY, which a cascade
 *   bypasses and a trigger does not, so the trigger sets app.tenant_id per deleted tenant for its
 *   DELETE and puts the caller's value back afterwards. TRUNCATE tenants CASCADE no longer reaches
 *   reach_daily (nothing truncates tenants).
 * - the lock: each insert used to hold the tenant row FOR KEY SHARE, so a tenant delete waited for
 *   the writer's commit; the rollup batch and the opt-out now take that lock once themselves.
 * tests/integration/owner-definer-functions.test.ts deletes tenants as a NOSUPERUSER owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE reach_daily DROP CONSTRAINT reach_daily_tenant_id_fkey`.execute(db);
  await sql`
    CREATE FUNCTION reach_daily_forget_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      caller text := current_setting('app.tenant_id', true);
      gone uuid;
    BEGIN
      FOR gone IN SELECT id FROM deleted_tenants LOOP
        PERFORM set_config('app.tenant_id', gone::text, true);
        DELETE FROM reach_daily WHERE tenant_id = gone;
      END LOOP;
      PERFORM set_config('app.tenant_id', coalesce(caller, ''), true);
      RETURN NULL;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER tenants_forget_reach_daily AFTER DELETE ON tenants
    REFERENCING OLD TABLE AS deleted_tenants
    FOR EACH STATEMENT EXECUTE FUNCTION reach_daily_forget_tenants()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER tenants_forget_reach_daily ON tenants`.execute(db);
  await sql`DROP FUNCTION reach_daily_forget_tenants()`.execute(db);
  // forced RLS would hide every row from an owner without app.tenant_id (0026's withoutForcedRls)
  await sql`ALTER TABLE reach_daily NO FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`DELETE FROM reach_daily r WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = r.tenant_id)`.execute(
    db,
  );
  await sql`ALTER TABLE reach_daily ADD CONSTRAINT reach_daily_tenant_id_fkey FOREIGN KEY (tenant_id)
            REFERENCES tenants (id) ON DELETE CASCADE`.execute(db);
  await sql`ALTER TABLE reach_daily FORCE ROW LEVEL SECURITY`.execute(db);
}
