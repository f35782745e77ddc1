import { database } from "~/db/client.ts";
import { syncSeats } from "~/app/modules/billing/seat-sync.server.ts";
import { syncSeatsContract } from "~/jobs/contracts/sync-seats.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Pushes changed seat counts (opted-in advocates) to the Stripe subscriptions, debounced: scheduled
 * every 30 s by jobs/schedules.ts, it takes only tenants that have been quiet for 10 s since their
 * last join or leave. Idempotent; the next tick is the retry.
 */
export const syncSeatsJob = defineHandler(syncSeatsContract, async (_payload, { log }) => {
  const { db } = await database();
  const result = await syncSeats(db);
  if (result.tenants > 0) log.info(result, "seats synced to Stripe");
});
