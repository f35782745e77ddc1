import { sql, type Kysely } from "kysely";
import { enableTenantRls, ensureAppRole, grantToApp } from "~/db/rls.ts";

const id = (col: import("kysely").ColumnDefinitionBuilder) =>
  col.primaryKey().defaultTo(sql`gen_random_uuid()`);
const now = sql`now()`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await ensureAppRole(db);

  // ── global ──
  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", id)
    .addColumn("email", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(email)`),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.check(sql`locale in ('de', 'en')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("tenants")
    .addColumn("id", "uuid", id)
    .addColumn("slug", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'`),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("default_locale", "text", (c) =>
      c
        .notNull()
        .defaultTo("de")
        .check(sql`default_locale in ('de', 'en')`),
    )
    .addColumn("time_zone", "text", (c) => c.notNull().defaultTo("Europe/Berlin"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("absolute_expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_id_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("sign_in_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("tenant_slug", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  for (const table of ["users", "tenants", "sessions", "sign_in_tokens"]) await grantToApp(db, table);

  // ── tenant ──
  await db.schema
    .createTable("teams")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("teams_tenant_name_key", ["tenant_id", "name"])
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("roles", sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{employee}'`)
        .check(sql`roles <@ array['admin','comms_lead','manager','employee']::text[]`),
    )
    .addColumn("team_id", "uuid", (c) => c.references("teams.id").onDelete("set null"))
    .addColumn("manager_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("active")
        .check(sql`status in ('active', 'deactivated')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("memberships_tenant_user_key", ["tenant_id", "user_id"])
    .execute();
  await db.schema.createIndex("memberships_user_id_idx").on("memberships").column("user_id").execute();

  await db.schema
    .createTable("invitations")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("roles", sql`text[]`, (c) => c.notNull())
    .addColumn("team_id", "uuid", (c) => c.references("teams.id").onDelete("set null"))
    .addColumn("manager_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("invitations_tenant_email_idx")
    .on("invitations")
    .columns(["tenant_id", "email"])
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "uuid", id)
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("actor_user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("audit_events_tenant_created_idx")
    .on("audit_events")
    .columns(["tenant_id", "created_at"])
    .execute();

  for (const table of ["teams", "memberships", "invitations", "api_tokens", "audit_events"]) {
    await enableTenantRls(db, table);
  }

  // The one narrow cross-tenant lookup: which tenants a signed-in person belongs to (tenant
  // switcher, landing after sign-in). SECURITY DEFINER so it can read past RLS; it returns only
  // the given user's active memberships (callers pass only the signed-in user's id), and tests keep
  // it on an allow-list. search_path puts pg_temp last so a temp table cannot shadow ours.
  await sql
    .raw(
      `CREATE FUNCTION user_tenants(p_user_id uuid)
         RETURNS TABLE (tenant_id uuid, slug text, name text, roles text[])
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $fn$
           SELECT t.id, t.slug, t.name, m.roles
             FROM public.memberships m JOIN public.tenants t ON t.id = m.tenant_id
            WHERE m.user_id = p_user_id AND m.status = 'active'
            ORDER BY t.name
         $fn$`,
    )
    .execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION user_tenants(uuid) FROM PUBLIC`).execute(db);
  await sql.raw(`GRANT EXECUTE ON FUNCTION user_tenants(uuid) TO chorus_app`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`DROP FUNCTION IF EXISTS user_tenants(uuid)`).execute(db);
  for (const table of [
    "audit_events",
    "api_tokens",
    "invitations",
    "memberships",
    "teams",
    "sign_in_tokens",
    "sessions",
    "tenants",
    "users",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
