import {
  sumFigures,
  ZERO_FIGURES,
  type AnalyticsTableData,
  type Figures,
} from "~/app/modules/reach/analytics.ts";
import { addDays } from "~/app/lib/days.ts";
import { toCsv } from "~/app/modules/reach/csv.ts";
import {
  decideCells,
  type CellDecision,
  type CellKey,
  type ContributorFact,
} from "~/app/modules/reach/group-privacy.ts";

/**
 * Analytics in the strict works-council mode (issue 13): whole calendar months. The minimum group
 * size per range alone let a comms lead subtract two overlapping ranges ([1 Nov–2 Dec] from
 * [1 Nov–3 Dec]) and read one day of a group, even when one person made it. With the mode on, the
 * unit a figure is made of is (cell, month): every cell's figure for a range is the sum of only
 * those months in which the cell passes group-privacy.ts on that month's own contributors (at least
 * the minimum of distinct people, subtraction protection within the month). The range is widened
 * to whole months, so the difference of any two ranges is a sum of whole months, each of which
 * had enough people behind it. Pure: the facts and rows come from month-units.server.ts.
 */

/** "2026-12-03" → "2026-12-01" */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function lastDayOfMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The range widened to whole calendar months (tenant-local days in, tenant-local days out). */
export function wholeMonths(from: string, to: string): { from: string; to: string } {
  return { from: monthOf(from), to: lastDayOfMonth(to) };
}

/**
 * The months strict mode counts: only completed tenant-local months. The running month (today's)
 * grows day by day, so counting it would let the same range, read on two consecutive days, differ
 * by one day of a group. `whole`: the range widened to whole months; `counted`: its part before the
 * running month (to < from when nothing is complete yet); `running`: the running month's first day
 * when the range reaches it, else null. Months after the running one are not counted either.
 */
export function completedMonths(
  from: string,
  to: string,
  today: string,
): { whole: { from: string; to: string }; counted: { from: string; to: string }; running: string | null } {
  const whole = wholeMonths(from, to);
  const running = monthOf(today);
  const before = addDays(running, -1);
  const countedTo = whole.to < running ? whole.to : before;
  return {
    whole,
    counted: { from: whole.from, to: countedTo },
    running: whole.from <= running && running <= whole.to ? running : null,
  };
}

