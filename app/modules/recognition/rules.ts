import { z } from "zod";
import type { PointSource } from "~/db/tables/recognition.ts";

/*
 * The points rules of a tenant and the pure functions that apply them. Browser-safe: the admin
 * form, the recognition page ("how computed") and the award job all use the same code.
 *
 * Effort (a share, an approved suggestion, a completed training, a handled escalation) earns a
 * fixed number of points. Reach earns points per unique click on one's share, counted per share
 * and tenant-local day up to a cap, and multiplied by a network-size factor:
 *
 *   factor(followers) = clamp(log10(reference) / log10(max(followers, floor)), minFactor, maxFactor)
 *   points(share, day) = round2(min(uniqueClicks, cap) × perUniqueClick × round4(factor))
 *
 * With the defaults (reference 1,000): 100 followers → 1.5, 1,000 → 1, 10,000 → 0.75, 1,000,000
 * → 0.5 (the minimum). Someone with 200 followers (factor 1.3038) who gets 10 unique clicks earns
 * 13.04; someone with 20,000 (factor 0.6975) needs 19 clicks for the same — and the cap stops a
 * huge network from running away with the ranking. An unknown follower count (not entered when
 * sharing) counts as factor 1: neither boosted nor penalised.
 */

/** Points are stored with two decimals (points_ledger.points numeric(10, 2)). */
const points = z
  .number({ error: "number" })
  .min(0, { error: "points_range" })
  .max(1000, { error: "points_range" });

export const Normalisation = z
  .object({
    /** the network size that earns factor 1 */
    referenceFollowers: z
      .number({ error: "number" })
      .int({ error: "integer" })
      .min(10, { error: "reference_range" })
      .max(10_000_000, { error: "reference_range" }),
    /** smaller networks count as this size (keeps the factor finite; 1 follower would divide by 0) */
    followerFloor: z
      .number({ error: "number" })
      .int({ error: "integer" })
      .min(2, { error: "floor_range" })
      .max(1_000_000, { error: "floor_range" }),
    minFactor: z
      .number({ error: "number" })
      .min(0.1, { error: "factor_range" })
      .max(1, { error: "factor_range" }),
    maxFactor: z
      .number({ error: "number" })
      .min(1, { error: "factor_range" })
      .max(10, { error: "factor_range" }),
  })
  .refine((n) => n.followerFloor <= n.referenceFollowers, {
    error: "floor_above_reference",
    path: ["followerFloor"],
  });
export type Normalisation = z.infer<typeof Normalisation>;

/** One version of a tenant's rules (points_rules.rules). */
export const PointsRules = z.object({
  perShare: points,
  perUniqueClick: points,
  /** unique clicks counted per share and tenant-local day; more earn nothing */
  uniqueClickCapPerShareDay: z
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(0, { error: "cap_range" })
    .max(10_000, { error: "cap_range" }),
  /** to the suggester, when a comms lead accepts the suggestion */
  perApprovedSuggestion: points,
  /** per guidelines version acknowledged, and once for finishing the onboarding (either path) */
  perGuidelinesTraining: points,
  /** to the reporter, when the comms team marks the escalation handled */
  perHandledEscalation: points,
  normalisation: Normalisation,
});
export type PointsRules = z.infer<typeof PointsRules>;

export const DEFAULT_POINTS_RULES: PointsRules = {
  perShare: 5,
  perUniqueClick: 1,
  uniqueClickCapPerShareDay: 20,
  perApprovedSuggestion: 10,
  perGuidelinesTraining: 10,
  perHandledEscalation: 5,
  normalisation: { referenceFollowers: 1000, followerFloor: 10, minFactor: 0.5, maxFactor: 2 },
};

/**
 * Rules as stored: fields missing in an older version take today's defaults (a field added later
 * must not make old versions unreadable). Invalid stored rules throw: they are written only here.
 */
export function parseStoredRules(stored: unknown): PointsRules {
  const object = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const normalisation =
    object.normalisation && typeof object.normalisation === "object" ? object.normalisation : {};
  return PointsRules.parse({
    ...DEFAULT_POINTS_RULES,
    ...object,
    normalisation: { ...DEFAULT_POINTS_RULES.normalisation, ...normalisation },
  });
}

export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

function round4(value: number): number {
  return Math.round((value + Number.EPSILON) * 10_000) / 10_000;
}

/** The network-size factor, rounded to 4 decimals (the ledger shows it; anyone can recompute). */
export function networkFactor(followers: number | null, n: Normalisation): number {
  if (followers === null || !Number.isFinite(followers)) return 1;
  const size = Math.max(followers, n.followerFloor);
  const raw = Math.log10(n.referenceFollowers) / Math.log10(size);
  return round4(Math.min(n.maxFactor, Math.max(n.minFactor, raw)));
}

export interface ClickPoints {
  points: number;
  /** unique clicks that day (all of them) */
  uniqueClicks: number;
  /** the ones that earned points: min(uniqueClicks, cap) */
  counted: number;
  cap: number;
  perUniqueClick: number;
  followers: number | null;
  factor: number;
}

