import type { Tx } from "~/db/client.ts";
import { todayIn } from "~/app/lib/days.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";

/**
 * The channel of the actor's tenant, locked for the change (tenant in the WHERE clause: another
 * tenant's channel id is "not found", never a hint that it exists).
 */
export async function lockChatChannel(tx: Tx, tenantId: string, channelId: string) {
  const channel = await tx
    .selectFrom("chat_channels")
    .select(["id", "provider", "name", "status", "all_topics", "consecutive_failures"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", channelId)
    .forUpdate()
    .executeTakeFirst();
  if (!channel) throw new NotFoundError("chat channel");
  return channel;
}

/**
 * The rest of adding a channel, once its test message arrived and the channel row is written: the
 * test as a sent delivery (the channel's history starts with it) and the audit event. `data` names
 * where it posts — never a webhook URL.
 */
export async function recordChannelAdded(
  tx: Tx,
  input: {
    tenantId: string;
    channelId: string;
    actorUserId: string;
    timeZone: string;
    now: Date;
    data: Record<string, string>;
  },
): Promise<void> {
  const { tenantId, channelId, now } = input;
  await tx
    .insertInto("chat_deliveries")
    .values({
      tenant_id: tenantId,
      channel_id: channelId,
      kind: "test",
      status: "sent",
      due_at: now,
      attempts: 1,
      sent_at: now,
      sent_day: todayIn(input.timeZone, now),
    })
    .execute();
  await recordAudit(tx, {
    tenantId,
    actorUserId: input.actorUserId,
    action: "chat.channel_added",
    subject: channelId,
    data: input.data,
  });
}
