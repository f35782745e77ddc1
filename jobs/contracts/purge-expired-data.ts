import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const PurgeExpiredDataPayload = z.object({}).strict();

/** Deletes what the retention rules say is due; the handler is jobs/definitions/purge-expired-data.ts. */
export const purgeExpiredDataContract = defineJob({
  name: "purge-expired-data",
  payload: PurgeExpiredDataPayload,
  attempts: 3,
  backoffMs: 60_000,
});
