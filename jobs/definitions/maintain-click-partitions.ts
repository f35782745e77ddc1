import { maintainClickPartitions } from "~/app/modules/tracking/maintain-click-partitions.server.ts";
import { database } from "~/db/client.ts";
import { maintainClickPartitionsContract } from "~/jobs/contracts/maintain-click-partitions.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Keeps click_events partitions ahead of the clock (app/modules/tracking/maintain-click-partitions.server.ts).
 * Scheduled daily; running it again creates nothing more.
 */
export const maintainClickPartitionsJob = defineHandler(
  maintainClickPartitionsContract,
  async (_payload, { log }) => {
    const { db } = await database();
    const { created } = await maintainClickPartitions(db);
    if (created.length > 0) log.info({ created }, "click partitions created");
  },
);
