import { z } from "zod";
import { isSafeDay } from "~/app/lib/validation.ts";
import { defineJob } from "~/jobs/define.ts";

/** The longest range one job may recompute (a little over two years: the longest retention and then some). */
export const MAX_ROLLUP_DAYS = 800;

// operators type these (chorus CLI): a year PostgreSQL cannot hold is a payload error, not a failed job
const Day = z.iso
  .date({ error: "must be a day (YYYY-MM-DD)" })
  .refine(isSafeDay, "must be a day in the years 1970 to 9999");
const DAY_MS = 86_400_000;

/**
 * - {} → the dirty days of every tenant (the schedule, every 5 minutes)
 * - { tenantId } → that tenant's dirty days
 * - { tenantId, all: true } → every day of the tenant (after its reach settings changed)
 * - { tenantId, from, to } → those days, inclusive (at most MAX_ROLLUP_DAYS)
 */
export const RollupReachPayload = z
  .object({
    tenantId: z.uuid().optional(),
    from: Day.optional(),
    to: Day.optional(),
    all: z.boolean().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const range = p.from !== undefined || p.to !== undefined;
    if ((range || p.all) && !p.tenantId)
      ctx.addIssue({ code: "custom", path: ["tenantId"], message: "required with from/to or all" });
    if (range && p.all)
      ctx.addIssue({ code: "custom", path: ["all"], message: "either all or from/to, not both" });
    if (range && (p.from === undefined || p.to === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [p.from === undefined ? "from" : "to"],
        message: "from and to go together",
      });
      return;
    }
    if (p.from !== undefined && p.to !== undefined) {
      const days =
        Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY_MS) + 1;
      if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
      else if (days > MAX_ROLLUP_DAYS)
        ctx.addIssue({ code: "custom", path: ["to"], message: `at most ${MAX_ROLLUP_DAYS} days from from` });
    }
  });
export type RollupReachPayload = z.input<typeof RollupReachPayload>;

/** Rewrites reach_daily rows; the handler is jobs/definitions/rollup-reach.ts. */
export const rollupReachContract = defineJob({
  name: "rollup-reach",
  payload: RollupReachPayload,
  // the scheduled run repeats every 5 minutes anyway; a one-off rebuild deserves a few tries
  attempts: 3,
  backoffMs: 10_000,
});
