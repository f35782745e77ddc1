import { rollupAll, rollupDays, rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { refreshReachPeriods } from "~/app/modules/reach/period-rollup.server.ts";
import { database } from "~/db/client.ts";
import { rollupReachContract } from "~/jobs/contracts/rollup-reach.ts";
import { defineHandler } from "~/jobs/define.ts";

const DAY_MS = 86_400_000;

function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS)
    days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/**
 * Rewrites reach_daily rows (app/modules/reach/rollup.server.ts). Idempotent: a day's rows are
 * replaced in one transaction, so a retry or an overlapping tick writes the same rows again.
 */
export const rollupReachJob = defineHandler(rollupReachContract, async (payload, { log }) => {
  const { db } = await database();
  const started = Date.now();
  const result =
    payload.tenantId === undefined
      ? await rollupDirty(db)
      : payload.all
        ? await rollupAll(db, payload.tenantId)
        : payload.from !== undefined && payload.to !== undefined
          ? await rollupDays(db, payload.tenantId, daysFrom(payload.from, payload.to))
          : await rollupDirty(db, { tenantId: payload.tenantId });
  if (result.days > 0)
    log.info({ ...result, tenantId: payload.tenantId, ms: Date.now() - started }, "reach rolled up");
  // the analytics presets ending today, for the tenants whose periods the batches dropped, whose
  // basis changed or whose day moved on (period-rollup.server.ts)
  const periods = await refreshReachPeriods(db, { tenantId: payload.tenantId });
  if (periods > 0) log.info({ periods, tenantId: payload.tenantId }, "analytics periods precomputed");
});
