import { DAY_MS, todayIn } from "~/app/lib/days.ts";
import { dateTimeFormat, relativeTimeFormat } from "~/app/lib/intl.ts";

/**
 * How an "as of" instant is written: the time in the tenant's time zone ("14:05"), with the date
 * in front when it is not today there ("5. Dez., 14:05" / "Dec 5, 14:05"), in the reader's locale.
 * Formatted once on the server and passed to the page as a string, so server and client render
 * the same text (no hydration mismatch from a different Intl in the browser).
 */
export function formatAsOf(instant: Date, locale: string, timeZone: string, now: Date = new Date()): string {
  const time = dateTimeFormat(locale, {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  if (todayIn(timeZone, instant) === todayIn(timeZone, now)) return time;
  const date = dateTimeFormat(locale, { timeZone, day: "numeric", month: "short" }).format(instant);
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

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** an average month: twelve of them are a year, so "12 months ago" never appears */
const MONTH_DAYS = 365 / 12;

/**
 * How long ago, in words and the reader's locale ("3 hours ago", "yesterday", "vor 3 Tagen",
 * "vor 1 Woche"); under a minute (or a clock slightly ahead) "now"/"jetzt". From a day on, days
 * are counted by the calendar in the company's time zone, so "yesterday"/"gestern" and
 * "vorgestern" name the day they say. Weeks, months and years always with their number
 * ("1 week ago", not "last week", which names a calendar week). Like formatAsOf, formatted on the server.
 */
export function formatAgo(instant: Date, locale: string, timeZone: string, now: Date = new Date()): string {
  const ms = Math.max(0, now.getTime() - instant.getTime());
  const days = Math.round(
    (Date.parse(`${todayIn(timeZone, now)}T00:00:00Z`) -
      Date.parse(`${todayIn(timeZone, instant)}T00:00:00Z`)) /
      DAY_MS,
  );
  if (ms < DAY_MS || days < 1) {
    const rtf = relativeTimeFormat(locale, { numeric: "auto" });
    if (ms >= HOUR_MS) return rtf.format(-Math.floor(ms / HOUR_MS), "hour");
    if (ms >= MINUTE_MS) return rtf.format(-Math.floor(ms / MINUTE_MS), "minute");
    return rtf.format(0, "second");
  }
  // "yesterday", "the day before yesterday" where the language has a word for it
  if (days < 7) return relativeTimeFormat(locale, { numeric: "auto" }).format(-days, "day");
  const always = relativeTimeFormat(locale, { numeric: "always" });
  const months = Math.floor(days / MONTH_DAYS);
  if (months < 1) return always.format(-Math.floor(days / 7), "week");
  if (months < 12) return always.format(-months, "month");
  return always.format(-Math.floor(days / 365), "year");
}
