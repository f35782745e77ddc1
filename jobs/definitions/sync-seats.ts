import { z } from "zod";
import { database } from "~/db/client.ts";
import { syncSeats } from "~/app/modules/billing/seat-sync.server.ts";
import { defineJob } from "~/jobs/define.ts";

export const SyncSeatsPayload = z.object({}).strict();

/**
 * Pushes changed seat counts (opted-in advocates) to the Stripe subscriptions, debounced: scheduled
 * every 30 s by jobs/schedules.ts, it takes only tenants that have been quiet for 10 s since their
 * last join or leave. Idempotent; the next tick is the retry.
 */
export const syncSeatsJob = defineJob({
  name: "sync-seats",
  payload: SyncSeatsPayload,
  attempts: 1,
  backoffMs: 30_000,
  async handler(_payload, { log }) {
    const { db } = await database();
    const result = await syncSeats(db);
    if (result.tenants > 0) log.info(result, "seats synced to Stripe");
  },
});
