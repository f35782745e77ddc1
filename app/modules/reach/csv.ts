import Papa from "papaparse";
import type { AnalyticsTable, AnalyticsTableData, Figures } from "~/app/modules/reach/analytics.ts";

/**
 * CSV of the analytics tables: UTF-8 with a byte order mark (so Excel reads umlauts right),
 * comma-separated, one header row, CRLF line ends (RFC 4180). Column names are stable, English
 * and machine-readable so scripts can rely on them; money is a plain decimal with a dot, the
 * currency in the column name. Cells that a spreadsheet would run as a formula (a post title
 * starting with "=", "+", "-", "@") are prefixed with an apostrophe.
 */

export const BOM = "\uFEFF";

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return (
    BOM +
    Papa.unparse(
      { fields: [...header], data: rows.map((r) => r.map((c) => (c === null ? "" : c))) },
      { escapeFormulae: true, newline: "\r\n" },
    )
  );
}

function figureHeader(currency: string): string[] {
  return [
    "shares",
    "clicks",
    "unique_visitors_per_day_summed",
    "impressions_measured",
    "impressions_estimated",
    `earned_media_${currency.toLowerCase()}`,
  ];
}

function figureCells(f: Figures | null): (string | number | null)[] {
  if (!f) return [null, null, null, null, null, null];
  return [
    f.shares,
    f.clicks,
    f.uniqueVisitors,
    f.impressionsMeasured,
    f.impressionsEstimated,
    f.earnedMedia.toFixed(2),
  ];
}

const TOO_FEW = "too few people to show";
const MERGED = "merged: too few people behind each";

/**
 * The CSV of one analytics table (the same rows as the page shows, posts not cut to the top N).
 * Cells held back for too few people are empty with a note; the posts and networks with too few
 * people each come as one merged row at the end (never one row each).
 */
export function analyticsCsv(data: AnalyticsTableData, currency: string, bucket: "day" | "week"): string {
  const figures = figureHeader(currency);
  switch (data.table) {
    case "timeline":
      return toCsv(
        [bucket === "week" ? "week_start" : "day", ...figures, "note"],
        data.rows.map((r) => [r.start, ...figureCells(r.tooFew ? null : r), r.tooFew ? TOO_FEW : ""]),
      );
    case "posts":
      return toCsv(
        ["post_id", "title", ...figures, "note"],
        [
          ...data.rows.map((r) => [r.postId, r.title, ...figureCells(r), ""]),
          ...(data.other ? [["", "(other posts)", ...figureCells(data.other), MERGED]] : []),
        ],
      );
    case "networks":
      return toCsv(
        ["network", ...figures, "note"],
        [
          ...data.rows.map((r) => [r.network, ...figureCells(r), ""]),
          ...(data.other ? [["(other networks)", ...figureCells(data.other), MERGED]] : []),
        ],
      );
    case "teams":
      return toCsv(
        ["team_id", "team", ...figures, "note"],
        data.rows.map((r) => [
          r.teamId,
          r.name ?? "(no team)",
          ...figureCells(r.figures),
          r.tooSmall ? TOO_FEW : "",
        ]),
      );
  }
}

/** e.g. chorus-analytics-posts-2026-10-27_2026-11-25.csv (only safe characters) */
export function csvFilename(table: AnalyticsTable, from: string, to: string, teamName?: string): string {
  const team = teamName
    ? `-${teamName
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 40)}`
    : "";
  return `chorus-analytics-${table}${team}-${from}_${to}.csv`;
}
