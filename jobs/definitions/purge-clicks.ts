import { purgeOldClicks } from "~/app/modules/reach/retention.server.ts";
import { database } from "~/db/client.ts";
import { purgeClicksContract } from "~/jobs/contracts/purge-clicks.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Deletes raw click events past each tenant's retention once they are rolled up
 * (app/modules/reach/retention.server.ts). Scheduled every 6 hours; running it twice deletes nothing more.
 */
export const purgeClicksJob = defineHandler(purgeClicksContract, async (_payload, { log }) => {
  const { db } = await database();
  const { deleted } = await purgeOldClicks(db);
  if (deleted > 0) log.info({ deleted }, "old click events deleted");
});
