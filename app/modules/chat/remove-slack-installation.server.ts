import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { ConflictError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { requireChatKeyring, slackBotTokenContext } from "~/app/modules/chat/chat-secrets.server.ts";
import {
  dropSlackToken,
  pauseSlackChannels,
  revokeSlackToken,
} from "~/app/modules/chat/slack-token-ending.server.ts";

/**
 * An admin removes Chorus from the company's Slack workspace: the bot token is deleted here
 * (bot_token_encrypted null, revoked_at set), the company's Slack channels are paused (kept for a
 * re-install, see pauseSlackChannels), and after the commit Slack is asked to revoke the token
 * (auth.revoke; a Slack outage is logged, the token is gone on our side either way).
 */
export async function removeSlackInstallation(
  tx: Tx,
  actor: Member,
  opts: { now?: Date } = {},
): Promise<{ pausedChannels: number }> {
  requirePermission(actor, "integrations.install");
  const keys = requireChatKeyring();
  const now = opts.now ?? new Date();
  const dropped = await dropSlackToken(tx, actor.tenantId, {}, now);
  if (!dropped) throw new ConflictError("no Slack workspace is connected", "slack_not_installed");
  const pausedChannels = await pauseSlackChannels(tx, actor.tenantId, "Chorus was removed from Slack", now);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "chat.slack_removed",
    subject: dropped.id,
    data: { teamId: dropped.teamId, pausedChannels },
  });
  afterCommit(tx, async () => {
    await revokeSlackToken(keys, dropped.sealed, slackBotTokenContext(actor.tenantId, dropped.id));
  });
  return { pausedChannels };
}
