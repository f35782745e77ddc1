import type { Tx } from "~/db/client.ts";
import type { FigureRunsTable } from "~/db/tables/reach.ts";

/*
 * Called by the background jobs that bring figures up to date (kept apart from freshness.server.ts,
 * which the pages use, so the jobs import nothing of the page side): the reach rollup's scheduled
 * run and the award job, once per tenant each.
 */

export type FigureRunKind = FigureRunsTable["kind"];

/** Records a run; a slower, older run finishing later never moves the instant back. */
export async function recordFigureRun(
  tx: Tx,
  tenantId: string,
  kind: FigureRunKind,
  ranAt: Date,
): Promise<void> {
  await tx
    .insertInto("figure_runs")
    .values({ tenant_id: tenantId, kind, ran_at: ranAt })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "kind"]).doUpdateSet((eb) => ({
        ran_at: eb.fn("greatest", [eb.ref("figure_runs.ran_at"), eb.ref("excluded.ran_at")]),
      })),
    )
    .execute();
}
