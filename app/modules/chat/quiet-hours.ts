import { addDays } from "~/app/lib/days.ts";
import { dateToZonedLocal, zonedLocalToDate } from "~/app/lib/zoned-time.ts";

/**
 * A channel's quiet hours: minutes after local midnight in the tenant's time zone, `from` inclusive,
 * `until` exclusive. They may wrap midnight (22:00–07:00 is from 1320 until 420). Both null, or both
 * equal: no quiet hours.
 */
export interface QuietHours {
  from: number | null;
  until: number | null;
}

const pad = (n: number) => String(n).padStart(2, "0");
const wall = (day: string, minutes: number) => `${day}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * When a message that wants to go out at `now` may go: `now` itself outside quiet hours, else the
 * instant the quiet hours end (tenant-local wall clock). On a day a DST change skips the end time,
 * the first instant after the change; in a repeated hour, the earlier instant.
 */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours): Date {
  const { from, until } = quiet;
  if (from === null || until === null || from === until) return now;
  const local = dateToZonedLocal(now, timeZone); // "YYYY-MM-DDTHH:MM"
  const today = local.slice(0, 10);
  const minute = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
  let endDay: string | null = null;
  if (from < until) {
    if (minute >= from && minute < until) endDay = today;
  } else if (minute >= from) {
    // wraps midnight, evening part: quiet until tomorrow morning
    endDay = addDays(today, 1);
  } else if (minute < until) {
    endDay = today;
  }
  if (endDay === null) return now;
  const end = zonedLocalToDate(wall(endDay, until), timeZone);
  return end && end > now ? end : now;
}
