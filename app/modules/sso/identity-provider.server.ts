import type { Tx } from "~/db/client.ts";
import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import { ConflictError } from "~/app/lib/errors.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";
import {
  identityProviderSecretContext,
  requireSsoKeyring,
} from "~/app/modules/sso/identity-provider-secret.server.ts";

/** A tenant's identity provider with its client secret opened: only for the sign-in flow, never for a page. */
export interface SsoProvider {
  id: string;
  tenantId: string;
  kind: IdentityProviderKind;
  displayName: string;
  issuer: string;
  discoveryUrl: string | null;
  entraTenantId: string | null;
  hostedDomain: string | null;
  clientId: string;
  clientSecret: string;
  jitEnabled: boolean;
}

/**
 * The tenant's enabled identity provider, its client secret opened with the secrets keyring
 * (sso_server_not_configured without one; sso_no_provider when the tenant has none or switched it off).
 */
export async function requireIdentityProvider(tx: Tx, tenantId: string): Promise<SsoProvider> {
  const keys = requireSsoKeyring();
  const row = await tx
    .selectFrom("identity_providers")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("enabled", "=", true)
    .executeTakeFirst();
  if (!row) throw new ConflictError("this tenant has no enabled identity provider", "sso_no_provider");
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    displayName: row.display_name,
    issuer: row.issuer,
    discoveryUrl: row.discovery_url,
    entraTenantId: row.entra_tenant_id,
    hostedDomain: row.hosted_domain,
    clientId: row.client_id,
    clientSecret: open(keys, row.client_secret_encrypted, identityProviderSecretContext(tenantId)),
    jitEnabled: row.jit_enabled,
  };
}
