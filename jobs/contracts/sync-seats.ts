import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const SyncSeatsPayload = z.object({}).strict();

/** Pushes changed seat counts to Stripe; the handler is jobs/definitions/sync-seats.ts. */
export const syncSeatsContract = defineJob({
  name: "sync-seats",
  payload: SyncSeatsPayload,
  attempts: 1,
  backoffMs: 30_000,
});
