import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const PurgeClicksPayload = z.object({}).strict();

/** Deletes raw click events past retention; the handler is jobs/definitions/purge-clicks.ts. */
export const purgeClicksContract = defineJob({
  name: "purge-clicks",
  payload: PurgeClicksPayload,
  attempts: 3,
  backoffMs: 60_000,
});
