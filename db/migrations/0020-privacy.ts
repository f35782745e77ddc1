import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * The works-council and GDPR pack (issue 13), shared settings:
 * - privacy_settings: one row per tenant (no row: the defaults). audit_retention_months is how long
 *   audit events and the credit access log are kept (default 24, at least 6 — a works council and
 *   the DPO need a trail that long; at most 120). strict_mode is the strict works-council mode: no
 *   individual figures for anyone but the person (leaderboard and points off for others, managers
 *   see released statements only, comms leads groups only).
 * - disclosure_labels: the label a share must carry per network and language ("#Mitarbeiter",
 *   "#Werbung" when incentivised); inserted into the share text automatically. tenants.share_disclosure
 *   stays the fallback for networks and languages without their own label.
 * Both tenant tables: forced RLS.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("privacy_settings")
    .addColumn("tenant_id", "uuid", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    .addColumn("audit_retention_months", "integer", (c) =>
      c
        .notNull()
        .defaultTo(24)
        .check(sql`audit_retention_months between 6 and 120`),
    )
    .addColumn("strict_mode", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await enableTenantRls(db, "privacy_settings");

  await db.schema
    .createTable("disclosure_labels")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("network", "text", (c) =>
      c
        .notNull()
        .check(sql`network in ('linkedin', 'x', 'facebook', 'xing', 'bluesky', 'mastodon', 'threads')`),
    )
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('de', 'en')`))
    .addColumn("label", "text", (c) => c.notNull().check(sql`length(label) between 1 and 40`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("disclosure_labels_pk", ["tenant_id", "network", "language"])
    .execute();
  await enableTenantRls(db, "disclosure_labels");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("disclosure_labels").ifExists().execute();
  await db.schema.dropTable("privacy_settings").ifExists().execute();
}
