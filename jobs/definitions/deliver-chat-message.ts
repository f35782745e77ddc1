import { deliverChatMessage } from "~/app/modules/chat/deliver-chat-message.server.ts";
import { database } from "~/db/client.ts";
import { deliverChatMessageContract } from "~/jobs/contracts/deliver-chat-message.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Sends one chat delivery to its Teams or Slack channel, or skips it (channel paused, post gone,
 * daily limit). Retries are the delivery's own (a new job for its next due_at), so this job runs once.
 */
export const deliverChatMessageJob = defineHandler(deliverChatMessageContract, async (payload, { log }) => {
  const { db } = await database();
  const result = await deliverChatMessage(db, payload, { log });
  if (result.status !== "nothing") log.info({ ...payload, status: result.status }, "chat delivery");
});
