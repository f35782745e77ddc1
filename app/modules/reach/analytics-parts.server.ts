import { sql } from "kysely";
import type {
  Figures,
  NetworkFigures,
  PostFigures,
  TeamFigures,
  TimelinePoint,
} from "~/app/modules/reach/analytics.ts";

/*
 * What the comms analytics report is and the parts both of its readings share: the day/week report
 * (analytics.server.ts) and the strict mode's whole months (month-units.server.ts). Their own file,
 * so the two report modules do not import each other.
 */

export interface AnalyticsContext {
  tenantId: string;
  timeZone: string;
  /** the tenant-local day the report is read on (default: todayIn(timeZone)); strict mode counts only the months before its month */
  today?: string;
}

export interface AnalyticsReport {
  /**
   * wholeMonths (strict mode, month-units.ts): the range is widened from `requested` to whole months
   * and the timeline's points are months (bucket is then not used)
   */
  range: {
    from: string;
    to: string;
    bucket: "day" | "week";
    wholeMonths?: { requested: { from: string; to: string }; running?: string };
  };
  currency: string;
  minGroupSize: number;
  /** the team filter's choices */
  teams: { id: string; name: string }[];
  /** the chosen team; tooSmall: nothing below is filled */
  team: { id: string; name: string; tooSmall: boolean } | null;
  /** fewer people in the whole programme than the minimum group size: nothing below is filled */
  programmeTooSmall: boolean;
  /** more than none but fewer people than the minimum behind the range's figures: nothing below is filled */
  tooFewContributors: boolean;
  /** null when the chosen team or the programme is too small to show */
  figures: {
    totals: Figures;
    /** buckets with too few people behind them carry tooFew and zeros */
    timeline: TimelinePoint[];
    posts: PostFigures[];
    /** the posts with too few people behind each, merged */
    postsOther: Figures | null;
    networks: NetworkFigures[];
    networksOther: Figures | null;
    /** sharers null: too few to show */
    participation: { sharers: number | null; optedIn: number };
    /** strict mode: months of the range with too few people behind the totals, not counted */
    monthsLeftOut?: number;
  } | null;
  teamRows: TeamFigures[];
}

export interface SumRow {
  shares: number | string;
  clicks: number | string;
  unique_visitors: number | string;
  impressions_measured: number | string;
  impressions_estimated: number | string;
  earned_media: number | string;
}

export const SUMS = sql`coalesce(sum(r.shares), 0)::bigint AS shares,
  coalesce(sum(r.clicks), 0)::bigint AS clicks,
  coalesce(sum(r.unique_visitors), 0)::bigint AS unique_visitors,
  coalesce(sum(r.impressions_measured), 0)::bigint AS impressions_measured,
  coalesce(sum(r.impressions_estimated), 0)::bigint AS impressions_estimated,
  coalesce(sum(r.earned_media), 0)::numeric(16, 2) AS earned_media`;

export function toFigures(row: SumRow): Figures {
  return {
    shares: Number(row.shares),
    clicks: Number(row.clicks),
    uniqueVisitors: Number(row.unique_visitors),
    impressionsMeasured: Number(row.impressions_measured),
    impressionsEstimated: Number(row.impressions_estimated),
    earnedMedia: Math.round(Number(row.earned_media) * 100) / 100,
  };
}

/**
 * The groups (team ids, '' = without a team) whose figures may be shown. A group needs at least
 * `minGroupSize` people in the programme. And since the programme's totals are shown too, the
 * hidden groups together must not be a small group either: programme − visible teams would give
 * their figures by subtraction. So while the hidden people are more than none but fewer than the
 * minimum, the smallest shown group is hidden as well (the same set for the table and the filter).
 */
export function showableGroups(
  teams: readonly { id: string }[],
  sizes: Map<string, number>,
  minGroupSize: number,
): Set<string> {
  const keys = [...teams.map((t) => t.id), ""];
  const shown = new Set(keys.filter((key) => (sizes.get(key) ?? 0) >= minGroupSize));
  const hiddenPeople = () =>
    keys.filter((key) => !shown.has(key)).reduce((sum, key) => sum + (sizes.get(key) ?? 0), 0);
  while (shown.size > 0 && hiddenPeople() > 0 && hiddenPeople() < minGroupSize) {
    const smallest = [...shown].sort(
      (a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0) || a.localeCompare(b),
    )[0]!;
    shown.delete(smallest);
  }
  return shown;
}

/** FROM and WHERE of the shares made in the range by people in the programme now (s: share, m: membership). */
export function programmeSharesInRange(tenantId: string, timeZone: string, from: string, to: string) {
  return sql`
    FROM shares s
    JOIN memberships m ON m.tenant_id = s.tenant_id AND m.id = s.membership_id AND m.status = 'active'
    WHERE s.tenant_id = ${tenantId}
      AND s.created_at >= (${from}::date::timestamp AT TIME ZONE ${timeZone})
      AND s.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE ${timeZone})
      AND EXISTS (SELECT 1 FROM advocacy_consents c
                  WHERE c.tenant_id = m.tenant_id AND c.membership_id = m.id AND c.withdrawn_at IS NULL)`;
}
