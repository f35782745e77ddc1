import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

const now = sql`now()`;

/**
 * Opt-in advocacy: consents (versioned, never overwritten), the tenant's versioned guidelines and
 * their acknowledgements, onboarding completions, the tenant's share disclosure, and nullable
 * share ownership (a member who leaves may anonymise their past shares).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("advocacy_consents")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("consent_version", "text", (c) => c.notNull())
    .addColumn("granted_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("data_choice", "text", (c) =>
      c.check(sql`data_choice is null or data_choice in ('keep', 'anonymise')`),
    )
    .addCheckConstraint(
      "advocacy_consents_choice_on_withdrawal",
      sql`(withdrawn_at is null) = (data_choice is null)`,
    )
    .execute();
  // at most one open consent per member: a double-click on "join" cannot record two
  await db.schema
    .createIndex("advocacy_consents_open_key")
    .on("advocacy_consents")
    .columns(["tenant_id", "membership_id"])
    .unique()
    .where(sql.ref("withdrawn_at"), "is", null)
    .execute();
  await enableTenantRls(db, "advocacy_consents");

  await db.schema
    .createTable("guidelines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version > 0`))
    .addColumn("body_de", "text", (c) => c.notNull())
    .addColumn("body_en", "text", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("published_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addUniqueConstraint("guidelines_tenant_version_key", ["tenant_id", "version"])
    .addCheckConstraint("guidelines_not_empty", sql`length(body_de) > 0 or length(body_en) > 0`)
    .execute();
  await enableTenantRls(db, "guidelines");

  await db.schema
    .createTable("guideline_acknowledgements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("acknowledged_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addForeignKeyConstraint(
      "guideline_acknowledgements_guideline_fkey",
      ["tenant_id", "version"],
      "guidelines",
      ["tenant_id", "version"],
      (fk) => fk.onDelete("cascade"),
    )
    .addUniqueConstraint("guideline_acknowledgements_member_version_key", [
      "tenant_id",
      "membership_id",
      "version",
    ])
    .execute();
  await enableTenantRls(db, "guideline_acknowledgements");

  await db.schema
    .createTable("onboarding_completions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("path", "text", (c) => c.notNull().check(sql`path in ('beginner', 'experienced')`))
    .addColumn("completed_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("onboarding_completions_member_path_key", ["tenant_id", "membership_id", "path"])
    .execute();
  await enableTenantRls(db, "onboarding_completions");

  // e.g. "#mitarbeiter": appended to every share and not removable by the sharer; null = none
  await db.schema
    .alterTable("tenants")
    .addColumn("share_disclosure", "text", (c) =>
      c.check(sql`share_disclosure is null or (length(share_disclosure) between 1 and 40)`),
    )
    .execute();

  // "anonymise" on leaving: the share stays (its clicks count for the programme) without its sharer
  await db.schema
    .alterTable("shares")
    .alterColumn("membership_id", (c) => c.dropNotNull())
    .execute();
  // "anonymise" also cuts the link from the person: their links no longer name them
  await db.schema
    .alterTable("link_codes")
    .alterColumn("sharer_user_id", (c) => c.dropNotNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from shares where membership_id is null`.execute(db);
  await db.schema
    .alterTable("link_codes")
    .alterColumn("sharer_user_id", (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable("shares")
    .alterColumn("membership_id", (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable("tenants").dropColumn("share_disclosure").execute();
  for (const table of [
    "onboarding_completions",
    "guideline_acknowledgements",
    "guidelines",
    "advocacy_consents",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
