import { sweepDueChatDeliveries } from "~/app/modules/chat/deliver-chat-message.server.ts";
import { database } from "~/db/client.ts";
import { deliverDueChatMessagesContract } from "~/jobs/contracts/deliver-due-chat-messages.ts";
import { defineHandler } from "~/jobs/define.ts";

/** Every minute: a job for each chat delivery that is due and still pending (jobs/schedules.ts). */
export const deliverDueChatMessagesJob = defineHandler(
  deliverDueChatMessagesContract,
  async (payload, { log }) => {
    const { db } = await database();
    const queued = await sweepDueChatDeliveries(db, payload.now ? new Date(payload.now) : new Date());
    if (queued > 0) log.debug({ queued }, "due chat deliveries queued");
  },
);
