import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";

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
