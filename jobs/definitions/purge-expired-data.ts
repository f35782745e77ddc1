import { purgeExpiredData } from "~/app/modules/privacy/retention.server.ts";
import { database } from "~/db/client.ts";
import { purgeExpiredDataContract } from "~/jobs/contracts/purge-expired-data.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Deletes what the retention rules say is due (app/modules/privacy/retention.server.ts): expired
 * sessions and sign-in links, old invitations, audit events and credit access log rows past each
 * tenant's retention, failed jobs after 30 days. Scheduled daily; running it twice deletes nothing more.
 */
export const purgeExpiredDataJob = defineHandler(purgeExpiredDataContract, async (_payload, { log }) => {
  const { db } = await database();
  const result = await purgeExpiredData(db);
  log.info({ ...result.global, ...result.totals, tenants: result.tenants.length }, "expired data purged");
});
