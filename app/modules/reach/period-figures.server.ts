import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Figures } from "~/app/modules/reach/analytics.ts";
import { toFigures, type SumRow } from "~/app/modules/reach/analytics-parts.server.ts";
import type { CellDecision, CellKey } from "~/app/modules/reach/group-privacy.ts";
import { periodCell, type PeriodDimension } from "~/app/modules/reach/periods.ts";

/**
 * Reads a precomputed period (period-rollup.server.ts) for one scope ('' = the programme, or a
 * team): the cell decisions, the sums of its posts, networks, teams and timeline buckets and the
 * sharers per group, in one statement over one index range of reach_period_figures (about 500 rows
 * for the programme's year). Null when no period has exactly this range and basis: the caller
 * computes from reach_daily.
 */

export interface PeriodFigures {
  cells: CellDecision;
  /** the scope's post or network rows, ranked like analytics.server.ts's ranked() */
  ranked: Record<"post" | "network", (SumRow & { key: string })[]>;
  /** the teams' sums (scope '' rows of dimension team) */
  teams: Map<string, Figures>;
  /** the scope's timeline: bucket start → sums (buckets without rows are absent: zeros) */
  timeline: Map<string, Figures>;
  /** sharerCounts of the range: people in the programme who shared, per their team now */
  sharers: Map<string, number>;
}

type Row = SumRow & {
  team_scope: string;
  dimension: PeriodDimension | "sharers" | null;
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
  const scopes = scope === "" ? [""] : ["", scope];
  // the period (no row: none with this range and basis) and its figures in one round trip; ranked
  // in SQL, so ties fall to the key in the database's collation, as in ranked()
  const { rows } = await sql<Row>`
    SELECT f.team_scope, f.dimension, f.key, f.people, f.shown, f.summed, f.shares, f.clicks, f.unique_visitors,
           f.impressions_measured, f.impressions_estimated, f.earned_media
    FROM reach_periods p
    LEFT JOIN reach_period_figures f
      ON f.tenant_id = p.tenant_id AND f.days = p.days AND f.team_scope IN (${sql.join(scopes)})
    WHERE p.tenant_id = ${tenantId}::uuid AND p.from_day = ${range.from}::date AND p.to_day = ${range.to}::date
      AND p.basis = ${basis}
    ORDER BY f.clicks DESC, f.impressions_measured + f.impressions_estimated DESC, f.shares DESC, f.key`.execute(
    tx,
  );
  if (rows.length === 0) return null;
  const decided = new Map<CellKey, { people: number; shown: boolean }>();
  const ranked: PeriodFigures["ranked"] = { post: [], network: [] };
  const teams = new Map<string, Figures>();
  const timeline = new Map<string, Figures>();
  const sharers = new Map<string, number>();
  for (const r of rows) {
    if (r.dimension === null) continue;
    if (r.dimension === "sharers") {
      sharers.set(r.key, r.people);
      continue;
    }
    decided.set(periodCell(r.dimension, r.team_scope, r.key), { people: r.people, shown: r.shown });
    if (!r.summed) continue;
    if ((r.dimension === "post" || r.dimension === "network") && r.team_scope === scope)
      ranked[r.dimension].push(r);
    else if (r.dimension === "bucket" && r.team_scope === scope) timeline.set(r.key, toFigures(r));
    else if (r.dimension === "team") teams.set(r.key, toFigures(r));
  }
  return {
    cells: {
      shown: (key) => decided.get(key)?.shown ?? false,
      people: (key) => decided.get(key)?.people ?? 0,
    },
    ranked,
    teams,
    timeline,
    sharers,
  };
}
