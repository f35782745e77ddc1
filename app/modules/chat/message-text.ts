import type { Locale } from "~/db/schema.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

/*
 * Text helpers every chat message shares (Teams cards, Slack blocks, the Teams app manifest, the
 * message loader): one copy, so both providers cut, date and filter alike.
 */

/**
 * Only https images, in their parsed form: Teams and Slack fetch the picture themselves and refuse
 * or warn on http, and a raw space or other character becomes its escape, which both load.
 */
export function httpsOnly(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Trimmed, line ends unified, at most `max` code points (a surrogate pair is never cut in half). */
export function clip(value: string, max: number): string {
  const trimmed = value.replace(/\r\n?/g, "\n").trim();
  const points = Array.from(trimmed);
  if (points.length <= max) return trimmed;
  return `${points
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/** "7. Dez. 2026" / "Dec 7, 2026": a calendar day (YYYY-MM-DD) in the message's language. */
export function formatDay(day: string, locale: Locale): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return dateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}
