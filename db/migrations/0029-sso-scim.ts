import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * Single sign-on and directory provisioning (issue 16).
 *
 * identity_providers: one OpenID Connect provider per tenant (Microsoft Entra ID, Google Workspace or
 * any issuer by discovery URL). The client secret is sealed with the secrets keyring like LinkedIn's
 * (app/modules/profiles/secret-box.server.ts).
 *
 * sso_domains: e-mail domains a tenant claims. A claim is only a claim until it is verified, by a DNS
 * TXT record or by a sign-in through the tenant's own Microsoft or Google provider that proves the
 * domain. Only verified domains route a sign-in to the tenant's provider, admit people just in time
 * and can require single sign-on. Two tenants may both prove one domain (a company with two Chorus
 * tenants): the sign-in page then offers both. That is why no global unique key exists, and the
 * table stays a tenant table; the one read before any tenant is known, e-mail domain → tenants, goes
 * through resolve_sso_domain(text) (SECURITY DEFINER, verified rows for exactly the domain asked).
 *
 * sso_identities: which person an identity provider's subject is. The stable subject (`sub`, for
 * Entra `oid`) decides, not the e-mail claim, so a renamed address keeps its person.
 *
 * SCIM: memberships and teams get the directory's externalId; scim_deleted_at marks a member the
 * directory deleted (deactivated here, the records kept; a SCIM GET answers 404). API tokens get the
 * `scim` scope.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("identity_providers")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("id", "uuid", (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('microsoft', 'google', 'oidc')`))
    // the button's "Sign in with <display_name>"
    .addColumn("display_name", "text", (c) => c.notNull())
    // the issuer every ID token must name: Entra https://login.microsoftonline.com/<tenant id>/v2.0,
    // Google https://accounts.google.com, otherwise the discovery document's issuer
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("discovery_url", "text")
    .addColumn("entra_tenant_id", "text")
    .addColumn("hosted_domain", "text")
    .addColumn("client_id", "text", (c) => c.notNull())
    // sealed: "v2.<key id>.<…>", never stored in clear
    .addColumn("client_secret_encrypted", "text", (c) => c.notNull())
    // people signing in through the provider with a verified-domain address become employees
    .addColumn("jit_enabled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_by", "uuid")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("identity_providers_pkey", ["tenant_id", "id"])
    // one provider per tenant
    .addUniqueConstraint("identity_providers_one_per_tenant", ["tenant_id"])
    .addCheckConstraint(
      "identity_providers_kind_fields",
      sql`(kind = 'microsoft' and entra_tenant_id is not null)
        or (kind = 'google' and hosted_domain is not null)
        or (kind = 'oidc' and discovery_url is not null)`,
    )
    .execute();
  await sql`ALTER TABLE identity_providers ADD CONSTRAINT identity_providers_created_by_fkey
    FOREIGN KEY (tenant_id, created_by) REFERENCES memberships (tenant_id, id) ON DELETE SET NULL (created_by)`.execute(
    db,
  );
  await enableTenantRls(db, "identity_providers");

  await db.schema
    .createTable("sso_domains")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    // lower case, no trailing dot, ASCII (punycode for IDNs)
    .addColumn("domain", "text", (c) =>
      c.notNull().check(sql`domain = lower(domain) and domain ~ '^[a-z0-9.-]+\\.[a-z0-9-]+$'`),
    )
    // the TXT record's value: chorus-domain-verification=<token>
    .addColumn("verification_token", "text", (c) => c.notNull())
    .addColumn("verified_at", "timestamptz")
    .addColumn("verified_by", "text", (c) => c.check(sql`verified_by in ('dns', 'sso')`))
    // magic links refused for addresses of this domain (only when verified)
    .addColumn("require_sso", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("sso_domains_pkey", ["tenant_id", "domain"])
    .addCheckConstraint(
      "sso_domains_verified_together",
      sql`(verified_at is null) = (verified_by is null) and (not require_sso or verified_at is not null)`,
    )
    .execute();
  await enableTenantRls(db, "sso_domains");
  await sql`CREATE INDEX sso_domains_domain_verified ON sso_domains (domain) WHERE verified_at IS NOT NULL`.execute(
    db,
  );
  await sql
    .raw(
      `CREATE FUNCTION resolve_sso_domain(wanted text)
         RETURNS TABLE (tenant_id uuid, require_sso boolean)
         LANGUAGE sql STABLE SECURITY DEFINER
         SET search_path = pg_catalog, pg_temp
       AS $$
         SELECT d.tenant_id, d.require_sso FROM public.sso_domains d
         WHERE d.domain = lower(wanted) AND d.verified_at IS NOT NULL
       $$`,
    )
    .execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION resolve_sso_domain(text) FROM PUBLIC`).execute(db);
  await sql.raw(`GRANT EXECUTE ON FUNCTION resolve_sso_domain(text) TO chorus_app`).execute(db);
  // the owner reads every row through the function, as FORCE subjects it to RLS too
  const { rows } = await sql<{ owner: string }>`select current_user as owner`.execute(db);
  const owner = `"${rows[0]!.owner.replaceAll('"', '""')}"`;
  await sql.raw(`CREATE POLICY operators ON sso_domains FOR SELECT TO ${owner} USING (true)`).execute(db);

  await db.schema
    .createTable("sso_identities")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("provider_id", "uuid", (c) => c.notNull())
    // the ID token's stable subject (Entra: oid, otherwise sub)
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_sign_in_at", "timestamptz")
    .addPrimaryKeyConstraint("sso_identities_pkey", ["tenant_id", "provider_id", "subject"])
    .addForeignKeyConstraint(
      "sso_identities_provider_id_fkey",
      ["tenant_id", "provider_id"],
      "identity_providers",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await enableTenantRls(db, "sso_identities");
  await sql`CREATE INDEX sso_identities_user ON sso_identities (tenant_id, user_id)`.execute(db);

  await db.schema.alterTable("memberships").addColumn("scim_external_id", "text").execute();
  await db.schema.alterTable("memberships").addColumn("scim_deleted_at", "timestamptz").execute();
  await sql`CREATE UNIQUE INDEX memberships_scim_external_id ON memberships (tenant_id, scim_external_id) WHERE scim_external_id IS NOT NULL`.execute(
    db,
  );
  await db.schema.alterTable("teams").addColumn("scim_external_id", "text").execute();
  await sql`CREATE UNIQUE INDEX teams_scim_external_id ON teams (tenant_id, scim_external_id) WHERE scim_external_id IS NOT NULL`.execute(
    db,
  );

  await sql`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check`.execute(db);
  await sql`ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
    CHECK (cardinality(scopes) > 0 and scopes <@ array['content', 'credit', 'scim']::text[])`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check`.execute(db);
  await sql`ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
    CHECK (cardinality(scopes) > 0 and scopes <@ array['content', 'credit']::text[])`.execute(db);
  await db.schema.alterTable("teams").dropColumn("scim_external_id").execute();
  await db.schema.alterTable("memberships").dropColumn("scim_deleted_at").execute();
  await db.schema.alterTable("memberships").dropColumn("scim_external_id").execute();
  await db.schema.dropTable("sso_identities").execute();
  await sql`DROP FUNCTION resolve_sso_domain(text)`.execute(db);
  await db.schema.dropTable("sso_domains").execute();
  await db.schema.dropTable("identity_providers").execute();
}
