import type { ObjectiveMetric } from "~/db/tables/recognition.ts";

/** Rounds to two decimals, half up (1.005 → 1.01): decimal-string shifting avoids 1.005 × 100 = 100.4999…. */
export function round2(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const sign = value < 0 ? -1 : 1;
  const shifted = Math.round(Number(`${Math.abs(value)}e2`));
  return sign * Number(`${shifted}e-2`);
}

export interface ObjectiveInput {
  metric: ObjectiveMetric;
  target: number;
  /** percent; an agreement's weights sum to 100 */
  weight: number;
  /** the measured figure; for manual objectives the manager's judgement in percent (null: not judged yet) */
  actual: number | null;
}

export interface ObjectiveAttainment {
  /** actual / target × 100 (manual: the manager's percentage), capped, two decimals */
  attainmentPercent: number;
  /** attainmentPercent × weight / 100, two decimals */
  weightedPercent: number;
}

export interface Attainment {
  objectives: ObjectiveAttainment[];
  /** sum of the weighted attainments, capped, two decimals */
  overallPercent: number;
}

/**
 * Attainment per objective and overall. Every objective is capped at `capPercent` before it is
 * weighted, so one runaway figure cannot make up for the rest beyond the cap; the sum is capped too.
 */
export function computeAttainment(objectives: readonly ObjectiveInput[], capPercent: number): Attainment {
  const rows = objectives.map((o) => {
    const raw =
      o.metric === "manual" ? (o.actual ?? 0) : o.target > 0 ? ((o.actual ?? 0) / o.target) * 100 : 0;
    const attainmentPercent = round2(Math.min(Math.max(raw, 0), capPercent));
    return { attainmentPercent, weightedPercent: round2((attainmentPercent * o.weight) / 100) };
  });
  const sum = rows.reduce((total, r) => total + r.weightedPercent, 0);
  return { objectives: rows, overallPercent: round2(Math.min(sum, capPercent)) };
}
