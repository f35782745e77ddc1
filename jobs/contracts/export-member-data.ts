import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const ExportMemberDataPayload = z.object({ tenantId: z.uuid(), exportId: z.uuid() }).strict();

/** "Download my data"; the handler is jobs/definitions/export-member-data.ts. */
export const exportMemberDataContract = defineJob({
  name: "export-member-data",
  payload: ExportMemberDataPayload,
  attempts: 3,
  backoffMs: 10_000,
});
