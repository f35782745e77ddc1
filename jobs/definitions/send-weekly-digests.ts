import { z } from "zod";
import { sendWeeklyDigests } from "~/app/modules/reach/digest.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const SendWeeklyDigestsPayload = z
  .object({
    /** the moment to act as if it were (tests, and re-sending a missed week by hand) */
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * Sends each tenant's weekly digests once it is Monday 08:00 in the tenant's time zone (or later
 * that week, if runs were missed). Hourly (jobs/schedules.ts); every (member, week, kind) is sent
 * once however often it runs (digest_sends).
 */
export const sendWeeklyDigestsJob = defineJob({
  name: "send-weekly-digests",
  payload: SendWeeklyDigestsPayload,
  attempts: 3,
  backoffMs: 60_000,
  async handler(payload, { log }) {
    const { db } = await database();
    const result = await sendWeeklyDigests(db, { now: payload.now ? new Date(payload.now) : undefined, log });
    if (result.advocate > 0 || result.comms > 0) log.info(result, "weekly digests queued");
  },
});
