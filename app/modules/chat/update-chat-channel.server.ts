import type { Tx } from "~/db/client.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { lockChatChannel } from "~/app/modules/chat/chat-channel-records.server.ts";
import { clockMinutes, UpdateChatChannelInput } from "~/app/modules/chat/chat-schemas.ts";

/**
 * Changes what a channel gets and when: its name, all topics or the chosen ones (the tenant's own
 * only), quiet hours (wall clock in the tenant's time zone, or none), the daily limit and the weekly
 * digest. Deliveries already queued follow the new topics and quiet hours when they are sent
 * (deliver-chat-message.server.ts checks both at each send).
 */
export async function updateChatChannel(tx: Tx, actor: Member, input: UpdateChatChannelInput): Promise<void> {
  requirePermission(actor, "integrations.manage");
  const value = parseInput(UpdateChatChannelInput, input, "invalid chat channel settings");
  const channel = await lockChatChannel(tx, actor.tenantId, value.channelId);
  const allTopics = value.topics === "all";
  const topicIds = allTopics ? [] : [...new Set(value.topicIds)];
  if (topicIds.length) {
    const known = await tx
      .selectFrom("topics")
      .select("id")
      .where("tenant_id", "=", actor.tenantId)
      .where("id", "in", topicIds)
      .execute();
    // another tenant's topic (or one deleted meanwhile): refused, never silently dropped
    if (known.length !== topicIds.length)
      throw new ValidationError("unknown topic", { topicIds: ["topicUnknown"] });
  }
  const quietFrom = value.quietFrom ? clockMinutes(value.quietFrom) : null;
  const quietUntil = value.quietUntil ? clockMinutes(value.quietUntil) : null;
  await tx
    .updateTable("chat_channels")
    .set({
      name: value.name,
      all_topics: allTopics,
      quiet_from: quietFrom,
      quiet_until: quietUntil,
      daily_limit: value.dailyLimit,
      weekly_digest: value.weeklyDigest,
    })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", channel.id)
    .execute();
  await tx
    .deleteFrom("chat_channel_topics")
    .where("tenant_id", "=", actor.tenantId)
    .where("channel_id", "=", channel.id)
    .execute();
  if (topicIds.length)
    await tx
      .insertInto("chat_channel_topics")
      .values(
        topicIds.map((topicId) => ({ tenant_id: actor.tenantId, channel_id: channel.id, topic_id: topicId })),
      )
      .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "chat.channel_updated",
    subject: channel.id,
    data: {
      provider: channel.provider,
      name: value.name,
      allTopics,
      topicIds,
      quietFrom: value.quietFrom ?? null,
      quietUntil: value.quietUntil ?? null,
      dailyLimit: value.dailyLimit,
      weeklyDigest: value.weeklyDigest,
    },
  });
}
