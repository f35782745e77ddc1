import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const DrainClicksPayload = z.object({}).strict();

/** Moves handed-off clicks into click_events; the handler is jobs/definitions/drain-clicks.ts. */
export const drainClicksContract = defineJob({
  name: "drain-clicks",
  payload: DrainClicksPayload,
  // the next tick, two seconds later, is the retry
  attempts: 1,
  backoffMs: 1_000,
});
