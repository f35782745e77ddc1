import { z } from "zod";
import { parsePeriod, type Period } from "~/app/modules/goals/period.ts";
import { EXPORT_FORMATS } from "~/app/modules/credit/exportable.ts";
import { isSafeDay, isSafeYear, MAX_YEAR, MIN_YEAR, safeString } from "~/app/lib/validation.ts";

/**
 * The period of the credit pages, exports and the API, as query parameters: `period` (YYYY-Qn,
 * YYYY-Hn, YYYY) or `from` and `to` (YYYY-MM-DD, inclusive). Shared by the routes and the OpenAPI
 * document, so both refuse the same input.
 */
export const PERIOD_HELP =
  "Give period as YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4), or from and to as YYYY-MM-DD with from not after to.";

const YEARS = `in the years ${MIN_YEAR} to ${MAX_YEAR}`;
const Day = safeString()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD", abort: true })
  .refine(isSafeDay, `must be a real day ${YEARS}`);

export const CreditPeriodFields = {
  period: safeString()
    .regex(/^\d{4}(-(Q[1-4]|H[12]))?$/, { error: "must be YYYY-Qn, YYYY-Hn or YYYY", abort: true })
    // PostgreSQL has no year 0, and years before 1970 are no one's goal period: 400, not a database error
    .refine((p) => isSafeYear(Number(p.slice(0, 4))), `must be ${YEARS}`)
    .optional()
    .meta({ description: "A quarter (2026-Q4), half-year (2026-H2) or year (2026).", examples: ["2026-Q4"] }),
  from: Day.optional().meta({
    description: "Custom period: first day (inclusive), with `to`.",
    examples: ["2026-10-01"],
  }),
  to: Day.optional().meta({
    description: "Custom period: last day (inclusive), with `from`.",
    examples: ["2026-12-31"],
  }),
};

type PeriodInput = { period?: string | undefined; from?: string | undefined; to?: string | undefined };

/** Checks that exactly one form of period was given and that it is a real period; adds issues otherwise. */
function checkPeriod(value: PeriodInput, ctx: z.RefinementCtx): void {
  const hasPeriod = value.period !== undefined;
  const hasRange = value.from !== undefined || value.to !== undefined;
  if (hasPeriod && hasRange) {
    ctx.addIssue({
      code: "custom",
      path: ["period"],
      message: "give either period or from and to, not both",
    });
    return;
  }
  if (!hasPeriod && !hasRange) {
    ctx.addIssue({ code: "custom", path: ["period"], message: "is required (or from and to)" });
    return;
  }
  if (hasRange) {
    if (value.from === undefined)
      ctx.addIssue({ code: "custom", path: ["from"], message: "is required with to" });
    if (value.to === undefined)
      ctx.addIssue({ code: "custom", path: ["to"], message: "is required with from" });
    if (value.from !== undefined && value.to !== undefined && !parsePeriod(value)) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be a real day on or after from" });
    }
  }
}

/** `?period=…` or `?from=…&to=…` of GET /api/v1/credit. */
export const CreditPeriodQuery = z.object(CreditPeriodFields).superRefine(checkPeriod);

/** The query of /t/:tenant/credit/export: what to export for which period, and optionally for whom. */
export const CreditExportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: "must be csv, pdf or json" }),
    ...CreditPeriodFields,
    employee: z.uuid({ error: "must be a membership id" }).optional(),
  })
  .superRefine(checkPeriod);

/** The Period of a query that passed one of the schemas above. */
export function periodOf(value: PeriodInput): Period {
  const period = parsePeriod(value);
  if (!period) throw new Error("periodOf: the query was not validated");
  return period;
}

/** Query parameters as the schemas expect them: empty strings (an empty form field) count as absent. */
export function queryObject(searchParams: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of searchParams) if (value.trim() !== "") out[key] = value.trim();
  return out;
}

/** One line for a 400: "period: must be YYYY-Qn…; format: must be csv, pdf or json". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "query"}: ${i.message}`).join("; ");
}

// ---- the page's period picker -----------------------------------------------------------------

export const PICKER_KINDS = ["quarter", "half", "year", "custom"] as const;
export type PickerKind = (typeof PICKER_KINDS)[number];

/** The quarter containing a day "YYYY-MM-DD", e.g. "2026-Q4". */
export function quarterOf(day: string): string {
  const [year, month] = day.split("-").map(Number) as [number, number];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The quarter before, e.g. "2026-Q1" → "2025-Q4". */
export function previousQuarter(label: string): string {
  const [y, q] = label.split("-Q").map(Number) as [number, number];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/**
 * The picker's fields (kind, year, quarter, half, from, to) → the query form of a period. Returns the
 * period/from/to of the URL as is when the picker was not used.
 */
export function pickerToQuery(params: Record<string, string>): PeriodInput {
  const kind = params.kind;
  if (!kind) return { period: params.period, from: params.from, to: params.to };
  const year = params.year ?? "";
  switch (kind) {
    case "quarter":
      return { period: `${year}-Q${params.quarter ?? ""}`, from: undefined, to: undefined };
    case "half":
      return { period: `${year}-H${params.half ?? ""}`, from: undefined, to: undefined };
    case "year":
      return { period: year, from: undefined, to: undefined };
    default:
      return { period: undefined, from: params.from, to: params.to };
  }
}
