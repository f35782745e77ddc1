import { z } from "zod";
import { refreshProviderMetrics } from "~/app/modules/reach/provider-metrics.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const FetchProviderMetricsPayload = z.object({ tenantId: z.uuid().optional() }).strict();

/**
 * Asks networks that report post figures to their authors (LinkedIn member post analytics, where
 * the tenant turned it on) for the figures of recent API shares, and marks changed days for the
 * rollup. Hourly (jobs/schedules.ts); idempotent: a second run stores the same figures again.
 */
export const fetchProviderMetricsJob = defineJob({
  name: "fetch-provider-metrics",
  payload: FetchProviderMetricsPayload,
  // the next hourly tick is the real retry
  attempts: 2,
  backoffMs: 60_000,
  async handler(payload, { log }) {
    const { db } = await database();
    const result = await refreshProviderMetrics(db, { tenantId: payload.tenantId, log });
    if (result.fetched > 0 || result.failed > 0 || result.skipped > 0)
      log.info(result, "provider metrics refreshed");
  },
});
