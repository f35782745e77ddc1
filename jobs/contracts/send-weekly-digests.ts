import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const SendWeeklyDigestsPayload = z
  .object({
    /** the moment to act as if it were (tests, and re-sending a missed week by hand) */
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Each tenant's weekly digests; the handler is jobs/definitions/send-weekly-digests.ts. */
export const sendWeeklyDigestsContract = defineJob({
  name: "send-weekly-digests",
  payload: SendWeeklyDigestsPayload,
  attempts: 3,
  backoffMs: 60_000,
});
