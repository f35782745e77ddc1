import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const DeliverChatMessagePayload = z
  .object({
    tenantId: z.uuid(),
    /** a chat_deliveries row: which channel, which post or digest week; the job reads the rest */
    deliveryId: z.uuid(),
  })
  .strict();

/**
 * One Teams or Slack channel message; the handler is jobs/definitions/deliver-chat-message.ts.
 * One attempt: the delivery retries itself (chat_deliveries.due_at and a new job), so a 429's
 * Retry-After is honoured, which BullMQ's fixed backoff curve cannot do. A run that throws (database
 * down) leaves the row pending; the every-minute sweep (deliver-due-chat-messages) picks it up.
 */
export const deliverChatMessageContract = defineJob({
  name: "deliver-chat-message",
  payload: DeliverChatMessagePayload,
  attempts: 1,
  backoffMs: 30_000,
});
