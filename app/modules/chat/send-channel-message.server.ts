import type { Tx } from "~/db/client.ts";
import { requireChatKeyring } from "~/app/modules/chat/chat-secrets.server.ts";
import { openTeamsWebhookUrl } from "~/app/modules/chat/add-teams-channel.server.ts";
import { openSlackBotToken } from "~/app/modules/chat/slack-installation.server.ts";
import type { ChatMessage, SendOutcome } from "~/app/modules/chat/chat-message.ts";
import { postToSlack } from "~/app/modules/chat/slack-send.server.ts";
import { postToTeams } from "~/app/modules/chat/teams-webhook.server.ts";

/** Where a channel message goes, with its secret opened: only ever in memory, between transactions. */
export type ChannelTarget =
  { provider: "teams"; webhookUrl: string } | { provider: "slack"; botToken: string; channelId: string };

interface ChannelRow {
  id: string;
  provider: "teams" | "slack";
  webhook_url_encrypted: string | null;
  slack_channel_id: string | null;
}

/**
 * Opens the channel's secret: the Teams webhook URL (the URL is the credential; H1's
 * openTeamsWebhookUrl), or the bot token of the tenant's Slack installation (H3's openSlackBotToken).
 * A failure is the channel's error for admins to read (no keyring, a key removed from SECRETS_KEYS,
 * Slack uninstalled), never a reason to retry.
 */
export async function openChannelTarget(
  tx: Tx,
  tenantId: string,
  channel: ChannelRow,
): Promise<{ ok: true; target: ChannelTarget } | { ok: false; error: string }> {
  try {
    if (channel.provider === "teams") {
      if (!channel.webhook_url_encrypted) return { ok: false, error: "the channel has no webhook URL" };
      const webhookUrl = openTeamsWebhookUrl(
        requireChatKeyring(),
        tenantId,
        channel.id,
        channel.webhook_url_encrypted,
      );
      return { ok: true, target: { provider: "teams", webhookUrl } };
    }
    const installation = await openSlackBotToken(tx, tenantId);
    if (!installation || !channel.slack_channel_id)
      return { ok: false, error: "Slack is not connected (the app was removed from the workspace)" };
    return {
      ok: true,
      target: { provider: "slack", botToken: installation.botToken, channelId: channel.slack_channel_id },
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Sends one message to a channel: Teams through its Workflows webhook (teams-webhook.server.ts),
 * Slack through chat.postMessage (slack-send.server.ts). Never throws: an unexpected error is a
 * transient failure, retried by the delivery like a 5xx.
 */
export async function sendChannelMessage(target: ChannelTarget, message: ChatMessage): Promise<SendOutcome> {
  try {
    return target.provider === "teams"
      ? await postToTeams(target.webhookUrl, message)
      : await postToSlack(target.botToken, target.channelId, message);
  } catch (err) {
    return {
      ok: false,
      permanent: false,
      retryAfterMs: null,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}