/** Points for one share's unique clicks on one day. */
export function clickPoints(uniqueClicks: number, followers: number | null, rules: PointsRules): ClickPoints {
  const counted = Math.min(Math.max(0, Math.floor(uniqueClicks)), rules.uniqueClickCapPerShareDay);
  const factor = networkFactor(followers, rules.normalisation);
  return {
    points: round2(counted * rules.perUniqueClick * factor),
    uniqueClicks,
    counted,
    cap: rules.uniqueClickCapPerShareDay,
    perUniqueClick: rules.perUniqueClick,
    followers,
    factor,
  };
}

export type EffortSource = Exclude<PointSource, "unique_clicks">;

/** Points for one piece of effort: fixed per activity, no normalisation. */
export function effortPoints(source: EffortSource, rules: PointsRules): number {
  switch (source) {
    case "share":
      return round2(rules.perShare);
    case "approved_suggestion":
      return round2(rules.perApprovedSuggestion);
    case "guidelines_training":
      return round2(rules.perGuidelinesTraining);
    case "escalation_handled":
      return round2(rules.perHandledEscalation);
  }
}

export interface RulesVersion {
  /** points_rules.id, or "default" (no version of the tenant in force) */
  id: string;
  effectiveFrom: string;
  rules: PointsRules;
}

export const DEFAULT_RULES_ID = "default";

/**
 * The version in force on `day`: the latest effective_from ≤ day; the defaults before the first
 * version. `versions` in any order.
 */
export function versionInForce(versions: readonly RulesVersion[], day: string): RulesVersion {
  let best: RulesVersion | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= day && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  }
  return best ?? { id: DEFAULT_RULES_ID, effectiveFrom: day, rules: DEFAULT_POINTS_RULES };
}

// ── the admin form ──────────────────────────────────────────────────────────

const day = z
  .string({ error: "date" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "date" })
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: "date" });

const formNumber = (schema: z.ZodNumber) => z.coerce.number({ error: "number" }).pipe(schema);

/** A new rules version as the admin page sends it (flat fields; messages are keys under recognition.errors.). */
export const PointsRulesForm = z
  .object({
    effectiveFrom: day,
    perShare: formNumber(points),
    perUniqueClick: formNumber(points),
    uniqueClickCapPerShareDay: formNumber(
      z.number().int({ error: "integer" }).min(0, { error: "cap_range" }).max(10_000, { error: "cap_range" }),
    ),
    perApprovedSuggestion: formNumber(points),
    perGuidelinesTraining: formNumber(points),
    perHandledEscalation: formNumber(points),
    referenceFollowers: formNumber(
      z
        .number()
        .int({ error: "integer" })
        .min(10, { error: "reference_range" })
        .max(10_000_000, { error: "reference_range" }),
    ),
    followerFloor: formNumber(
      z
        .number()
        .int({ error: "integer" })
        .min(2, { error: "floor_range" })
        .max(1_000_000, { error: "floor_range" }),
    ),
    minFactor: formNumber(z.number().min(0.1, { error: "factor_range" }).max(1, { error: "factor_range" })),
    maxFactor: formNumber(z.number().min(1, { error: "factor_range" }).max(10, { error: "factor_range" })),
  })
  .refine((f) => f.followerFloor <= f.referenceFollowers, {
    error: "floor_above_reference",
    path: ["followerFloor"],
  });
export type PointsRulesForm = z.infer<typeof PointsRulesForm>;

/** The domain input: a day and a complete rules version. */
export const NewRulesVersionInput = z.object({ effectiveFrom: day, rules: PointsRules });
export type NewRulesVersionInput = z.infer<typeof NewRulesVersionInput>;

export function rulesFromForm(form: PointsRulesForm): NewRulesVersionInput {
  const { effectiveFrom, referenceFollowers, followerFloor, minFactor, maxFactor, ...flat } = form;
  return {
    effectiveFrom,
    rules: { ...flat, normalisation: { referenceFollowers, followerFloor, minFactor, maxFactor } },
  };
}

export function rulesToForm(
  rules: PointsRules,
  effectiveFrom: string,
): Record<keyof PointsRulesForm, string> {
  const { normalisation: n, ...flat } = rules;
  return {
    effectiveFrom,
    perShare: String(flat.perShare),
    perUniqueClick: String(flat.perUniqueClick),
    uniqueClickCapPerShareDay: String(flat.uniqueClickCapPerShareDay),
    perApprovedSuggestion: String(flat.perApprovedSuggestion),
    perGuidelinesTraining: String(flat.perGuidelinesTraining),
    perHandledEscalation: String(flat.perHandledEscalation),
    referenceFollowers: String(n.referenceFollowers),
    followerFloor: String(n.followerFloor),
    minFactor: String(n.minFactor),
    maxFactor: String(n.maxFactor),
  };
}
