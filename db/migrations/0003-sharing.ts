import { sql, type Kysely } from "kysely";
import { enableTenantRls, grantToApp } from "~/db/rls.ts";

const now = sql`now()`;

/** Shares, their tracked link codes, and the click events the drain job writes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("shares")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("network", "text", (c) =>
      c
        .notNull()
        .check(sql`network in ('linkedin', 'x', 'facebook', 'xing', 'bluesky', 'mastodon', 'threads')`),
    )
    .addColumn("caption_id", "uuid", (c) => c.references("captions.id").onDelete("set null"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('intent', 'api', 'copy')`))
    // null for a text-only post: there is no link to track
    .addColumn("code", "text", (c) => c.unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("shares_member_idx")
    .on("shares")
    .columns(["tenant_id", "membership_id", "created_at"])
    .execute();
  await db.schema.createIndex("shares_post_idx").on("shares").columns(["tenant_id", "post_id"]).execute();
  await enableTenantRls(db, "shares");

  // Global: resolved by /s/:code before the tenant is known. See the catalog test's allow-list.
  await db.schema
    .createTable("link_codes")
    .addColumn("code", "text", (c) => c.primaryKey().check(sql`code ~ '^[A-Za-z0-9_-]{6,32}$'`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("share_id", "uuid", (c) => c.notNull().references("shares.id").onDelete("cascade"))
    .addColumn("sharer_user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("destination", "text", (c) => c.notNull().check(sql`destination ~ '^https?://'`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("tracking_stopped_at", "timestamptz")
    .execute();
  await grantToApp(db, "link_codes");

  await db.schema
    .createTable("click_events")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("share_id", "uuid", (c) => c.notNull().references("shares.id").onDelete("cascade"))
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("clicked_at", "timestamptz", (c) => c.notNull())
    .addColumn("visitor_hash", "text", (c) => c.notNull())
    .addColumn("is_bot", "boolean", (c) => c.notNull())
    .addColumn("referrer_host", "text")
    // idempotent drain: the same click (event key) is stored once, per tenant
    .addUniqueConstraint("click_events_event_key", ["tenant_id", "event_key"])
    .execute();
  await db.schema
    .createIndex("click_events_share_idx")
    .on("click_events")
    .columns(["tenant_id", "share_id", "clicked_at"])
    .execute();
  await enableTenantRls(db, "click_events");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["click_events", "link_codes", "shares"])
    await db.schema.dropTable(table).ifExists().execute();
}
