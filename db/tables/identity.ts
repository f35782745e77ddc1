import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

export const IDENTITY_PROVIDER_KINDS = ["microsoft", "google", "oidc"] as const;
export type IdentityProviderKind = (typeof IDENTITY_PROVIDER_KINDS)[number];

/** A tenant's OpenID Connect provider, one per tenant (migration 0029-sso-scim). */
export interface IdentityProvidersTable {
  tenant_id: string;
  id: Generated<string>;
  kind: IdentityProviderKind;
  /** "Sign in with <display_name>" */
  display_name: string;
  /** the issuer every ID token must name */
  issuer: string;
  /** kind oidc: the discovery document's URL */
  discovery_url: string | null;
  /** kind microsoft: the Entra directory (tenant) id */
  entra_tenant_id: string | null;
  /** kind google: the Workspace domain (the ID token's hd claim) */
  hosted_domain: string | null;
  client_id: string;
  /** sealed with the secrets keyring (secret-box.server.ts), never in clear */
  client_secret_encrypted: string;
  jit_enabled: Generated<boolean>;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An e-mail domain a tenant claims; verified by DNS TXT or by a sign-in that proves it. */
export interface SsoDomainsTable {
  tenant_id: string;
  /** lower case ASCII (punycode for IDNs), no trailing dot */
  domain: string;
  /** the TXT record's value is chorus-domain-verification=<token> */
  verification_token: string;
  verified_at: Timestamp | null;
  verified_by: "dns" | "sso" | null;
  /** magic links refused for this domain's addresses; only on a verified domain (CHECK) */
  require_sso: Generated<boolean>;
  created_at: CreatedAt;
}

/** Which person a provider's stable subject is (Entra: oid, otherwise sub). */
export interface SsoIdentitiesTable {
  tenant_id: string;
  provider_id: string;
  subject: string;
  user_id: string;
  created_at: CreatedAt;
  last_sign_in_at: Timestamp | null;
}

export interface IdentityTables {
  identity_providers: IdentityProvidersTable;
  sso_domains: SsoDomainsTable;
  sso_identities: SsoIdentitiesTable;
}
