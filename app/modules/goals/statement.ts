import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { z } from "zod";
import { OBJECTIVE_METRICS, PERIOD_KINDS } from "../../../db/tables/recognition.ts";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One activity behind an objective's figure (a share, a day's unique clicks, an approved suggestion…). */
export const StatementActivity = z.object({
  date: Day,
  kind: z.string(),
  label: z.string(),
  value: z.number(),
});

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
});

/**
 * What a locked credit statement says. Stored as credit_statements.content; its SHA-256 over
 * canonicalJson(content) is content_hash. Version 1.
 */
export const StatementContent = z.object({
  version: z.literal(1),
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
});
export type StatementContent = z.infer<typeof StatementContent>;

/** JSON with object keys sorted at every level: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** SHA-256 (hex) of the canonical JSON: what content_hash stores and what anyone can re-check. */
export function contentHash(content: StatementContent): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalJson(content))));
}
