import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { bucketStarts, parseAnalyticsQuery, sumFigures } from "~/app/modules/reach/analytics.ts";
import { addDays, daysInRange, todayIn } from "~/app/lib/days.ts";
import { showableGroups } from "~/app/modules/reach/analytics-parts.server.ts";
import { analyticsCsv, BOM, csvFilename, toCsv } from "~/app/modules/reach/csv.ts";
import {
  reachSettingsFromForm,
  reachSettingsToForm,
  DEFAULT_REACH_SETTINGS,
} from "~/app/modules/reach/settings.ts";
import { niceMax } from "~/app/ui/charts.tsx";

const params = (q: Record<string, string>) => new URLSearchParams(q);

describe("analytics filters", () => {
  it("defaults to the last N days ending today", () => {
    expect(parseAnalyticsQuery(params({}), "2026-11-25", 30)).toEqual({
      ok: true,
      value: { from: "2026-10-27", to: "2026-11-25" },
    });
    expect(parseAnalyticsQuery(params({ to: "2026-03-01" }), "2026-11-25", 7)).toEqual({
      ok: true,
      value: { from: "2026-02-23", to: "2026-03-01" },
    });
  });

  it("takes a team id and treats an empty one as all teams", () => {
    const id = "0b7c4d3e-6a0f-4c3e-9f5e-1a2b3c4d5e6f";
    expect(
      parseAnalyticsQuery(params({ from: "2026-01-01", to: "2026-01-31", team: id }), "2026-11-25", 30),
    ).toEqual({ ok: true, value: { from: "2026-01-01", to: "2026-01-31", team: id } });
    expect(
      parseAnalyticsQuery(params({ from: "2026-01-01", to: "2026-01-31", team: "" }), "2026-11-25", 30),
    ).toEqual({ ok: true, value: { from: "2026-01-01", to: "2026-01-31" } });
  });

  it("names what is wrong: no real date, start after end, longer than three years, a bad team", () => {
    const errors = (q: Record<string, string>) => {
      const r = parseAnalyticsQuery(params(q), "2026-11-25", 30);
      return r.ok ? [] : r.errors;
    };
    expect(errors({ from: "2026-02-30", to: "2026-03-01" })).toEqual(["date"]);
    expect(errors({ from: "yesterday", to: "2026-03-01" })).toEqual(["date"]);
    expect(errors({ from: "2026-03-02", to: "2026-03-01" })).toEqual(["range_order"]);
    expect(errors({ from: "2023-01-01", to: "2025-12-31" })).toEqual([]); // three years with a leap day: 1,096 days
    expect(errors({ from: "2023-01-01", to: "2026-01-01" })).toEqual(["range_too_long"]);
    expect(errors({ from: "2026-01-01", to: "2026-01-02", team: "'; drop table" })).toEqual(["team"]);
  });

  it("counts days across month ends and daylight saving changes", () => {
    expect(daysInRange("2026-03-28", "2026-03-30")).toBe(3);
    expect(addDays("2026-10-24", 2)).toBe("2026-10-26");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("knows today in the tenant's zone, not the server's", () => {
    const lateEvening = new Date("2026-11-25T23:30:00Z");
    expect(todayIn("Europe/Berlin", lateEvening)).toBe("2026-11-26");
    expect(todayIn("America/New_York", lateEvening)).toBe("2026-11-25");
  });

  it("uses days up to 92 days and weeks (from Monday) beyond", () => {
    expect(bucketStarts("2026-06-01", "2026-06-03")).toEqual(["2026-06-01", "2026-06-02", "2026-06-03"]);
    expect(bucketStarts("2026-01-01", "2026-04-02")).toHaveLength(92);
    const weeks = bucketStarts("2026-01-01", "2026-04-03"); // 93 days, 1 January is a Thursday
    expect(weeks.slice(0, 3)).toEqual(["2026-01-01", "2026-01-05", "2026-01-12"]);
    expect(weeks.at(-1)).toBe("2026-03-30");
  });

  it("adds money in cents, so sums of 0.10 stay exact", () => {
    const row = {
      shares: 1,
      clicks: 1,
      uniqueVisitors: 1,
      impressionsMeasured: 0,
      impressionsEstimated: 0,
      earnedMedia: 0.1,
    };
    expect(sumFigures([row, row, row]).earnedMedia).toBe(0.3);
  });
});

describe("CSV", () => {
  it("starts with a BOM, quotes what needs quoting and ends lines with CRLF", () => {
    const csv = toCsv(
      ["a", "b"],
      [
        ['Köln, "Rhein"', 1],
        [null, 2],
      ],
    );
    expect(csv).toBe(`${BOM}a,b\r\n"Köln, ""Rhein""",1\r\n,2`);
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    const csv = toCsv(["title"], [["=1+1"], ["+49 30"], ["-x"], ["@SUM(A1)"], ["ok"]]);
    const rows = Papa.parse<string[]>(csv.slice(1))
      .data.slice(1)
      .map((r) => r[0]);
    expect(rows).toEqual(["'=1+1", "'+49 30", "'-x", "'@SUM(A1)", "ok"]);
  });

  it("writes the timeline with money as plain decimals and the currency in the header", () => {
    const csv = analyticsCsv(
      {
        table: "timeline",
        rows: [
          {
            start: "2026-06-01",
            shares: 2,
            clicks: 1234,
            uniqueVisitors: 1000,
            impressionsMeasured: 5,
            impressionsEstimated: 7,
            earnedMedia: 1481.6,
          },
        ],
      },
      "CHF",
      "week",
    );
    expect(csv).toBe(
      `${BOM}week_start,shares,clicks,unique_visitors_per_day_summed,impressions_measured,impressions_estimated,earned_media_chf,note\r\n2026-06-01,2,1234,1000,5,7,1481.60,`,
    );
  });

  it("leaves a bucket with too few people behind it empty, and merges posts with too few people each into one row", () => {
    const timeline = analyticsCsv(
      {
        table: "timeline",
        rows: [
          {
            start: "2026-06-01",
            shares: 0,
            clicks: 0,
            uniqueVisitors: 0,
            impressionsMeasured: 0,
            impressionsEstimated: 0,
            earnedMedia: 0,
            tooFew: true,
          },
        ],
      },
      "EUR",
      "day",
    );
    expect(timeline.split("\r\n")[1]).toBe("2026-06-01,,,,,,,too few people to show");
    const f = {
      shares: 5,
      clicks: 50,
      uniqueVisitors: 40,
      impressionsMeasured: 0,
      impressionsEstimated: 100,
      earnedMedia: 60.8,
    };
    const posts = analyticsCsv(
      { table: "posts", rows: [{ postId: "p1", title: "Shown", ...f }], other: { ...f, clicks: 7 } },
      "EUR",
      "day",
    );
    expect(posts.split("\r\n").slice(1)).toEqual([
      "p1,Shown,5,50,40,0,100,60.80,",
      ",(other posts),5,7,40,0,100,60.80,merged: too few people behind each",
    ]);
  });

  it("names the file after the table, the team and the range, with safe characters only", () => {
    expect(csvFilename("posts", "2026-01-01", "2026-01-31")).toBe(
      "chorus-analytics-posts-2026-01-01_2026-01-31.csv",
    );
    expect(csvFilename("teams", "2026-01-01", "2026-01-31", 'Vertrieb & Süd "Nord"')).toBe(
      "chorus-analytics-teams-vertrieb-sud-nord-2026-01-01_2026-01-31.csv",
    );
  });
});

describe("reach settings form", () => {
  it("turns percentages into stored fractions and back", () => {
    const form = reachSettingsToForm(DEFAULT_REACH_SETTINGS);
    expect(form.impressionPercents.linkedin).toBe(10);
    const input = reachSettingsFromForm({
      ...form,
      impressionPercents: { ...form.impressionPercents, linkedin: 12.5, x: 0.7 },
    });
    expect(input.impressionFactors.linkedin).toBe(0.125);
    expect(input.impressionFactors.x).toBe(0.007);
    expect(input.cpm).toBe(8);
  });
});

describe("chart scale", () => {
  it("rounds the axis up to 1, 2, 2.5 or 5 × a power of ten", () => {
    expect([0, 3, 11, 24, 26, 480, 5001].map(niceMax)).toEqual([1, 5, 20, 25, 50, 500, 10000]);
  });
});

describe("which groups' figures may be shown", () => {
  const teams = [{ id: "a" }, { id: "b" }, { id: "c" }];
  const sizes = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it("shows groups of at least the minimum while the hidden ones together are none or a group themselves", () => {
    expect([...showableGroups(teams, sizes({ a: 8, b: 6, c: 5 }), 5)].sort()).toEqual(["a", "b", "c"]);
    // c (3) and the people without a team (2) are hidden: together 5, a group of their own
    expect([...showableGroups(teams, sizes({ a: 8, b: 6, c: 3, "": 2 }), 5)].sort()).toEqual(["a", "b"]);
  });

  it("hides the smallest shown group too when the programme minus the shown ones would reveal a small group", () => {
    // b (2) alone is hidden; programme − a − c would be b's figures: c, the smaller, goes as well
    expect([...showableGroups(teams, sizes({ a: 8, b: 2, c: 6 }), 5)]).toEqual(["a"]);
    // one team shown and one small team hidden: the shown one would give the small one away
    expect([...showableGroups([{ id: "a" }, { id: "b" }], sizes({ a: 8, b: 2 }), 5)]).toEqual([]);
  });
});
