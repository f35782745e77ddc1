import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const SendChatDigestsPayload = z
  .object({
    /** the moment to act as if it were (tests, and a missed week by hand) */
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * The weekly digest in Teams and Slack channels (weekly_digest on) and as a personal Slack message
 * to members who asked for one, on Monday from 08:00 tenant-local. The handler is
 * jobs/definitions/send-chat-digests.ts; hourly, once per channel and week and per member and week.
 */
export const sendChatDigestsContract = defineJob({
  name: "send-chat-digests",
  payload: SendChatDigestsPayload,
  attempts: 3,
  backoffMs: 60_000,
});
