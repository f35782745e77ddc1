import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Figures } from "~/app/modules/reach/analytics.ts";
import { toFigures, type SumRow } from "~/app/modules/reach/analytics-parts.server.ts";
import type { CellDecision, CellKey } from "~/app/modules/reach/group-privacy.ts";
import { periodCell, type PeriodDimension } from "~/app/modules/reach/periods.ts";

/**
 * Reads a precomputed period (period-rollup.server.ts) for one scope ('' = the programme, or a
 * team): the cell decisions and the sums of its posts, networks and teams, in one index range of
 * reach_period_figures (a few hundred rows for the programme). Null when no period has exactly
 * this range and basis: the caller computes from reach_daily.
 */

export interface PeriodFigures {
  cells: CellDecision;
  /** the scope's post or network rows, ranked like analytics.server.ts's ranked() */
  ranked: Record<"post" | "network", (SumRow & { key: string })[]>;
  /** the teams' sums (scope '' rows of dimension team) */
  teams: Map<string, Figures>;
}

type Row = SumRow & {
  team_scope: string;
  dimension: PeriodDimension;
  key: string;
  people: number;
  shown: boolean;
  summed: boolean;
};

export async function readPeriodFigures(
  tx: Tx,
  tenantId: string,
  range: { from: string; to: string },
  basis: string,
  scope: string,
): Promise<PeriodFigures | null> {
  const period = await tx
    .selectFrom("reach_periods")
    .select("days")
    .where("tenant_id", "=", tenantId)
    .where("from_day", "=", range.from)
    .where("to_day", "=", range.to)
    .where("basis", "=", basis)
    .executeTakeFirst();
  if (!period) return null;
  // ranked in SQL, so ties fall to the key in the database's collation, as in ranked()
  const { rows } = await sql<Row>`
    SELECT f.team_scope, f.dimension, f.key, f.people, f.shown, f.summed, f.shares, f.clicks, f.unique_visitors,
           f.impressions_measured, f.impressions_estimated, f.earned_media
    FROM reach_period_figures f
    WHERE f.tenant_id = ${tenantId}::uuid AND f.days = ${period.days} AND f.team_scope IN ('', ${scope})
    ORDER BY f.clicks DESC, f.impressions_measured + f.impressions_estimated DESC, f.shares DESC, f.key`.execute(
    tx,
  );
  const decided = new Map<CellKey, { people: number; shown: boolean }>();
  const ranked: PeriodFigures["ranked"] = { post: [], network: [] };
  const teams = new Map<string, Figures>();
  for (const r of rows) {
    decided.set(periodCell(r.dimension, r.team_scope, r.key), { people: r.people, shown: r.shown });
    if (!r.summed) continue;
    if ((r.dimension === "post" || r.dimension === "network") && r.team_scope === scope)
      ranked[r.dimension].push(r);
    else if (r.dimension === "team") teams.set(r.key, toFigures(r));
  }
  return {
    cells: {
      shown: (key) => decided.get(key)?.shown ?? false,
      people: (key) => decided.get(key)?.people ?? 0,
    },
    ranked,
    teams,
  };
}
