import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import {
  identityProviderSecretContext,
  requireSsoKeyring,
} from "~/app/modules/sso/identity-provider-secret.server.ts";
import { DiscoveryError, discoverIssuer } from "~/app/modules/sso/oidc-discovery.server.ts";
import { normaliseSsoDomain } from "~/app/modules/sso/sso-domain.ts";
import { unverifyDomainsProvenBySignIn } from "~/app/modules/sso/verify-sso-domain-by-sign-in.server.ts";
import { SHARED_ENTRA_TENANT_IDS } from "~/app/modules/sso/sso-sign-in-rules.ts";
import {
  ConfigureIdentityProviderInput,
  DEFAULT_DISPLAY_NAMES,
  ENTRA_TENANT_ID,
} from "~/app/modules/sso/sso-schemas.ts";

/**
 * The issuer an ID token must carry for a Microsoft or Google provider: Entra's per directory,
 * Google's one. SSO_MICROSOFT_AUTHORITY / SSO_GOOGLE_AUTHORITY (development and tests, refused in
 * production by env.server.ts) put a local provider in their place, as sso-oidc.server.ts does.
 */
function fixedIssuer(kind: "microsoft" | "google", entraTenantId: string | null): string {
  const override = (name: string) =>
    process.env.NODE_ENV === "production"
      ? undefined
      : process.env[name]?.trim().replace(/\/$/, "") || undefined;
  return kind === "google"
    ? (override("SSO_GOOGLE_AUTHORITY") ?? "https://accounts.google.com")
    : `${override("SSO_MICROSOFT_AUTHORITY") ?? "https://login.microsoftonline.com"}/${entraTenantId}/v2.0`;
}

export interface ConfiguredIdentityProvider {
  id: string;
  issuer: string;
  /** domains whose require-SSO was switched off because the provider was switched off */
  requireSsoCleared: string[];
}

/**
 * Connects the tenant's identity provider, or changes it (one per tenant). Microsoft: the Entra
 * directory id gives the issuer; Google: the issuer is fixed and the hosted domain (the ID token's
 * `hd`) names the Workspace; any other OpenID provider: its discovery document is fetched and its
 * issuer stored. The client secret is sealed with the secrets keyring; left empty on an edit, the
 * stored one stays — unless the client id changes (a new app with the old app's secret is a broken
 * pair).
 *
 * Takes `db`, not a transaction: the discovery fetch (up to DISCOVERY_TIMEOUT_MS) runs before the
 * write's transaction, never inside one.
 *
 * A provider switched off (enabled false) cannot serve sign-ins, so require-SSO is switched off on
 * the tenant's domains with it: otherwise nobody of those domains could sign in at all.
 */
