import type { Tx } from "~/db/client.ts";
import type { ObjectiveMetric } from "~/db/tables/recognition.ts";
import { computeAttainment } from "~/app/modules/goals/attainment.ts";
import { measureObjectives, type Activity } from "~/app/modules/goals/figures.server.ts";

export interface ObjectiveRow {
  id: string;
  position: number;
  metric: ObjectiveMetric;
  title: string;
  target: number;
  weight: number;
  manualScore: number | null;
  manualNote: string | null;
}

export interface EvaluatedObjective extends ObjectiveRow {
  actual: number;
  attainmentPercent: number;
  weightedPercent: number;
  activities: Activity[];
  activityCount: number;
  /** activities listed that do not count toward `actual` (each with its reason) */
  excludedCount?: number;
}

export interface Evaluation {
  objectives: EvaluatedObjective[];
  overallPercent: number;
  capPercent: number;
}

/**
 * The cap an agreement is evaluated with (live and at close): the one agreed at acceptance, else —
 * for a proposal, or an agreement accepted before the cap was stored — the tenant's current setting.
 */
export function agreedCap(agreedPercent: number | null, settingPercent: number): number {
  return agreedPercent ?? settingPercent;
}

/** An agreement's objectives, in order. */
export async function loadObjectives(tx: Tx, tenantId: string, agreementId: string): Promise<ObjectiveRow[]> {
  const rows = await tx
    .selectFrom("goal_objectives")
    .select(["id", "position", "metric", "title", "target", "weight", "manual_score", "manual_note"])
    .where("tenant_id", "=", tenantId)
    .where("agreement_id", "=", agreementId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    metric: r.metric,
    title: r.title,
    target: Number(r.target),
    weight: r.weight,
    manualScore: r.manual_score === null ? null : Number(r.manual_score),
    manualNote: r.manual_note,
  }));
}

/** Figures, activities and attainment of objectives for an employee and period (live, or at lock time). */
export async function evaluateObjectives(
  tx: Tx,
  scope: { tenantId: string; membershipId: string; startsOn: string; endsOn: string },
  objectives: readonly ObjectiveRow[],
  capPercent: number,
): Promise<Evaluation> {
  const figures = await measureObjectives(tx, scope, objectives);
  const attainment = computeAttainment(
    objectives.map((o, i) => ({
      metric: o.metric,
      target: o.target,
      weight: o.weight,
      actual: o.metric === "manual" ? o.manualScore : (figures[i]?.actual ?? 0),
    })),
    capPercent,
  );
  return {
    objectives: objectives.map((o, i) => {
      const figure = figures[i] ?? { actual: 0, activities: [], activityCount: 0 };
      const a = attainment.objectives[i] ?? { attainmentPercent: 0, weightedPercent: 0 };
      return {
        ...o,
        actual: figure.actual,
        activities: figure.activities,
        activityCount: figure.activityCount,
        excludedCount: figure.excludedCount,
        ...a,
      };
    }),
    overallPercent: attainment.overallPercent,
    capPercent,
  };
}
