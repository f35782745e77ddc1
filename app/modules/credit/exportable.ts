import type { Locale } from "~/db/schema.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import type { StatementContent } from "~/app/modules/goals/statement.ts";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

/**
 * What the exports (CSV, PDF, JSON) are built from: a released statement's locked content and its
 * hash, nothing read live. F's listReleasedStatements / listReleasedStatementsForTenant rows fit.
 */
export interface ExportableStatement {
  id: string;
  employeeId: string;
  content: StatementContent;
  contentHash: string;
  releasedAt: Date | string | null;
  /** an erasure replaced a name in it (0022): copies exported before still carry the names */
  pseudonymisedAt?: Date | string | undefined;
}

export const EXPORT_FORMATS = ["csv", "pdf", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The credit namespace's texts in one language, for files built on the server. */
export function fileTexts(
  locale: Locale,
): (key: KeysUnder<"credit.file">, options?: Record<string, unknown>) => string {
  const i18n = createI18n(locale);
  return (key, options) => i18n.t(`credit.file.${key}`, options ?? {});
}

/** A number as that language writes it in a file: at most two decimals, no grouping (Excel re-reads it as a number). */
export function fileNumber(value: number, locale: Locale): string {
  const rounded = Math.round(value * 100) / 100;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(2).replace(/0$/, "");
  return locale === "de" ? text.replace(".", ",") : text;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();
export { iso as isoTime };

/** "03.01.2027, 10:00 MEZ" / "03/01/2027, 09:00 UTC": a moment in a time zone, with the zone named. */
export function fileTime(value: Date | string, locale: Locale, timeZone = "UTC"): string {
  return dateTimeFormat(locale === "de" ? "de-DE" : "en-GB", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(value));
}

/** A date "YYYY-MM-DD" as the language writes it (de: 31.12.2026). */
export function fileDay(day: string, locale: Locale): string {
  if (locale !== "de") return day;
  const [y, m, d] = day.split("-");
  return `${d}.${m}.${y}`;
}

/**
 * A safe download name: chorus-credit-2026-Q4[-jurgen-weiss].csv — only [a-z0-9-], umlauts folded,
 * so no browser or mail client mangles it and no header injection is possible.
 */
export function exportFilename(format: ExportFormat, periodLabel: string, personName?: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/ß/g, "ss")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40);
  const period = periodLabel.replace("..", "_").replace(/[^0-9A-Za-z_-]/g, "");
  const person = personName ? slug(personName) : "";
  return `chorus-credit-${period}${person ? `-${person}` : ""}.${format}`;
}
