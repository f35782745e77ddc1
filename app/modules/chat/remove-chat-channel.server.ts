import type { Tx } from "~/db/client.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { lockChatChannel } from "~/app/modules/chat/chat-channel-records.server.ts";
import { ChatChannelIdInput } from "~/app/modules/chat/chat-schemas.ts";

/**
 * Removes a channel: Chorus stops posting there at once. Its sealed webhook URL goes with the row, and
 * so do its topics and its deliveries, pending ones included (foreign keys, ON DELETE CASCADE). The
 * Teams workflow or the Slack app in the channel stays; the admin removes those in Teams or Slack.
 */
export async function removeChatChannel(tx: Tx, actor: Member, input: ChatChannelIdInput): Promise<void> {
  requirePermission(actor, "integrations.manage");
  const { channelId } = parseInput(ChatChannelIdInput, input);
  const channel = await lockChatChannel(tx, actor.tenantId, channelId);
  await tx
    .deleteFrom("chat_channels")
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", channel.id)
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "chat.channel_removed",
    subject: channel.id,
    data: { provider: channel.provider, name: channel.name },
  });
}
