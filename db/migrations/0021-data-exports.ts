import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * "Download my data" (issue 13, GDPR Art. 15/20): data_exports (tenant table, forced RLS).
 * One row per export of one member's data in one tenant. A job fills `content` (the JSON document,
 * app/modules/privacy/export-member-data.server.ts) and marks it ready; the member downloads it from
 * /t/<slug>/my-data/<id> until expires_at (7 days after it was ready). After that the content is
 * dropped (purgeExpiredExports) and only the row stays, so the member still sees that it existed.
 * - membership_id: whose data; the row goes with the membership (ON DELETE CASCADE).
 * - requested_by: the member who asked (themself), or NULL when an operator exported through the CLI.
 * - at most one pending export per member (partial unique index), so a double click or a race
 *   enqueues one job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("data_exports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("requested_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'ready', 'failed')`),
    )
    // json, not jsonb: the document keeps its key order (format and version first) as it is downloaded
    .addColumn("content", "json")
    .addColumn("error", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ready_at", "timestamptz")
    .addColumn("downloaded_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("data_exports_member_idx")
    .on("data_exports")
    .columns(["tenant_id", "membership_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("data_exports_one_pending")
    .on("data_exports")
    .columns(["tenant_id", "membership_id"])
    .unique()
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema
    .createIndex("data_exports_expiry_idx")
    .on("data_exports")
    .column("expires_at")
    .where(sql.ref("content"), "is not", null)
    .execute();
  await enableTenantRls(db, "data_exports");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("data_exports").ifExists().execute();
}
