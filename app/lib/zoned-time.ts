import { dateTimeFormat } from "~/app/lib/intl.ts";
/**
 * `datetime-local` values ("2026-05-04T09:30") mean wall-clock time in the tenant's time zone, not
 * in the server's or the browser's. Browser-safe (Intl only).
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function parts(date: Date, timeZone: string) {
  const fmt = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p = Object.fromEntries(fmt.formatToParts(date).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** Milliseconds the zone is ahead of UTC at this instant (e.g. +2 h in Berlin in summer). */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  return wallMs(ms, timeZone) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` names. In the hour skipped by a DST change the time
 * is moved forward; in the repeated hour the earlier instant wins.
 */
export function zonedLocalToDate(local: string, timeZone: string): Date | undefined {
  const m = LOCAL.exec(local.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return undefined;
  // Zone offsets change at most once in a day: try the offset from half a day before and after.
  const HALF_DAY = 12 * 3600_000;
  const candidates = [
    wall - zoneOffsetAt(wall - HALF_DAY, timeZone),
    wall - zoneOffsetAt(wall + HALF_DAY, timeZone),
  ];
  const matching = candidates.filter((c) => wallMs(c, timeZone) === wall);
  // None matches only in a skipped hour: the earlier offset puts it just after the change.
  return new Date(matching.length > 0 ? Math.min(...matching) : candidates[0]!);
}

function wallMs(ms: number, timeZone: string): number {
  const p = parts(new Date(ms), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The wall-clock time of an instant in `timeZone`, as a `datetime-local` value. */
export function dateToZonedLocal(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
