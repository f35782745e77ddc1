import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const DeliverDueChatMessagesPayload = z
  .object({
    /** the moment to act as if it were (tests) */
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * The sweep: every minute, a deliver-chat-message job for each chat delivery that is due and still
 * pending (its own job was lost: Redis lost data, an in-process timer died with its process). The
 * handler is jobs/definitions/deliver-due-chat-messages.ts.
 */
export const deliverDueChatMessagesContract = defineJob({
  name: "deliver-due-chat-messages",
  payload: DeliverDueChatMessagesPayload,
  // the next tick, a minute later, is the retry
  attempts: 1,
  backoffMs: 60_000,
});
