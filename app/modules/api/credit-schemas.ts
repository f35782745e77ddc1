import { z } from "zod";
import {
  EXCLUSION_REASONS,
  StatementActivity,
  StatementClickCounts,
  StatementClosedEarly,
  StatementContent,
  StatementObjective,
  StatementShareCounts,
} from "~/app/modules/goals/statement.ts";
import { PERIOD_KINDS } from "~/db/tables/recognition.ts";
import type { Period } from "~/app/modules/goals/period.ts";
import { CreditPeriodQuery } from "~/app/modules/credit/query.ts";

/**
 * GET /api/v1/credit: released credit statements for HR systems. Part of the API's schemas
 * (re-exported by schemas.ts), so the OpenAPI document and the conformance test see them.
 */

export const ApiCreditQuery = CreditPeriodQuery;

/*
 * The same schema as stored (statement.ts), with descriptions of the version-2 fields for HR
 * systems. Only documentation is added: what parses here parses there and vice versa.
 */
const ApiStatementActivity = StatementActivity.extend({
  excluded: z
    .string()
    .optional()
    .meta({
      description: `Version 2: present when this activity does not count toward the figure (listed so that every number can be traced), with the reason as a stable code: ${EXCLUSION_REASONS.map((r) => `\`${r}\``).join(", ")}. \`self_reported_no_points\` marks a self-reported share that counts toward a "shares" objective but earned no points.`,
    }),
});

const ApiStatementObjective = StatementObjective.extend({
  activities: z.array(ApiStatementActivity),
  excludedCount: z.number().int().optional().meta({
    description:
      "Version 2: how many of the objective's activities did not count (they are not in `actual`).",
  }),
});

export const ApiCreditStatementContent = StatementContent.extend({
  version: z.union([z.literal(1), z.literal(2)]).meta({
    description:
      "1: statements locked before share and click integrity; 2: with the fields marked version 2.",
  }),
  objectives: z.array(ApiStatementObjective),
  shares: StatementShareCounts.optional().meta({
    description:
      "Version 2: the period's shares. `verified`: posted through the network's API and confirmed (LinkedIn post URN); `selfReported`: through a network's share page or copied text; `counted`: the shares that count toward objectives (each member's first share of a post per network, self-reported ones within the tenant's weekly cap). verified + selfReported = all shares made.",
  }),
  uniqueClicks: StatementClickCounts.optional().meta({
    description:
      "Version 2: unique clicks for credit in the period: counted, and held back as suspicious without release (discarded ones included).",
  }),
  closedEarly: StatementClosedEarly.nullable().optional().meta({
    description:
      "Version 2: set only when the statement was locked before its period ended, by an explicit, audited action: when, by whom, why.",
  }),
  backdatedFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional()
    .meta({
      description:
        "Version 2: the day the agreement was made, when it counts from an earlier start (the tenant allows back-dating to the current period's start).",
    }),
}).meta({
  id: "CreditStatementContent",
  description:
    "The locked content of a statement, exactly as stored. `contentHash` is the SHA-256 (hex) of its canonical JSON: keys sorted at every level, no whitespace. Version-1 statements lack the fields marked version 2.",
});

export const ApiCreditStatement = z
  .object({
    id: z.uuid(),
    employeeId: z.uuid().meta({ description: "The employee's membership id." }),
    employeeName: z.string(),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    releasedAt: z.iso.datetime({ offset: true }).meta({
      description: "When the employee released it (or it was released automatically with their consent).",
    }),
    content: ApiCreditStatementContent,
  })
  .meta({ id: "CreditStatement", description: "A released credit statement (the latest correction only)." });
export type ApiCreditStatement = z.input<typeof ApiCreditStatement>;

export const ApiCreditList = z
  .object({
    period: z.object({
      kind: z.enum(PERIOD_KINDS),
      label: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
    }),
    statements: z.array(ApiCreditStatement),
  })
  .meta({
    id: "CreditStatementList",
    description:
      "Released, non-superseded statements of the token's tenant whose period lies in the requested one, by employee name.",
  });
export type ApiCreditList = z.input<typeof ApiCreditList>;

export function toApiCreditList(
  period: Period,
  rows: readonly {
    id: string;
    employeeId: string;
    employeeName: string;
    content: z.infer<typeof StatementContent>;
    contentHash: string;
    releasedAt: Date | string | null;
  }[],
): ApiCreditList {
  return {
    period: { kind: period.kind, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
    statements: rows
      .filter((r) => r.releasedAt !== null)
      .map((r) => ({
        id: r.id,
        employeeId: r.employeeId,
        employeeName: r.employeeName,
        contentHash: r.contentHash,
        releasedAt: new Date(r.releasedAt!).toISOString(),
        content: r.content,
      })),
  };
}
