import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { z } from "zod";
import { OBJECTIVE_METRICS, PERIOD_KINDS } from "~/db/tables/recognition.ts";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One activity behind an objective's figure (a share, a day's unique clicks, an approved suggestion…). */
export const StatementActivity = z.object({
  date: Day,
  kind: z.string(),
  label: z.string(),
  value: z.number(),
  /**
   * Version 2: set when the activity does not count toward the figure, with the reason as a stable
   * code (EXCLUSION_REASONS). Such activities are listed so that every number can be traced.
   */
  excluded: z.string().optional(),
});
export type StatementActivity = z.infer<typeof StatementActivity>;

/**
 * Why an activity does not count (the codes in statements, exports and the API; texts in
 * app/lib/i18n/goals.ts under goals.excluded.*):
 * - repeat_share: the same post on the same network shared again (only the first share counts);
 * - weekly_cap: a self-reported share over the tenant's weekly cap;
 * - self_reported_no_points: self-reported shares earn no points in this tenant (the share still counts);
 * - own_clicks: clicks from the sharer's own sessions or IP addresses;
 * - held_back: clicks held back as suspicious and not (yet) released by a comms lead;
 * - discarded: held-back clicks a comms lead discarded;
 * - over_cap: unique clicks above the per-share daily cap.
 */
export const EXCLUSION_REASONS = [
  "repeat_share",
  "weekly_cap",
  "self_reported_no_points",
  "own_clicks",
  "held_back",
  "discarded",
  "over_cap",
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const StatementObjective = z.object({
  position: z.number().int(),
  title: z.string(),
  metric: z.enum(OBJECTIVE_METRICS),
  target: z.number(),
  /** percent; the objectives' weights sum to 100 */
  weight: z.number().int(),
  /** the measured figure (manual: the manager's judgement in percent) */
  actual: z.number(),
  /** actual / target × 100, capped at capPercent, two decimals */
  attainmentPercent: z.number(),
  /** attainmentPercent × weight / 100 */
  weightedPercent: z.number(),
  manualNote: z.string().nullable(),
  /** the activities behind `actual`, newest first (at most 100; activityCount says how many there were) */
  activities: z.array(StatementActivity),
  activityCount: z.number().int(),
  /** version 2: how many of the listed-or-not activities were excluded (they are not in `actual`) */
  excludedCount: z.number().int().optional(),
});

/** Shares of the period by how they are known (version 2). */
export const StatementShareCounts = z.object({
  /** posted through a network's API and confirmed (LinkedIn post URN) */
  verified: z.number().int(),
  /** through a network's share page or copied text: Chorus cannot see that it was posted */
  selfReported: z.number().int(),
  /** the shares that count toward objectives (first share per post and network, within the weekly cap) */
  counted: z.number().int(),
});

/** Unique clicks of the period for credit (version 2). */
export const StatementClickCounts = z.object({
  counted: z.number().int(),
  /** held back as suspicious and not released (discarded ones included) */
  heldBack: z.number().int(),
});

/** A statement locked before its period ended, by an explicit, audited action (version 2). */
export const StatementClosedEarly = z.object({
  at: z.string(),
  byMembershipId: z.string(),
  byName: z.string(),
  reason: z.string(),
});

/**
 * What a locked credit statement says. Stored as credit_statements.content; its SHA-256 over
 * canonicalJson(content) is content_hash. Version 1 (wave 1) and version 2 (issue 11: share and
 * click counts, excluded activities, close early, back-dated start); new statements are version 2.
 */
export const StatementContent = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  tenant: z.object({ id: z.string(), name: z.string() }),
  employee: z.object({ membershipId: z.string(), name: z.string(), team: z.string().nullable() }),
  manager: z.object({ membershipId: z.string(), name: z.string() }).nullable(),
  period: z.object({ kind: z.enum(PERIOD_KINDS), label: z.string(), startsOn: Day, endsOn: Day }),
  objectives: z.array(StatementObjective),
  /** sum of weightedPercent, capped at capPercent */
  overallPercent: z.number(),
  capPercent: z.number(),
  /** the point rule versions in force during the period */
  rules: z.array(z.object({ id: z.string(), effectiveFrom: Day, rules: z.unknown() })),
  generatedAt: z.string(),
  /** the statement this one corrects, if any */
  supersedes: z.string().nullable(),
  shares: StatementShareCounts.optional(),
  uniqueClicks: StatementClickCounts.optional(),
  /** set only when the period was closed before it ended */
  closedEarly: StatementClosedEarly.nullable().optional(),
  /** set when the agreement started before the day it was proposed (the tenant allows back-dating to the period's start) */
  backdatedFrom: Day.nullable().optional(),
});
export type StatementContent = z.infer<typeof StatementContent>;

/** JSON with object keys sorted at every level: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** SHA-256 (hex) of the canonical JSON: what content_hash stores and what anyone can re-check. */
export function contentHash(content: StatementContent): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalJson(content))));
}
