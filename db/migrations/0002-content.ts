import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

const id = (col: import("kysely").ColumnDefinitionBuilder) =>
  col.primaryKey().defaultTo(sql`gen_random_uuid()`);
const now = sql`now()`;
const tenantFk = (c: import("kysely").ColumnDefinitionBuilder) =>
  c.notNull().references("tenants.id").onDelete("cascade");

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("topics")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("requires_second_approval", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("topics_tenant_name_key", ["tenant_id", "name"])
    .execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('link', 'text')`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("url", "text", (c) => c.check(sql`url is null or url ~ '^https?://'`))
    .addColumn("preview_status", "text", (c) =>
      c
        .notNull()
        .defaultTo("none")
        .check(sql`preview_status in ('none', 'pending', 'ok', 'failed')`),
    )
    .addColumn("preview_title", "text")
    .addColumn("preview_description", "text")
    .addColumn("preview_image_url", "text")
    .addColumn("preview_error", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(
          sql`status in ('draft', 'in_review', 'approved', 'published', 'expired', 'archived', 'rejected')`,
        ),
    )
    .addColumn("target_all", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("publish_at", "timestamptz")
    .addColumn("expires_at", "timestamptz")
    .addColumn("published_at", "timestamptz")
    .addColumn("author_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("source_suggestion_id", "uuid")
    .addColumn("rejection_reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("posts_tenant_slug_key", ["tenant_id", "slug"])
    .addCheckConstraint("posts_link_has_url", sql`(kind = 'link') = (url is not null)`)
    .addCheckConstraint(
      "posts_expiry_after_publish",
      sql`expires_at is null or publish_at is null or expires_at > publish_at`,
    )
    .execute();
  await db.schema
    .createIndex("posts_tenant_status_idx")
    .on("posts")
    .columns(["tenant_id", "status", "published_at"])
    .execute();
  // the publish/expire job scans only what is due
  await db.schema
    .createIndex("posts_due_publish_idx")
    .on("posts")
    .column("publish_at")
    .where(sql.ref("status"), "=", "approved")
    .execute();
  await db.schema
    .createIndex("posts_due_expiry_idx")
    .on("posts")
    .column("expires_at")
    .where(sql.ref("status"), "=", "published")
    .execute();

  await db.schema
    .createTable("post_topics")
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("topic_id", "uuid", (c) => c.notNull().references("topics.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("post_topics_pkey", ["post_id", "topic_id"])
    .execute();

  await db.schema
    .createTable("post_teams")
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("team_id", "uuid", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("post_teams_pkey", ["post_id", "team_id"])
    .execute();

  await db.schema
    .createTable("captions")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("network", "text", (c) =>
      c
        .notNull()
        .check(sql`network in ('linkedin', 'x', 'facebook', 'xing', 'bluesky', 'mastodon', 'threads')`),
    )
    .addColumn("language", "text", (c) => c.notNull().check(sql`language in ('de', 'en')`))
    .addColumn("address_form", "text", (c) =>
      c.check(sql`address_form is null or address_form in ('sie', 'du')`),
    )
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("captions_post_idx")
    .on("captions")
    .columns(["post_id", "network", "position"])
    .execute();

  await db.schema
    .createTable("post_versions")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("post_versions_post_version_key", ["post_id", "version"])
    .execute();

  await db.schema
    .createTable("post_transitions")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("from_status", "text", (c) => c.notNull())
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    /** null: the system (the publish/expire job) */
    .addColumn("actor_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("post_transitions_post_idx")
    .on("post_transitions")
    .columns(["post_id", "created_at"])
    .execute();

  await db.schema
    .createTable("post_approvals")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("approver_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    // one approval per person per version: the second approval must come from someone else
    .addUniqueConstraint("post_approvals_once_key", ["post_id", "version", "approver_id"])
    .execute();

  await db.schema
    .createTable("suggestions")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", tenantFk)
    .addColumn("suggester_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("url", "text", (c) => c.notNull().check(sql`url ~ '^https?://'`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'accepted', 'declined')`),
    )
    .addColumn("decline_reason", "text")
    .addColumn("post_id", "uuid", (c) => c.references("posts.id").onDelete("set null"))
    .addColumn("decided_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("suggestions_tenant_status_idx")
    .on("suggestions")
    .columns(["tenant_id", "status", "created_at"])
    .execute();

  await db.schema
    .alterTable("posts")
    .addForeignKeyConstraint(
      "posts_source_suggestion_fk",
      ["source_suggestion_id"],
      "suggestions",
      ["id"],
      (fk) => fk.onDelete("set null"),
    )
    .execute();

  // "new since your last visit" in the content hub
  await db.schema.alterTable("memberships").addColumn("hub_visited_at", "timestamptz").execute();

  for (const table of [
    "topics",
    "posts",
    "post_topics",
    "post_teams",
    "captions",
    "post_versions",
    "post_transitions",
    "post_approvals",
    "suggestions",
  ]) {
    await enableTenantRls(db, table);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("memberships").dropColumn("hub_visited_at").execute();
  for (const table of [
    "suggestions",
    "post_approvals",
    "post_transitions",
    "post_versions",
    "captions",
    "post_teams",
    "post_topics",
    "posts",
    "topics",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
