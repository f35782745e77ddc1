import { z } from "zod";
import { SafeDay } from "~/app/lib/validation.ts";
import { addDays, DAY_MS, daysInRange, isCalendarDay } from "~/app/lib/days.ts";

/**
 * The analytics filters (date range, team) and the shapes of the figures, shared by the server
 * (analytics.server.ts), the CSV export (csv.ts) and the pages. Days are tenant-local calendar
 * days, "YYYY-MM-DD".
 */

export const RANGE_PRESETS = [7, 30, 90, 365] as const;
/** three years (with a leap day) */
export const MAX_RANGE_DAYS = 3 * 365 + 1;
/** longer ranges are shown in weekly buckets (Monday starts a week) */
export const WEEKLY_AFTER_DAYS = 92;

export const ANALYTICS_TABLES = ["timeline", "posts", "networks", "teams"] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

export function bucketOf(from: string, to: string): "day" | "week" {
  return daysInRange(from, to) > WEEKLY_AFTER_DAYS ? "week" : "day";
}

/** The first day of every bucket: each day, or `from` and then every Monday after it. */
export function bucketStarts(from: string, to: string): string[] {
  const weekly = bucketOf(from, to) === "week";
  const starts: string[] = [];
  // in UTC milliseconds: no day string built and parsed again per day (a year's range is 365 days)
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`), first = true; t <= last; t += DAY_MS, first = false) {
    if (!weekly || first || new Date(t).getUTCDay() === 1)
      starts.push(new Date(t).toISOString().slice(0, 10));
  }
  return starts;
}

const day = SafeDay;

/** ?from&to&team of the analytics page and its export; "" means "not given". */
export const AnalyticsQuery = z
  .object({
    from: day,
    to: day,
    team: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid({ error: "team" }).optional()),
  })
  .superRefine((v, ctx) => {
    // a field that is no date already has its error
    if (!isCalendarDay(v.from) || !isCalendarDay(v.to)) return;
    if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "range_order" });
    else if (daysInRange(v.from, v.to) > MAX_RANGE_DAYS)
      ctx.addIssue({ code: "custom", path: ["to"], message: "range_too_long" });
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

export const AnalyticsExportQuery = z.object({ table: z.enum(ANALYTICS_TABLES, { error: "table" }) });

export type ParsedQuery =
  | { ok: true; value: AnalyticsQuery }
  | { ok: false; errors: string[]; raw: { from: string; to: string; team: string } };

/**
 * Reads the filters from a URL; a missing end is today, a missing start `defaultDays` before the
 * end. Errors are keys under reach.errors.
 */
export function parseAnalyticsQuery(
  params: URLSearchParams,
  today: string,
  defaultDays: number,
): ParsedQuery {
  const to = params.get("to")?.trim() || today;
  const from = params.get("from")?.trim() || (isCalendarDay(to) ? addDays(to, -(defaultDays - 1)) : "");
  const team = params.get("team") ?? "";
  const parsed = AnalyticsQuery.safeParse({ from, to, team });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: [...new Set(parsed.error.issues.map((i) => i.message))],
    raw: { from, to, team },
  };
}

/** A preset's range ending today. */
export function presetRange(today: string, days: number): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

export interface Figures {
  shares: number;
  clicks: number;
  /** the sum of each day's distinct visitors (a visitor on two days counts twice) */
  uniqueVisitors: number;
  impressionsMeasured: number;
  impressionsEstimated: number;
  /** in the tenant's currency */
  earnedMedia: number;
}

export interface TimelinePoint extends Figures {
  /** the bucket's first day */
  start: string;
  /** too few people behind this bucket: its figures are zeros here and held back on the server */
  tooFew?: boolean;
  /** strict mode: the running (incomplete) month, not counted until it is over; figures are zeros */
  running?: boolean;
}

/** strict mode (month-units.ts): months with too few people behind the row, not counted in it */
interface MonthsLeftOut {
  monthsLeftOut?: number;
}

export interface PostFigures extends Figures, MonthsLeftOut {
  postId: string;
  title: string;
}

export interface NetworkFigures extends Figures, MonthsLeftOut {
  network: string;
}

/** A team ('' = people without a team); figures only when the group is large enough. */
export interface TeamFigures extends MonthsLeftOut {
  teamId: string;
  name: string | null;
  tooSmall: boolean;
  figures: Figures | null;
}

export const ZERO_FIGURES: Figures = {
  shares: 0,
  clicks: 0,
  uniqueVisitors: 0,
  impressionsMeasured: 0,
  impressionsEstimated: 0,
  earnedMedia: 0,
};

/** Adds figures up; money in whole cents so sums stay exact. */
export function sumFigures(rows: readonly Figures[]): Figures {
  const total = { ...ZERO_FIGURES };
  let cents = 0;
  for (const r of rows) {
    total.shares += r.shares;
    total.clicks += r.clicks;
    total.uniqueVisitors += r.uniqueVisitors;
    total.impressionsMeasured += r.impressionsMeasured;
    total.impressionsEstimated += r.impressionsEstimated;
    cents += Math.round(r.earnedMedia * 100);
  }
  total.earnedMedia = cents / 100;
  return total;
}

/**
 * `other`: the posts or networks with too few people behind each, merged into one row (always a
 * group of at least the minimum, see group-privacy.ts); null when there are none.
 */
export type AnalyticsTableData =
  | { table: "timeline"; rows: TimelinePoint[] }
  | { table: "posts"; rows: PostFigures[]; other: Figures | null }
  | { table: "networks"; rows: NetworkFigures[]; other: Figures | null }
  | { table: "teams"; rows: TeamFigures[] };