/** The first day of every month from `from`'s month to `to`'s. */
export function monthStarts(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = monthOf(to);
  for (;;) {
    const start = `${y}-${String(m).padStart(2, "0")}-01`;
    if (start > end) return months;
    months.push(start);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/**
 * group-privacy.ts's decision for each month on its own: the facts' bucket is the month's first
 * day. `visibleTeams`: the groups the people-in-the-programme rule opens (the same for all months).
 */
export function decideMonths(
  facts: readonly ContributorFact[],
  minGroupSize: number,
  visibleTeams: ReadonlySet<string>,
): Map<string, CellDecision> {
  const byMonth = new Map<string, ContributorFact[]>();
  for (const f of facts) {
    let list = byMonth.get(f.bucket);
    if (!list) byMonth.set(f.bucket, (list = []));
    list.push(f);
  }
  return new Map([...byMonth].map(([month, list]) => [month, decideCells(list, minGroupSize, visibleTeams)]));
}

/** A unit's figures: one cell (key) in one month. */
export interface MonthRow {
  key: string;
  month: string;
  figures: Figures;
}

export interface MonthlySum {
  /** the sum of the months in which the cell is shown */
  figures: Figures;
  /** months that had people or figures behind the cell but not enough to be counted */
  monthsLeftOut: number;
  /** months counted */
  monthsCounted: number;
}

/**
 * Adds up one cell's months: only the months whose decision shows `cell(month)`; a month with
 * figures but no decision (no people found behind them) is left out as well, never counted.
 */
export function sumShownMonths(
  rows: readonly MonthRow[],
  decisions: ReadonlyMap<string, CellDecision>,
  cell: (month: string) => CellKey,
): MonthlySum {
  const counted: Figures[] = [];
  const months = new Set<string>([...rows.map((r) => r.month)]);
  for (const [month, d] of decisions) if (d.people(cell(month)) > 0) months.add(month);
  let left = 0;
  const shownMonths = new Set<string>();
  for (const month of months) {
    const d = decisions.get(month);
    if (d?.shown(cell(month))) shownMonths.add(month);
    else left++;
  }
  for (const r of rows) if (shownMonths.has(r.month)) counted.push(r.figures);
  return {
    figures: counted.length > 0 ? sumFigures(counted) : { ...ZERO_FIGURES },
    monthsLeftOut: left,
    monthsCounted: shownMonths.size,
  };
}

/**
 * A table of posts or networks for one scope: each key's shown months as its row (rows with no
 * shown month are left out), and the hidden months of the keys, within the months whose scope is
 * shown, merged as "other" — per month that is no people or at least the minimum (rule 2 of
 * group-privacy.ts). Months whose scope is not shown are not counted anywhere.
 */
export function monthlyTable(
  rows: readonly MonthRow[],
  decisions: ReadonlyMap<string, CellDecision>,
  cell: (key: string, month: string) => CellKey,
  scopeShown: (month: string) => boolean,
): { rows: { key: string; sum: MonthlySum }[]; other: Figures | null } {
  const byKey = new Map<string, MonthRow[]>();
  for (const r of rows) {
    let list = byKey.get(r.key);
    if (!list) byKey.set(r.key, (list = []));
    list.push(r);
  }
  const out: { key: string; sum: MonthlySum }[] = [];
  const other: Figures[] = [];
  for (const [key, list] of byKey) {
    const sum = sumShownMonths(list, decisions, (m) => cell(key, m));
    if (sum.monthsCounted > 0) out.push({ key, sum });
    for (const r of list)
      if (scopeShown(r.month) && !decisions.get(r.month)?.shown(cell(key, r.month))) other.push(r.figures);
  }
  out.sort(
    (a, b) =>
      b.sum.figures.clicks - a.sum.figures.clicks ||
      b.sum.figures.impressionsMeasured +
        b.sum.figures.impressionsEstimated -
        (a.sum.figures.impressionsMeasured + a.sum.figures.impressionsEstimated) ||
      b.sum.figures.shares - a.sum.figures.shares ||
      a.key.localeCompare(b.key),
  );
  return { rows: out, other: other.length > 0 ? sumFigures(other) : null };
}

const FIGURE_HEADER = (currency: string) => [
  "shares",
  "clicks",
  "unique_visitors_per_day_summed",
  "impressions_measured",
  "impressions_estimated",
  `earned_media_${currency.toLowerCase()}`,
];
const cells = (f: Figures | null) =>
  f
    ? [
        f.shares,
        f.clicks,
        f.uniqueVisitors,
        f.impressionsMeasured,
        f.impressionsEstimated,
        f.earnedMedia.toFixed(2),
      ]
    : [null, null, null, null, null, null];
const leftOutNote = (n: number | undefined) => (n ? `${n} month(s) with too few people not counted` : "");

/**
 * The CSV of one analytics table in whole months (strict mode): like csv.ts's, with a month_start
 * column for the timeline and, in the note, how many months each row leaves out.
 */
export function monthlyAnalyticsCsv(data: AnalyticsTableData, currency: string): string {
  const figures = FIGURE_HEADER(currency);
  switch (data.table) {
    case "timeline":
      return toCsv(
        ["month_start", ...figures, "note"],
        data.rows.map((r) => [
          r.start,
          ...cells(r.tooFew || r.running ? null : r),
          r.running
            ? "running month: not counted until the month is over"
            : r.tooFew
              ? "too few people: month not counted"
              : "",
        ]),
      );
    case "posts":
      return toCsv(
        ["post_id", "title", ...figures, "note"],
        [
          ...data.rows.map((r) => [r.postId, r.title, ...cells(r), leftOutNote(r.monthsLeftOut)]),
          ...(data.other
            ? [["", "(other posts)", ...cells(data.other), "merged: too few people behind each"]]
            : []),
        ],
      );
    case "networks":
      return toCsv(
        ["network", ...figures, "note"],
        [
          ...data.rows.map((r) => [r.network, ...cells(r), leftOutNote(r.monthsLeftOut)]),
          ...(data.other
            ? [["(other networks)", ...cells(data.other), "merged: too few people behind each"]]
            : []),
        ],
      );
    case "teams":
      return toCsv(
        ["team_id", "team", ...figures, "note"],
        data.rows.map((r) => [
          r.teamId,
          r.name ?? "(no team)",
          ...cells(r.figures),
          r.tooSmall ? "too few people to show" : leftOutNote(r.monthsLeftOut),
        ]),
      );
  }
}
