import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { database } from "~/db/client.ts";
import { awardPointsContract } from "~/jobs/contracts/award-points.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Awards points and badges for new activity (app/modules/recognition/award.server.ts). Every 10
 * minutes (jobs/schedules.ts); idempotent: the ledger is unique per source, so a repeated or
 * overlapping run adds nothing twice.
 */
export const awardPointsJob = defineHandler(awardPointsContract, async (payload, { log }) => {
  const { db } = await database();
  const result = await awardPoints(db, {
    tenantId: payload.tenantId,
    now: payload.now ? new Date(payload.now) : undefined,
    log,
  });
  if (result.entries > 0 || result.badges > 0) log.info(result, "points awarded");
});
