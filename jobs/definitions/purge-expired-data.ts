import { z } from "zod";
import { purgeExpiredData } from "~/app/modules/privacy/retention.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const PurgeExpiredDataPayload = z.object({}).strict();

/**
 * Deletes what the retention rules say is due (app/modules/privacy/retention.server.ts): expired
 * sessions and sign-in links, old invitations, audit events and credit access log rows past each
 * tenant's retention, failed jobs after 30 days. Scheduled daily; running it twice deletes nothing more.
 */
export const purgeExpiredDataJob = defineJob({
  name: "purge-expired-data",
  payload: PurgeExpiredDataPayload,
  attempts: 3,
  backoffMs: 60_000,
  async handler(_payload, { log }) {
    const { db } = await database();
    const result = await purgeExpiredData(db);
    log.info({ ...result.global, ...result.totals, tenants: result.tenants.length }, "expired data purged");
  },
});
