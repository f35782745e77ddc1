import { sendWeeklyDigests } from "~/app/modules/reach/digest.server.ts";
import { database } from "~/db/client.ts";
import { sendWeeklyDigestsContract } from "~/jobs/contracts/send-weekly-digests.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Sends each tenant's weekly digests once it is Monday 08:00 in the tenant's time zone (or later
 * that week, if runs were missed). Hourly (jobs/schedules.ts); every (member, week, kind) is sent
 * once however often it runs (digest_sends).
 */
export const sendWeeklyDigestsJob = defineHandler(sendWeeklyDigestsContract, async (payload, { log }) => {
  const { db } = await database();
  const result = await sendWeeklyDigests(db, { now: payload.now ? new Date(payload.now) : undefined, log });
  if (result.advocate > 0 || result.comms > 0) log.info(result, "weekly digests queued");
});