export async function configureIdentityProvider(
  db: DB,
  actor: Member,
  input: ConfigureIdentityProviderInput,
  opts: { now?: Date } = {},
): Promise<ConfiguredIdentityProvider> {
  requirePermission(actor, "tenant.sso");
  const value = parseInput(ConfigureIdentityProviderInput, input, "invalid identity provider");
  const keys = requireSsoKeyring();
  const now = opts.now ?? new Date();

  let fields: {
    issuer: string;
    entra_tenant_id: string | null;
    hosted_domain: string | null;
    discovery_url: string | null;
  };
  if (value.kind === "microsoft") {
    const tid = value.entraTenantId?.toLowerCase();
    if (!tid) throw new ValidationError("Entra tenant id required", { entraTenantId: ["required"] });
    if (!ENTRA_TENANT_ID.test(tid))
      throw new ValidationError("not an Entra tenant id", { entraTenantId: ["entraTenantId"] });
    if (SHARED_ENTRA_TENANT_IDS.has(tid))
      throw new ValidationError("personal Microsoft accounts are no company directory", {
        entraTenantId: ["entraPersonalAccounts"],
      });
    fields = {
      issuer: fixedIssuer("microsoft", tid),
      entra_tenant_id: tid,
      hosted_domain: null,
      discovery_url: null,
    };
  } else if (value.kind === "google") {
    if (!value.hostedDomain)
      throw new ValidationError("hosted domain required", { hostedDomain: ["required"] });
    const normalised = normaliseSsoDomain(value.hostedDomain);
    if ("problem" in normalised)
      throw new ValidationError("not a hosted domain", { hostedDomain: [normalised.problem] });
    fields = {
      issuer: fixedIssuer("google", null),
      entra_tenant_id: null,
      hosted_domain: normalised.domain,
      discovery_url: null,
    };
  } else {
    if (!value.discoveryUrl)
      throw new ValidationError("discovery URL required", { discoveryUrl: ["required"] });
    if (!value.displayName) throw new ValidationError("display name required", { displayName: ["required"] });
    try {
      const found = await discoverIssuer(value.discoveryUrl);
      fields = {
        issuer: found.issuer,
        entra_tenant_id: null,
        hosted_domain: null,
        discovery_url: found.discoveryUrl,
      };
    } catch (error) {
      if (error instanceof DiscoveryError)
        throw new ValidationError(error.message, { discoveryUrl: [error.problem] });
      throw error;
    }
  }
  const displayName = value.displayName || (value.kind === "oidc" ? "" : DEFAULT_DISPLAY_NAMES[value.kind]);

  return withTenant(db, actor.tenantId, async (tx) => {
    const existing = await tx
      .selectFrom("identity_providers")
      .select(["id", "client_id", "kind", "issuer", "hosted_domain"])
      .where("tenant_id", "=", actor.tenantId)
      .forUpdate()
      .executeTakeFirst();
    if (!existing && !value.clientSecret)
      throw new ValidationError("client secret required", { clientSecret: ["required"] });
    if (existing && existing.client_id !== value.clientId && !value.clientSecret)
      throw new ValidationError("client secret required", { clientSecret: ["secretForNewId"] });
    const secret = value.clientSecret
      ? {
          client_secret_encrypted: seal(
            keys,
            value.clientSecret,
            identityProviderSecretContext(actor.tenantId),
          ),
        }
      : {};
    const row = {
      kind: value.kind,
      display_name: displayName,
      client_id: value.clientId,
      jit_enabled: value.jitEnabled,
      enabled: value.enabled,
      updated_at: now,
      ...fields,
    };
    let id: string;
    if (existing) {
      await tx
        .updateTable("identity_providers")
        .set({ ...row, ...secret })
        .where("tenant_id", "=", actor.tenantId)
        .where("id", "=", existing.id)
        .execute();
      id = existing.id;
    } else {
      ({ id } = await tx
        .insertInto("identity_providers")
        .values({
          tenant_id: actor.tenantId,
          ...row,
          client_secret_encrypted: secret.client_secret_encrypted!,
          created_by: actor.id,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    }
    // A domain proven by a sign-in is proven for the directory that signed in (any of its members can):
    // another directory or issuer, even one of the tenant's own, must prove it again (or DNS does)
    const unverified =
      existing &&
      (existing.kind !== value.kind ||
        existing.issuer !== fields.issuer ||
        existing.hosted_domain !== fields.hosted_domain)
        ? await unverifyDomainsProvenBySignIn(tx, actor.tenantId)
        : [];
    const requireSsoCleared = value.enabled
      ? []
      : (
          await tx
            .updateTable("sso_domains")
            .set({ require_sso: false })
            .where("tenant_id", "=", actor.tenantId)
            .where("require_sso", "=", true)
            .returning("domain")
            .execute()
        ).map((d) => d.domain);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: existing ? "sso.provider_updated" : "sso.provider_configured",
      subject: id,
      // what changed, never the secret
      data: {
        kind: value.kind,
        issuer: fields.issuer,
        clientId: value.clientId,
        secretChanged: Boolean(value.clientSecret),
        jitEnabled: value.jitEnabled,
        enabled: value.enabled,
        ...(requireSsoCleared.length ? { requireSsoCleared } : {}),
        ...(unverified.length ? { unverified } : {}),
      },
    });
    return { id, issuer: fields.issuer, requireSsoCleared };
  });
}
