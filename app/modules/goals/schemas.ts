import { z } from "zod";
import { OBJECTIVE_METRICS } from "~/db/tables/recognition.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { safeString, safeText } from "~/app/lib/validation.ts";

/** Schemas of the goal agreement forms, shared by browser and server. Messages are keys under "goals.errors.". */

export const MAX_OBJECTIVES = 8;

export const ObjectiveInput = z
  .object({
    metric: z.enum(OBJECTIVE_METRICS, { error: "metric" }),
    title: safeText({ max: 200, tooLong: "too_long" }),
    /** manual objectives have none: the manager's judgement is a percentage (stored as target 100) */
    target: z.coerce
      .number({ error: "number" })
      .positive({ error: "target_positive" })
      .max(1_000_000_000, { error: "target_positive" })
      .optional(),
    weight: z.coerce
      .number({ error: "number" })
      .int({ error: "integer" })
      .min(1, { error: "weight_range" })
      .max(100, { error: "weight_range" }),
  })
  .superRefine((o, ctx) => {
    if (o.metric !== "manual" && o.target === undefined)
      ctx.addIssue({ code: "custom", path: ["target"], message: "target_positive" });
  });
export type ObjectiveInput = z.infer<typeof ObjectiveInput>;

/** A proposal (or a revision): the report, the period and 1–8 objectives whose weights sum to exactly 100. */
export const ProposeAgreementInput = z
  .object({
    employeeId: z.uuid({ error: "employee" }),
    /** "2026-Q4", "2026-H2", "2026", or "custom" with from/to */
    period: safeText({ max: 40, required: "period", tooLong: "period" }),
    from: safeString().trim().optional(),
    to: safeString().trim().optional(),
    objectives: z
      .array(ObjectiveInput, { error: "objectives_count" })
      .min(1, { error: "objectives_count" })
      .max(MAX_OBJECTIVES, { error: "objectives_count" }),
    /**
     * A period that has started: count from its start rather than from today. Only where the tenant
     * allows back-dating (agreementWindow in period.ts); a form checkbox ("on" when ticked).
     */
    backdate: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.period === "custom") {
      if (!parsePeriod({ from: input.from ?? null, to: input.to ?? null }))
        ctx.addIssue({ code: "custom", path: ["to"], message: "custom_range" });
    } else if (!parsePeriod({ period: input.period })) {
      ctx.addIssue({ code: "custom", path: ["period"], message: "period" });
    }
    const sum = weightSum(input.objectives);
    if (sum !== 100) ctx.addIssue({ code: "custom", path: ["objectives"], message: "weights_sum" });
  });
export type ProposeAgreementInput = z.input<typeof ProposeAgreementInput>;
export type ProposeAgreement = z.output<typeof ProposeAgreementInput>;

export function weightSum(objectives: readonly { weight?: unknown }[]): number {
  return objectives.reduce((total, o) => {
    const w = Number(o.weight);
    return total + (Number.isFinite(w) ? w : 0);
  }, 0);
}

/** The period of a (valid) proposal. */
export function periodOf(input: Pick<ProposeAgreement, "period" | "from" | "to">) {
  return input.period === "custom"
    ? parsePeriod({ from: input.from ?? null, to: input.to ?? null })
    : parsePeriod({ period: input.period });
}

export const CommentInput = z.object({
  comment: safeText({ max: 2000, tooLong: "too_long" }),
});
export type CommentInput = z.infer<typeof CommentInput>;

export const ManualScoreInput = z.object({
  objectiveId: z.uuid({ error: "required" }),
  score: z.coerce
    .number({ error: "number" })
    .min(0, { error: "score_range" })
    .max(300, { error: "score_range" }),
  note: safeString().trim().max(2000, { error: "too_long" }).optional(),
});
export type ManualScoreInput = z.infer<typeof ManualScoreInput>;

/** The quarter a day falls in, e.g. "2026-Q4": the proposal form's default period. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The periods a proposal form offers: this year's and next year's quarters, halves and years that
 * have not ended (an ended period cannot be agreed any more).
 */
export function periodChoices(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const out: string[] = [];
  for (const y of [year, year + 1]) {
    for (const q of [1, 2, 3, 4]) out.push(`${y}-Q${q}`);
    out.push(`${y}-H1`, `${y}-H2`, `${y}`);
  }
  return out.filter((label) => (parsePeriod({ period: label })?.endsOn ?? "") >= today);
}
