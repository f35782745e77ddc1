import { z } from "zod";
import { purgeOldClicks } from "~/app/modules/reach/retention.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const PurgeClicksPayload = z.object({}).strict();

/**
 * Deletes raw click events past each tenant's retention once they are rolled up
 * (app/modules/reach/retention.server.ts). Scheduled every 6 hours; running it twice deletes nothing more.
 */
export const purgeClicksJob = defineJob({
  name: "purge-clicks",
  payload: PurgeClicksPayload,
  attempts: 3,
  backoffMs: 60_000,
  async handler(_payload, { log }) {
    const { db } = await database();
    const { deleted } = await purgeOldClicks(db);
    if (deleted > 0) log.info({ deleted }, "old click events deleted");
  },
});
