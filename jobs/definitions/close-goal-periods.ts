import { z } from "zod";
import { closeGoalPeriods } from "~/app/modules/goals/close.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const CloseGoalPeriodsPayload = z
  .object({
    tenantId: z.uuid().optional(),
    /** agreements whose period ended before this tenant-local day minus SETTLE_DAYS close (default: today in each tenant's zone; never a day to come) */
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a date")
      .optional(),
  })
  .strict();

/**
 * Locks one credit statement per accepted agreement whose period is over and whose click points
 * have settled (ends_on < asOf − SETTLE_DAYS; the points award runs for the tenant right before).
 * An asOf after a tenant's today is refused (the run fails, the CLI exits 1): a running period is
 * locked only by the admin's explicit "close early" (/t/<tenant>/admin/periods), which its
 * statement states. The admin page's "Close all ready" runs the same function for one tenant.
 * Hourly (tenants' days end at different UTC hours); idempotent: a closed agreement is skipped, and
 * two runs at once cannot lock two statements. A failing agreement does not stop the others; the
 * run then fails as a whole and is retried (app/modules/goals/close.server.ts).
 */
export const closeGoalPeriodsJob = defineJob({
  name: "close-goal-periods",
  payload: CloseGoalPeriodsPayload,
  attempts: 3,
  backoffMs: 60_000,
  async handler(payload, { log }) {
    const { db } = await database();
    const { closed } = await closeGoalPeriods(
      db,
      { tenantId: payload.tenantId, asOf: payload.asOf },
      { log },
    );
    if (closed > 0) log.info({ closed }, "goal periods closed, statements locked");
  },
});
