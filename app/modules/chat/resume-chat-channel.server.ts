import type { Tx } from "~/db/client.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { lockChatChannel } from "~/app/modules/chat/chat-channel-records.server.ts";
import { ChatChannelIdInput } from "~/app/modules/chat/chat-schemas.ts";

/**
 * Resumes a channel that was paused after repeated failures (the admin fixed the workflow or invited
 * the app back): active again with the failure count reset, so the next post is tried and a new run of
 * failures pauses it again. The last error stays visible until a message gets through. An active
 * channel is left as it is (a second click is not an error). Returns whether it was paused.
 */
export async function resumeChatChannel(
  tx: Tx,
  actor: Member,
  input: ChatChannelIdInput,
): Promise<{ resumed: boolean }> {
  requirePermission(actor, "integrations.manage");
  const { channelId } = parseInput(ChatChannelIdInput, input);
  const channel = await lockChatChannel(tx, actor.tenantId, channelId);
  if (channel.status !== "paused") return { resumed: false };
  await tx
    .updateTable("chat_channels")
    .set({ status: "active", paused_at: null, consecutive_failures: 0 })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", channel.id)
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "chat.channel_resumed",
    subject: channel.id,
    data: { provider: channel.provider, name: channel.name, failures: channel.consecutive_failures },
  });
  return { resumed: true };
}
