import { closeGoalPeriods } from "~/app/modules/goals/close.server.ts";
import { database } from "~/db/client.ts";
import { closeGoalPeriodsContract } from "~/jobs/contracts/close-goal-periods.ts";
import { defineHandler } from "~/jobs/define.ts";

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
export const closeGoalPeriodsJob = defineHandler(closeGoalPeriodsContract, async (payload, { log }) => {
  const { db } = await database();
  const { closed } = await closeGoalPeriods(db, { tenantId: payload.tenantId, asOf: payload.asOf }, { log });
  if (closed > 0) log.info({ closed }, "goal periods closed, statements locked");
});
