import Papa from "papaparse";
import type { Locale } from "~/db/schema.ts";
import {
  fileDay,
  fileNumber,
  fileTexts,
  isoTime,
  type ExportableStatement,
} from "~/app/modules/credit/exportable.ts";
import { excludedList } from "~/app/modules/credit/integrity.ts";

/**
 * CSV of released credit statements for the review meeting: one row per person and objective,
 * then an overall row per person.
 *
 * Made for Excel, the tool HR and managers open it in:
 * - UTF-8 with a byte order mark: without it, Excel reads the file as the system code page and
 *   "Jürgen Weiß" becomes "JÃ¼rgen WeiÃŸ".
 * - The separator and decimal mark follow the viewer's language, because Excel splits a CSV at the
 *   list separator of the Windows locale: German ";" with decimal comma (12,5), English "," with
 *   decimal point (12.5). No `sep=;` first line: it would make Excel ignore the BOM (umlauts
 *   broken again) and shows up as a stray row in every other program.
 * - CRLF line ends (RFC 4180); cells a spreadsheet would run as a formula ("=", "+", "-", "@" at the
 *   start, e.g. an objective titled "=HYPERLINK(…)") get an apostrophe in front.
 * Column headers are in the viewer's language; machines should read the JSON export or the API.
 */

export const BOM = "\uFEFF";

/** The separator a spreadsheet in that language expects. */
export function csvSeparator(locale: Locale): ";" | "," {
  return locale === "de" ? ";" : ",";
}

export function creditCsv(statements: readonly ExportableStatement[], locale: Locale): string {
  const t = fileTexts(locale);
  const num = (n: number) => fileNumber(n, locale);
  const header = [
    t("employee"),
    t("team"),
    t("manager"),
    t("period"),
    `${t("period")} – ${locale === "de" ? "Beginn" : "start"}`,
    `${t("period")} – ${locale === "de" ? "Ende" : "end"}`,
    t("kind"),
    t("position"),
    t("objective"),
    t("metric"),
    t("target"),
    t("actual"),
    t("weight"),
    t("attainment"),
    t("weighted"),
    t("cap"),
    t("note"),
    t("released"),
    t("statementId"),
    t("hash"),
    // version 2 (issue 11), last so that the columns before keep their places; empty for version 1
    t("integrity.notCounted"),
    t("integrity.sharesVerified"),
    t("integrity.sharesSelfReported"),
    t("integrity.sharesCounted"),
    t("integrity.clicksCounted"),
    t("integrity.clicksHeldBack"),
    t("integrity.closedEarly"),
    t("integrity.backdated"),
  ];
  const rows: string[][] = [];
  for (const s of statements) {
    const c = s.content;
    const person = [
      c.employee.name,
      c.employee.team ?? "",
      c.manager?.name ?? "",
      c.period.label,
      fileDay(c.period.startsOn, locale),
      fileDay(c.period.endsOn, locale),
    ];
    const tail = [isoTime(s.releasedAt) ?? "", s.id, s.contentHash];
    const counts = [
      c.shares ? num(c.shares.verified) : "",
      c.shares ? num(c.shares.selfReported) : "",
      c.shares ? num(c.shares.counted) : "",
      c.uniqueClicks ? num(c.uniqueClicks.counted) : "",
      c.uniqueClicks ? num(c.uniqueClicks.heldBack) : "",
      c.closedEarly
        ? `${isoTime(c.closedEarly.at) ?? ""} ${c.closedEarly.byName}: ${c.closedEarly.reason}`
        : "",
      c.backdatedFrom ? fileDay(c.backdatedFrom, locale) : "",
    ];
    for (const o of [...c.objectives].sort((a, b) => a.position - b.position)) {
      rows.push([
        ...person,
        t("rowObjective"),
        String(o.position),
        o.title,
        t(`metrics.${o.metric}`),
        num(o.target),
        num(o.actual),
        num(o.weight),
        num(o.attainmentPercent),
        num(o.weightedPercent),
        num(c.capPercent),
        o.manualNote ?? "",
        ...tail,
        // version 2 says how many did not count and why ("4 × Repeat: …"); version 1 leaves it empty
        c.version >= 2 && o.metric !== "manual" ? (excludedList(o, locale) ?? num(0)) : "",
        ...counts,
      ]);
    }
    const weights = c.objectives.reduce((sum, o) => sum + o.weight, 0);
    rows.push([
      ...person,
      t("rowOverall"),
      "",
      t("overall"),
      "",
      "",
      "",
      num(weights),
      num(c.overallPercent),
      num(c.overallPercent),
      num(c.capPercent),
      "",
      ...tail,
      "",
      ...counts,
    ]);
  }
  return (
    BOM +
    Papa.unparse(
      { fields: header, data: rows },
      { delimiter: csvSeparator(locale), newline: "\r\n", escapeFormulae: true, quotes: false },
    )
  );
}
