import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { ZERO_FIGURES, type Figures } from "~/app/modules/reach/analytics.ts";
import { cellKey, type ContributorFact } from "~/app/modules/reach/group-privacy.ts";
import {
  completedMonths,
  decideMonths,
  monthlyAnalyticsCsv,
  monthlyTable,
  monthStarts,
  sumShownMonths,
  wholeMonths,
  type MonthRow,
} from "~/app/modules/reach/month-units.ts";

const fact = (person: string, month: string, post = "P", team = "a"): ContributorFact => ({
  person,
  post,
  network: "linkedin",
  team,
  bucket: month,
});
const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const clicks = (n: number): Figures => ({ ...ZERO_FIGURES, clicks: n, shares: 1 });
const row = (key: string, month: string, n: number): MonthRow => ({ key, month, figures: clicks(n) });
const NOV = "2026-11-01";
const DEC = "2026-12-01";

describe("strict mode's month units", () => {
  it("widens a range to whole calendar months and lists them, across a year's end and a leap February", () => {
    expect(wholeMonths("2026-11-15", "2026-12-03")).toEqual({ from: "2026-11-01", to: "2026-12-31" });
    expect(wholeMonths("2028-02-29", "2028-02-29")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(wholeMonths("2027-02-10", "2027-02-11")).toEqual({ from: "2027-02-01", to: "2027-02-28" });
    expect(monthStarts("2026-11-20", "2027-02-03")).toEqual([
      "2026-11-01",
      "2026-12-01",
      "2027-01-01",
      "2027-02-01",
    ]);
  });

  it("counts a cell's month only with enough people in that month; the month of one person is left out and counted as such", () => {
    const facts = [...people("p", 5).map((p) => fact(p, NOV)), fact("solo", DEC)];
    const d = decideMonths(facts, 5, new Set(["a"]));
    const rows = [row("a", NOV, 10), row("a", DEC, 41)];
    const sum = sumShownMonths(rows, d, () => cellKey.team("a"));
    expect(sum).toEqual({
      figures: expect.objectContaining({ clicks: 10, shares: 1 }),
      monthsLeftOut: 1,
      monthsCounted: 1,
    });
    // over the whole range the team has 6 people: a per-range rule would have counted December
    expect(sumShownMonths(rows, d, () => cellKey.total).figures.clicks).toBe(10);
    // a month with figures but nobody found behind them is never counted
    expect(
      sumShownMonths([row("a", "2027-01-01", 7)], decideMonths([], 5, new Set(["a"])), () =>
        cellKey.team("a"),
      ),
    ).toMatchObject({ figures: { clicks: 0 }, monthsLeftOut: 1, monthsCounted: 0 });
  });

  it("a post's small months go to 'other' only in months whose scope is shown, and a post with no shown month has no row", () => {
    // November: P has 5 people, X one (X and the smallest shown cell are merged: P alone would give X)
    // December: only Q, by 5 people
    const facts = [
      ...people("p", 5).map((p) => fact(p, NOV, "P")),
      fact("x", NOV, "X"),
      ...people("q", 5).map((p) => fact(p, DEC, "Q")),
      ...people("r", 5).map((p) => fact(p, NOV, "R")),
    ];
    const d = decideMonths(facts, 5, new Set(["a"]));
    const rows = [row("P", NOV, 10), row("X", NOV, 37), row("R", NOV, 5), row("Q", DEC, 3)];
    const table = monthlyTable(
      rows,
      d,
      (x) => cellKey.of("post", x),
      (m) => d.get(m)?.shown(cellKey.total) ?? false,
    );
    const keys = table.rows.map((r) => r.key);
    expect(keys).not.toContain("X");
    expect(keys).toContain("Q");
    // total of the shown rows plus 'other' is the total of the counted months
    const shown = table.rows.reduce((s, r) => s + r.sum.figures.clicks, 0);
    expect(shown + (table.other?.clicks ?? 0)).toBe(10 + 37 + 5 + 3);
    expect(table.other!.clicks).toBeGreaterThan(37);
  });

  it("the CSV has month starts and says how many months each row leaves out", () => {
    const text = monthlyAnalyticsCsv(
      {
        table: "teams",
        rows: [
          { teamId: "a", name: "Vertrieb", tooSmall: false, figures: clicks(10), monthsLeftOut: 2 },
          { teamId: "b", name: "Klein", tooSmall: true, figures: null },
        ],
      },
      "EUR",
    );
    const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows[0]).toMatchObject({
      team: "Vertrieb",
      clicks: "10",
      note: "2 month(s) with too few people not counted",
    });
    expect(rows[1]).toMatchObject({ team: "Klein", clicks: "", note: "too few people to show" });
    const timeline = monthlyAnalyticsCsv(
      {
        table: "timeline",
        rows: [
          { start: NOV, ...clicks(10) },
          { start: DEC, ...ZERO_FIGURES, tooFew: true },
        ],
      },
      "EUR",
    );
    expect(timeline.split("\r\n")[0]).toContain("month_start");
    expect(timeline).toContain("2026-12-01,,,,,,,too few people: month not counted");
  });
});

describe("strict mode counts only completed months", () => {
  it("cuts the range before the running month and names it; months before it are whole", () => {
    expect(completedMonths("2026-11-15", "2026-12-03", "2026-12-06")).toEqual({
      whole: { from: "2026-11-01", to: "2026-12-31" },
      counted: { from: "2026-11-01", to: "2026-11-30" },
      running: "2026-12-01",
    });
    // read after the range: nothing cut, no running month
    expect(completedMonths("2026-11-15", "2026-12-03", "2027-01-01")).toEqual({
      whole: { from: "2026-11-01", to: "2026-12-31" },
      counted: { from: "2026-11-01", to: "2026-12-31" },
      running: null,
    });
    // only the running month: nothing is counted (to before from)
    const only = completedMonths("2026-12-03", "2026-12-03", "2026-12-06");
    expect(only.running).toBe("2026-12-01");
    expect(only.counted.to < only.counted.from).toBe(true);
    expect(monthStarts(only.counted.from, only.counted.to)).toEqual([]);
    // across a year's end: January running, December counted to its last day
    expect(completedMonths("2026-12-10", "2027-01-02", "2027-01-02").counted).toEqual({
      from: "2026-12-01",
      to: "2026-12-31",
    });
  });

  it("says in the CSV that the running month is not counted until it is over, with no figures", () => {
    const csv = monthlyAnalyticsCsv(
      {
        table: "timeline",
        rows: [
          { start: NOV, ...clicks(10) },
          { start: DEC, ...ZERO_FIGURES, running: true },
        ],
      },
      "EUR",
    );
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => [r.month_start, r.clicks, r.note])).toEqual([
      [NOV, "10", ""],
      [DEC, "", "running month: not counted until the month is over"],
    ]);
  });
});
