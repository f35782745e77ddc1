import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const FetchProviderMetricsPayload = z.object({ tenantId: z.uuid().optional() }).strict();

/** Figures from networks that report them; the handler is jobs/definitions/fetch-provider-metrics.ts. */
export const fetchProviderMetricsContract = defineJob({
  name: "fetch-provider-metrics",
  payload: FetchProviderMetricsPayload,
  // the next hourly tick is the real retry
  attempts: 2,
  backoffMs: 60_000,
});
