import { refreshProviderMetrics } from "~/app/modules/reach/provider-metrics.server.ts";
import { database } from "~/db/client.ts";
import { fetchProviderMetricsContract } from "~/jobs/contracts/fetch-provider-metrics.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Asks networks that report post figures to their authors (LinkedIn member post analytics, where
 * the tenant turned it on) for the figures of recent API shares, and marks changed days for the
 * rollup. Hourly (jobs/schedules.ts); idempotent: a second run stores the same figures again.
 */
export const fetchProviderMetricsJob = defineHandler(
  fetchProviderMetricsContract,
  async (payload, { log }) => {
    const { db } = await database();
    const result = await refreshProviderMetrics(db, { tenantId: payload.tenantId, log });
    if (result.fetched > 0 || result.failed > 0 || result.skipped > 0)
      log.info(result, "provider metrics refreshed");
  },
);
