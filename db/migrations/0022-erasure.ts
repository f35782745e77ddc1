import { sql, type Kysely } from "kysely";
import { APP_ROLE, enableTenantRls } from "~/db/rls.ts";

/**
 * Erasure of a person from a tenant (GDPR Art. 17, issue 13; app/modules/privacy/erase-member.server.ts).
 * - erasures: one row per erased person: the pseudonym their membership carries from then on, who
 *   erased them (null: an operator through the CLI), and what was removed or rewritten (counts).
 *   No email and no name: the row is the proof that the erasure happened, not a copy of the data.
 * - credit_statements.pseudonymised_at: set when a statement's embedded names were replaced by the
 *   pseudonym (content and content_hash rewritten). A copy exported before that date still carries
 *   the names and the old hash. The app role may now update content and content_hash, but a trigger
 *   lets them change only together with a new pseudonymised_at, and only inside an erasure's
 *   transaction (app.erasure = 'on', set transaction-locally by eraseMember), so a statement stays
 *   write-once for everything but an erasure.
 * - memberships.user_id: ON DELETE RESTRICT instead of CASCADE. A user row goes only when no tenant
 *   holds a membership of theirs any more; before, deleting a user would have deleted their
 *   memberships (and through them their figures) in every tenant, past row level security.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("erasures")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("pseudonym", "text", (c) => c.notNull())
    // the membership that now carries the pseudonym (kept so the tenant's totals still add up)
    .addColumn("membership_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("erased_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("erased_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("counts", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addUniqueConstraint("erasures_pseudonym_per_tenant", ["tenant_id", "pseudonym"])
    .execute();
  await enableTenantRls(db, "erasures");

  await db.schema.alterTable("credit_statements").addColumn("pseudonymised_at", "timestamptz").execute();
  await sql
    .raw(`GRANT UPDATE (content, content_hash, pseudonymised_at) ON credit_statements TO ${APP_ROLE}`)
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION credit_statements_pseudonymise_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- only an erasure pseudonymises: it sets app.erasure for its own transaction (set_config(..., true))
        IF (NEW.content IS DISTINCT FROM OLD.content OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
            OR NEW.pseudonymised_at IS DISTINCT FROM OLD.pseudonymised_at)
           AND (NEW.pseudonymised_at IS NULL OR NEW.pseudonymised_at IS NOT DISTINCT FROM OLD.pseudonymised_at
                OR current_setting('app.erasure', true) IS DISTINCT FROM 'on') THEN
          -- the same refusal as the missing column privilege was before 0022: a forged content is no erasure
          RAISE EXCEPTION 'permission denied to change a credit statement''s content other than by pseudonymising it (an erasure)'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER credit_statements_pseudonymise_only
        BEFORE UPDATE OF content, content_hash, pseudonymised_at ON credit_statements
        FOR EACH ROW EXECUTE FUNCTION credit_statements_pseudonymise_only()`,
    )
    .execute(db);

  await sql`ALTER TABLE memberships DROP CONSTRAINT memberships_user_id_fkey`.execute(db);
  await sql`ALTER TABLE memberships ADD CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE RESTRICT`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE memberships DROP CONSTRAINT memberships_user_id_fkey`.execute(db);
  await sql`ALTER TABLE memberships ADD CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE`.execute(
    db,
  );
  await sql`DROP TRIGGER credit_statements_pseudonymise_only ON credit_statements`.execute(db);
  await sql`DROP FUNCTION credit_statements_pseudonymise_only()`.execute(db);
  await sql
    .raw(`REVOKE UPDATE (content, content_hash, pseudonymised_at) ON credit_statements FROM ${APP_ROLE}`)
    .execute(db);
  await db.schema.alterTable("credit_statements").dropColumn("pseudonymised_at").execute();
  await db.schema.dropTable("erasures").ifExists().execute();
}
