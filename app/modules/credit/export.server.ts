import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import type { Period } from "~/app/modules/goals/period.ts";
import { listReleasedStatements } from "~/app/modules/goals/statements.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { creditCsv } from "~/app/modules/credit/csv.ts";
import { exportFilename, type ExportFormat } from "~/app/modules/credit/exportable.ts";
import { creditJson } from "~/app/modules/credit/json.ts";
import { creditPdf } from "~/app/modules/credit/pdf.server.ts";

export interface CreditExportFile {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
  /** statements in the file (0: nothing released for this period / person) */
  count: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
  json: "application/json; charset=utf-8",
};

/**
 * A manager's export of released statements of their own direct reports (one person or all) for a
 * period. Reads through listReleasedStatements (only released, own reports, latest correction
 * only) and records one credit_access_log entry per exported statement — i.e. per person and
 * period — in the caller's transaction, so an export is never handed out without its record, and
 * a failed build leaves no record of an export that did not happen.
 */
export async function exportCredit(
  tx: Tx,
  member: Member,
  input: { format: ExportFormat; period: Period; employeeId?: string | undefined },
  options: { locale: Locale; timeZone: string; now?: Date },
): Promise<CreditExportFile> {
  const now = options.now ?? new Date();
  const rows = await listReleasedStatements(tx, member, {
    period: input.period,
    ...(input.employeeId ? { employeeId: input.employeeId } : {}),
  });
  const statements = [...rows].sort(
    (a, b) =>
      a.content.employee.name.localeCompare(b.content.employee.name, options.locale) ||
      a.content.period.startsOn.localeCompare(b.content.period.startsOn),
  );
  const single = input.employeeId && statements.length > 0 ? statements[0]!.content.employee.name : undefined;
  const filename = exportFilename(input.format, input.period.label, single);
  if (statements.length === 0)
    return { body: "", contentType: CONTENT_TYPES[input.format], filename, count: 0 };

  for (const s of statements) {
    await logCreditAccess(tx, {
      tenantId: member.tenantId,
      subjectMembershipId: s.employeeId,
      actor: { membershipId: member.id },
      action: `export.${input.format}`,
      statementId: s.id,
    });
  }
  const body =
    input.format === "csv"
      ? creditCsv(statements, options.locale)
      : input.format === "pdf"
        ? await creditPdf(statements, options.locale, { timeZone: options.timeZone, exportedAt: now })
        : `${JSON.stringify(creditJson(statements, input.period, now), null, 2)}\n`;
  return { body, contentType: CONTENT_TYPES[input.format], filename, count: statements.length };
}
