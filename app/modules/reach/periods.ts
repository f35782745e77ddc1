import { RANGE_PRESETS } from "~/app/modules/reach/analytics.ts";
import { addDays } from "~/app/lib/days.ts";
import { cellKey, type CellKey } from "~/app/modules/reach/group-privacy.ts";

/**
 * Precomputed analytics periods (reach_periods, reach_period_figures; migration 0028): the range
 * presets of the analytics page ending on the tenant-local day of the refresh. Pure: what a period
 * is, when its stored decisions still apply and how a stored row names its cell.
 */

/** The presets the rollup precomputes: the page's range buttons (7, 30, 90, 365 days). */
export const PERIOD_DAYS = RANGE_PRESETS;

/** The period of `days` days ending on `today`. */
export function periodRange(days: number, today: string): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

/**
 * Everything besides reach_daily and the shares that the range's cell decisions depend on: the
 * minimum group size, the teams (a deleted team's shares lose their team) and the people in the
 * programme per group (showableGroups), and who they are (`people`, programmeGroups: the sharer
 * counts are per person's team now). A stored period is used only while its basis is the
 * request's; a change of any of them sends the page to the direct computation until the next refresh.
 */
export function periodBasis(
  minGroupSize: number,
  teams: readonly { id: string }[],
  sizes: ReadonlyMap<string, number>,
  people: string,
): string {
  return JSON.stringify({
    min: minGroupSize,
    teams: teams.map((t) => t.id).sort(),
    sizes: [...sizes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    people,
  });
}

export type PeriodDimension = "total" | "team" | "post" | "network" | "bucket";

/** A stored row's cell (group-privacy.ts cellKey): team scope '' is the programme's table. */
export function periodCell(dimension: PeriodDimension, scope: string, key: string): CellKey {
  if (dimension === "total") return cellKey.total;
  if (dimension === "team") return cellKey.team(key);
  return cellKey.of(dimension, key, scope === "" ? undefined : scope);
}
