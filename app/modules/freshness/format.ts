import { todayIn } from "~/app/lib/days.ts";

/**
 * How an "as of" instant is written: the time in the tenant's time zone ("14:05"), with the date
 * in front when it is not today there ("5. Dez., 14:05" / "Dec 5, 14:05"), in the reader's locale.
 * Formatted once on the server and passed to the page as a string, so server and client render
 * the same text (no hydration mismatch from a different Intl in the browser).
 */
export function formatAsOf(instant: Date, locale: string, timeZone: string, now: Date = new Date()): string {
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  if (todayIn(timeZone, instant) === todayIn(timeZone, now)) return time;
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: "numeric", month: "short" }).format(instant);
  return `${date}, ${time}`;
}

/**
 * What a page's freshness line says (app/ui/freshness.tsx). Each part is present only when the
 * page shows such figures; a time of null means the job has not run for the tenant yet.
 */
export interface FreshnessView {
  /** reach figures (reach_daily): as of the last rollup run */
  reach?: string | null;
  /** clicks counted as they arrive (click_events), not through the rollup */
  liveClicks?: true;
  /** points (points_ledger): as of the last award run */
  points?: string | null;
  /** click points are awarded once the clicks' day is this many days old */
  settleDays?: number;
}

const AGO_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/**
 * How long ago, in words and the reader's locale ("3 days ago", "vor 3 Tagen", "yesterday",
 * "gestern"); under a minute "now"/"jetzt". Like formatAsOf, formatted on the server.
 */
export function formatAgo(instant: Date, locale: string, now: Date = new Date()): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const ms = Math.max(0, now.getTime() - instant.getTime());
  for (const [unit, size] of AGO_UNITS) if (ms >= size) return rtf.format(-Math.floor(ms / size), unit);
  return rtf.format(0, "second");
}
