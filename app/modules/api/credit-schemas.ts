import { z } from "zod";
import { StatementContent } from "../goals/statement.ts";
import { PERIOD_KINDS } from "../../../db/tables/recognition.ts";
import type { Period } from "../goals/period.ts";
import { CreditPeriodQuery } from "../credit/query.ts";

/**
 * GET /api/v1/credit: released credit statements for HR systems. Part of the API's schemas
 * (re-exported by schemas.ts), so the OpenAPI document and the conformance test see them.
 */

export const ApiCreditQuery = CreditPeriodQuery;

export const ApiCreditStatementContent = StatementContent.meta({
  id: "CreditStatementContent",
  description:
    "The locked content of a statement, exactly as stored. `contentHash` is the SHA-256 (hex) of its canonical JSON: keys sorted at every level, no whitespace.",
});

export const ApiCreditStatement = z
  .object({
    id: z.uuid(),
    employeeId: z.uuid().meta({ description: "The employee's membership id." }),
    employeeName: z.string(),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    releasedAt: z.iso.datetime({ offset: true }).meta({ description: "When the employee released it (or it was released automatically with their consent)." }),
    content: ApiCreditStatementContent,
  })
  .meta({ id: "CreditStatement", description: "A released credit statement (the latest correction only)." });
export type ApiCreditStatement = z.input<typeof ApiCreditStatement>;

export const ApiCreditList = z
  .object({
    period: z.object({ kind: z.enum(PERIOD_KINDS), label: z.string(), startsOn: z.string(), endsOn: z.string() }),
    statements: z.array(ApiCreditStatement),
  })
  .meta({ id: "CreditStatementList", description: "Released, non-superseded statements of the token's tenant whose period lies in the requested one, by employee name." });
export type ApiCreditList = z.input<typeof ApiCreditList>;

export function toApiCreditList(
  period: Period,
  rows: readonly { id: string; employeeId: string; employeeName: string; content: z.infer<typeof StatementContent>; contentHash: string; releasedAt: Date | string | null }[],
): ApiCreditList {
  return {
    period: { kind: period.kind, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
    statements: rows
      .filter((r) => r.releasedAt !== null)
      .map((r) => ({ id: r.id, employeeId: r.employeeId, employeeName: r.employeeName, contentHash: r.contentHash, releasedAt: new Date(r.releasedAt!).toISOString(), content: r.content })),
  };
}
