import { z } from "zod";
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

/** Locks the credit statements of ended periods; the handler is jobs/definitions/close-goal-periods.ts. */
export const closeGoalPeriodsContract = defineJob({
  name: "close-goal-periods",
  payload: CloseGoalPeriodsPayload,
  attempts: 3,
  backoffMs: 60_000,
});
