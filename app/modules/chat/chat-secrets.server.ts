import { ConflictError } from "~/app/lib/errors.ts";
import { secretsKeyring, type Keyring } from "~/app/lib/secrets-keyring.server.ts";

/**
 * Where the chat secrets are sealed (app/modules/profiles/secret-box.server.ts). The associated data
 * binds a ciphertext to its row: copied into another tenant's or channel's row, it does not open.
 */
export const teamsWebhookContext = (tenantId: string, channelId: string) =>
  `chat_channels.webhook_url:${tenantId}:${channelId}`;

export const slackBotTokenContext = (tenantId: string, installationId: string) =>
  `slack_installations.bot_token:${tenantId}:${installationId}`;

/** The secrets keyring, or the refusal an admin reads when the server has none (SECRETS_KEYS unset). */
export function requireChatKeyring(): Keyring {
  const keys = secretsKeyring();
  if (!keys)
    throw new ConflictError(
      "Teams and Slack need SECRETS_KEYS (or SECRETS_KEY) to store webhook URLs and tokens",
      "chat_server_not_configured",
    );
  return keys;
}
