import { dateTimeFormat } from "~/app/lib/intl.ts";
/**
 * Calendar days, written "YYYY-MM-DD" (a tenant-local day unless said otherwise), and the day an
 * instant falls on in a time zone. Browser-safe (Intl only). Wall-clock times in a time zone are
 * in app/lib/zoned-time.ts.
 */

export const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "YYYY-MM-DD" naming a real calendar day, any four-digit year ("2026-02-30" is not). */
export function isCalendarDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both counted. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The day `now` falls on in `timeZone` (today in the tenant's time zone, by default). */
export function todayIn(timeZone: string, now = new Date()): string {
  const p = Object.fromEntries(
    dateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}
