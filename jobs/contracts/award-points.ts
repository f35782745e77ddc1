import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const AwardPointsPayload = z
  .object({
    /** one tenant only (default: every tenant) */
    tenantId: z.uuid().optional(),
    /** the moment to act as if it were (tests, and catching up by hand) */
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Points and badges for new activity; the handler is jobs/definitions/award-points.ts. */
export const awardPointsContract = defineJob({
  name: "award-points",
  payload: AwardPointsPayload,
  // the next tick is 10 minutes away; two quick retries cover a passing database hiccup
  attempts: 3,
  backoffMs: 30_000,
});
