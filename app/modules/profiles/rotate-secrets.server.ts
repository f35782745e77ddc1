import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { appContext, tokenContext } from "~/app/modules/profiles/linkedin-config.server.ts";
import { identityProviderSecretContext } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { slackBotTokenContext, teamsWebhookContext } from "~/app/modules/chat/chat-secrets.server.ts";
import {
  isSealedWithCurrentKey,
  keyIdOf,
  open,
  seal,
  SecretBoxError,
} from "~/app/modules/profiles/secret-box.server.ts";

/** Counts for one kind of stored secret. */
export interface RotationCounts {
  /** re-encrypted with the current key by this run */
  rotated: number;
  /** already under the current key in the current format: left alone */
  current: number;
  /** could not be decrypted (a key that is no longer configured, or a damaged value) */
  failed: number;
}

export interface RotationFailure {
  tenantId: string;
  column: string;
  /**
   * the row's id within its tenant (membership id for LinkedIn tokens; the tenant id for an app; the
   * provider, channel or installation id otherwise)
   */
  rowId: string;
  keyId: string | null;
  reason: string;
}

export interface RotationReport {
  currentKeyId: string;
  tenants: number;
  linkedinClientSecrets: RotationCounts;
  linkedinAccessTokens: RotationCounts;
  /** identity_providers.client_secret_encrypted (single sign-on, issue 16) */
  identityProviderSecrets: RotationCounts;
  /** chat_channels.webhook_url_encrypted of Teams channels (issue 17: the URL is the credential) */
  teamsWebhookUrls: RotationCounts;
  /** slack_installations.bot_token_encrypted of installations not revoked (issue 17) */
  slackBotTokens: RotationCounts;
  failures: RotationFailure[];
}

const empty = (): RotationCounts => ({ rotated: 0, current: 0, failed: 0 });

/**
 * Re-encrypts every stored secret with the keyring's current key, tenant by tenant (one
 * transaction each, rows locked while they are rewritten, so a member reconnecting LinkedIn at the
 * same moment is neither lost nor overwritten). Idempotent: a value already under the current key
 * is not touched, so a second run rotates nothing. A value that cannot be decrypted is reported
 * and left as it is; the rest still rotates.
 *
 * Runs as the app role through withTenant: row level security stays on even for this operator
 * command (the owner is subject to FORCEd RLS as well, so it would see nothing without a tenant).
 *
 * Stored secrets today: linkedin_apps.client_secret_encrypted,
 * linkedin_connections.access_token_encrypted, identity_providers.client_secret_encrypted,
 * chat_channels.webhook_url_encrypted (Teams channels) and slack_installations.bot_token_encrypted
 * (null once revoked: nothing to rotate). The OAuth, SSO and Add-to-Slack flow cookies live ten
 * minutes and are not stored.
 */
