import { ConflictError } from "~/app/lib/errors.ts";
import { secretsKeyring, type Keyring } from "~/app/lib/secrets-keyring.server.ts";

/**
 * Where identity_providers.client_secret_encrypted is sealed: the associated data binds the
 * ciphertext to its tenant's row, so a value copied into another tenant's row does not open.
 */
export const identityProviderSecretContext = (tenantId: string) =>
  `identity_providers.client_secret:${tenantId}`;

/** The secrets keyring, or the refusal an admin reads when the server has none (SECRETS_KEYS unset). */
export function requireSsoKeyring(): Keyring {
  const keys = secretsKeyring();
  if (!keys)
    throw new ConflictError(
      "single sign-on needs SECRETS_KEYS (or SECRETS_KEY) to store the client secret",
      "sso_server_not_configured",
    );
  return keys;
}
