import { buildMemberExport, failMemberExport } from "~/app/modules/privacy/export-requests.server.ts";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { exportMemberDataContract } from "~/jobs/contracts/export-member-data.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * "Download my data" (GDPR Art. 15/20): builds the member's export document, stores it in
 * data_exports, marks it ready and mails the person a link that expires after 7 days
 * (app/modules/privacy/export-requests.server.ts). Idempotent: a second run finds the export no
 * longer pending and does nothing; the mail's idempotency key is the export's id. After the last
 * attempt fails, the export is marked failed so the member sees it and may ask again.
 */
export const exportMemberDataJob = defineHandler(
  exportMemberDataContract,
  async (payload, { attempt, log }) => {
    const { db } = await database();
    try {
      const outcome = await withTenant(db, payload.tenantId, (tx) => buildMemberExport(tx, payload));
      log.info({ exportId: payload.exportId, outcome }, "member data export");
    } catch (error) {
      if (attempt >= exportMemberDataContract.attempts)
        await withTenant(db, payload.tenantId, (tx) =>
          failMemberExport(tx, payload, error instanceof Error ? error.message : String(error)),
        );
      throw error;
    }
  },
);
