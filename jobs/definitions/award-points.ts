import { z } from "zod";
import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const AwardPointsPayload = z
  .object({
    /** one tenant only (default: every tenant) */
    tenantId: z.uuid().optional(),
    /** the moment to act as if it were (tests, and catching up by hand) */
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * Awards points and badges for new activity (app/modules/recognition/award.server.ts). Every 10
 * minutes (jobs/schedules.ts); idempotent: the ledger is unique per source, so a repeated or
 * overlapping run adds nothing twice.
 */
export const awardPointsJob = defineJob({
  name: "award-points",
  payload: AwardPointsPayload,
  // the next tick is 10 minutes away; two quick retries cover a passing database hiccup
  attempts: 3,
  backoffMs: 30_000,
  async handler(payload, { log }) {
    const { db } = await database();
    const result = await awardPoints(db, {
      tenantId: payload.tenantId,
      now: payload.now ? new Date(payload.now) : undefined,
      log,
    });
    if (result.entries > 0 || result.badges > 0) log.info(result, "points awarded");
  },
});
