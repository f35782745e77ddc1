import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

const now = sql`now()`;

/** Social profiles per member and network, the tenant's LinkedIn app, and members' LinkedIn grants. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("social_profiles")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("network", "text", (c) =>
      c
        .notNull()
        .check(sql`network in ('linkedin', 'x', 'facebook', 'xing', 'bluesky', 'mastodon', 'threads')`),
    )
    .addColumn("handle", "text", (c) => c.notNull().check(sql`char_length(handle) between 1 and 200`))
    .addColumn("follower_count", "integer", (c) => c.check(sql`follower_count between 0 and 100000000`))
    .addColumn("followers_recorded_at", "timestamptz")
    // a bare host name; the app validates it, the check keeps anything URL-like out
    .addColumn("mastodon_instance", "text", (c) => c.check(sql`mastodon_instance ~ '^[a-z0-9.-]{1,253}$'`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("social_profiles_member_network", ["tenant_id", "membership_id", "network"])
    .execute();
  await enableTenantRls(db, "social_profiles");

  await db.schema
    .createTable("linkedin_apps")
    .addColumn("tenant_id", "uuid", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    .addColumn("client_id", "text", (c) => c.notNull().check(sql`char_length(client_id) between 1 and 200`))
    .addColumn("client_secret_encrypted", "text", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("updated_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await enableTenantRls(db, "linkedin_apps");

  await db.schema
    .createTable("linkedin_connections")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("linkedin_member_id", "text", (c) => c.notNull())
    .addColumn("access_token_encrypted", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("connected_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("linkedin_connections_member", ["tenant_id", "membership_id"])
    .execute();
  await enableTenantRls(db, "linkedin_connections");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["linkedin_connections", "linkedin_apps", "social_profiles"])
    await db.schema.dropTable(table).ifExists().execute();
}