export async function rotateSecrets(db: DB, keyring: Keyring): Promise<RotationReport> {
  const report: RotationReport = {
    currentKeyId: keyring.currentId,
    tenants: 0,
    linkedinClientSecrets: empty(),
    linkedinAccessTokens: empty(),
    identityProviderSecrets: empty(),
    teamsWebhookUrls: empty(),
    slackBotTokens: empty(),
    failures: [],
  };
  const tenants = await db.selectFrom("tenants").select("id").orderBy("id").execute();
  for (const { id: tenantId } of tenants) {
    report.tenants++;
    await withTenant(db, tenantId, async (tx) => {
      const app = await tx
        .selectFrom("linkedin_apps")
        .select("client_secret_encrypted")
        .where("tenant_id", "=", tenantId)
        .forUpdate()
        .executeTakeFirst();
      if (app) {
        const next = reseal(
          keyring,
          app.client_secret_encrypted,
          appContext(tenantId),
          report.linkedinClientSecrets,
          (reason, keyId) =>
            report.failures.push({
              tenantId,
              column: "linkedin_apps.client_secret_encrypted",
              rowId: tenantId,
              keyId,
              reason,
            }),
        );
        if (next) {
          const result = await tx
            .updateTable("linkedin_apps")
            .set({ client_secret_encrypted: next })
            .where("tenant_id", "=", tenantId)
            .where("client_secret_encrypted", "=", app.client_secret_encrypted)
            .executeTakeFirst();
          if (result.numUpdatedRows !== 1n)
            throw new Error(`linkedin_apps of tenant ${tenantId} changed while it was locked`);
        }
      }

      const connections = await tx
        .selectFrom("linkedin_connections")
        .select(["id", "membership_id", "access_token_encrypted"])
        .where("tenant_id", "=", tenantId)
        .orderBy("id")
        .forUpdate()
        .execute();
      for (const connection of connections) {
        const next = reseal(
          keyring,
          connection.access_token_encrypted,
          tokenContext(tenantId, connection.membership_id),
          report.linkedinAccessTokens,
          (reason, keyId) =>
            report.failures.push({
              tenantId,
              column: "linkedin_connections.access_token_encrypted",
              rowId: connection.membership_id,
              keyId,
              reason,
            }),
        );
        if (!next) continue;
        const result = await tx
          .updateTable("linkedin_connections")
          .set({ access_token_encrypted: next })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", connection.id)
          .where("access_token_encrypted", "=", connection.access_token_encrypted)
          .executeTakeFirst();
        if (result.numUpdatedRows !== 1n)
          throw new Error(`linkedin_connections row ${connection.id} changed while it was locked`);
      }

      // the tenant's single sign-on provider (one per tenant): its client secret, sealed under
      // identityProviderSecretContext as configure-identity-provider.server.ts seals it
      const provider = await tx
        .selectFrom("identity_providers")
        .select(["id", "client_secret_encrypted"])
        .where("tenant_id", "=", tenantId)
        .forUpdate()
        .executeTakeFirst();
      if (provider) {
        const next = reseal(
          keyring,
          provider.client_secret_encrypted,
          identityProviderSecretContext(tenantId),
          report.identityProviderSecrets,
          (reason, keyId) =>
            report.failures.push({
              tenantId,
              column: "identity_providers.client_secret_encrypted",
              rowId: provider.id,
              keyId,
              reason,
            }),
        );
        if (next) {
          const result = await tx
            .updateTable("identity_providers")
            .set({ client_secret_encrypted: next })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", provider.id)
            .where("client_secret_encrypted", "=", provider.client_secret_encrypted)
            .executeTakeFirst();
          if (result.numUpdatedRows !== 1n)
            throw new Error(`identity_providers of tenant ${tenantId} changed while it was locked`);
        }
      }

      // Teams channels: the Workflows webhook URL, sealed under teamsWebhookContext as
      // add-teams-channel.server.ts seals it (Slack channels store no secret)
      const channels = await tx
        .selectFrom("chat_channels")
        .select(["id", "webhook_url_encrypted"])
        .where("tenant_id", "=", tenantId)
        .where("provider", "=", "teams")
        .where("webhook_url_encrypted", "is not", null)
        .orderBy("id")
        .forUpdate()
        .execute();
      for (const channel of channels) {
        const sealed = channel.webhook_url_encrypted;
        if (sealed === null) continue; // excluded by the query; narrows the type
        const next = reseal(
          keyring,
          sealed,
          teamsWebhookContext(tenantId, channel.id),
          report.teamsWebhookUrls,
          (reason, keyId) =>
            report.failures.push({
              tenantId,
              column: "chat_channels.webhook_url_encrypted",
              rowId: channel.id,
              keyId,
              reason,
            }),
        );
        if (!next) continue;
        const result = await tx
          .updateTable("chat_channels")
          .set({ webhook_url_encrypted: next })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", channel.id)
          .where("webhook_url_encrypted", "=", sealed)
          .executeTakeFirst();
        if (result.numUpdatedRows !== 1n)
          throw new Error(`chat_channels row ${channel.id} changed while it was locked`);
      }

      // the tenant's Slack workspace (one per tenant): its bot token, sealed under
      // slackBotTokenContext; null once uninstalled or revoked
      const installation = await tx
        .selectFrom("slack_installations")
        .select(["id", "bot_token_encrypted"])
        .where("tenant_id", "=", tenantId)
        .where("bot_token_encrypted", "is not", null)
        .forUpdate()
        .executeTakeFirst();
      const botToken = installation?.bot_token_encrypted;
      if (installation && botToken) {
        const next = reseal(
          keyring,
          botToken,
          slackBotTokenContext(tenantId, installation.id),
          report.slackBotTokens,
          (reason, keyId) =>
            report.failures.push({
              tenantId,
              column: "slack_installations.bot_token_encrypted",
              rowId: installation.id,
              keyId,
              reason,
            }),
        );
        if (next) {
          const result = await tx
            .updateTable("slack_installations")
            .set({ bot_token_encrypted: next })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", installation.id)
            .where("bot_token_encrypted", "=", botToken)
            .executeTakeFirst();
          if (result.numUpdatedRows !== 1n)
            throw new Error(`slack_installations of tenant ${tenantId} changed while it was locked`);
        }
      }
    });
  }
  return report;
}

/** The value sealed with the current key, or undefined when there is nothing to do (or it failed). */
function reseal(
  keyring: Keyring,
  sealed: string,
  context: string,
  counts: RotationCounts,
  fail: (reason: string, keyId: string | null) => void,
): string | undefined {
  let keyId: string | null = null;
  try {
    if (isSealedWithCurrentKey(keyring, sealed)) {
      counts.current++;
      return undefined;
    }
    keyId = keyIdOf(sealed);
    const next = seal(keyring, open(keyring, sealed, context), context);
    counts.rotated++;
    return next;
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    counts.failed++;
    fail(error.message, keyId);
    return undefined;
  }
}
