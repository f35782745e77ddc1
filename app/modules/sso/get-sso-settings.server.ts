import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { verificationRecord } from "~/app/modules/sso/sso-domain.ts";
import { SSO_SCOPES } from "~/app/modules/sso/sso-schemas.ts";

export interface SsoProviderSettings {
  kind: IdentityProviderKind;
  displayName: string;
  issuer: string;
  entraTenantId: string | null;
  hostedDomain: string | null;
  discoveryUrl: string | null;
  clientId: string;
  jitEnabled: boolean;
  enabled: boolean;
  /** the last save (the page starts a fresh form after each) */
  updatedAt: Date;
}

export interface SsoDomainSettings {
  domain: string;
  verifiedAt: Date | null;
  verifiedBy: "dns" | "sso" | null;
  requireSso: boolean;
  /** the TXT record to add at the DNS provider */
  record: { name: string; value: string };
  /** other tenants that verified the same domain (their people see both buttons) */
  alsoVerifiedElsewhere: boolean;
}

export interface SsoSettings {
  /** SECRETS_KEYS or SECRETS_KEY is set: without a key no client secret can be stored */
  serverConfigured: boolean;
  /** register this as the app's redirect URI at the provider */
  redirectUri: string;
  scopes: readonly string[];
  /** the client secret is write-only: never part of this */
  provider: SsoProviderSettings | null;
  domains: SsoDomainSettings[];
}

/** What the admin page shows. */
export async function getSsoSettings(tx: Tx, actor: Member): Promise<SsoSettings> {
  requirePermission(actor, "tenant.sso");
  const provider = await tx
    .selectFrom("identity_providers")
    .select([
      "kind",
      "display_name",
      "issuer",
      "entra_tenant_id",
      "hosted_domain",
      "discovery_url",
      "client_id",
      "jit_enabled",
      "enabled",
      "updated_at",
    ])
    .where("tenant_id", "=", actor.tenantId)
    .executeTakeFirst();
  const domains = await tx
    .selectFrom("sso_domains as d")
    .select([
      "d.domain",
      "d.verification_token",
      "d.verified_at",
      "d.verified_by",
      "d.require_sso",
      // resolve_sso_domain sees every tenant's verified rows (SECURITY DEFINER); only whether
      // another tenant is among them leaves this query
      sql<boolean>`d.verified_at is not null and exists (
        select 1 from resolve_sso_domain(d.domain) r where r.tenant_id <> d.tenant_id)`.as("elsewhere"),
    ])
    .where("d.tenant_id", "=", actor.tenantId)
    .orderBy("d.domain")
    .execute();
  return {
    serverConfigured: secretsKeyring() !== undefined,
    redirectUri: `${appUrl()}/sso/callback`,
    scopes: SSO_SCOPES,
    provider: provider
      ? {
          kind: provider.kind,
          displayName: provider.display_name,
          issuer: provider.issuer,
          entraTenantId: provider.entra_tenant_id,
          hostedDomain: provider.hosted_domain,
          discoveryUrl: provider.discovery_url,
          clientId: provider.client_id,
          jitEnabled: provider.jit_enabled,
          enabled: provider.enabled,
          updatedAt: provider.updated_at,
        }
      : null,
    domains: domains.map((d) => ({
      domain: d.domain,
      verifiedAt: d.verified_at,
      verifiedBy: d.verified_by,
      requireSso: d.require_sso,
      record: verificationRecord(d.domain, d.verification_token),
      alsoVerifiedElsewhere: d.elsewhere,
    })),
  };
}
