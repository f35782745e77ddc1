import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const MaintainClickPartitionsPayload = z.object({}).strict();

/** Creates click_events partitions ahead; the handler is jobs/definitions/maintain-click-partitions.ts. */
export const maintainClickPartitionsContract = defineJob({
  name: "maintain-click-partitions",
  payload: MaintainClickPartitionsPayload,
  // daily, with three months of partitions in hand: a few slow tries are enough
  attempts: 3,
  backoffMs: 60_000,
});
