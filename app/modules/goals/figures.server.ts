import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { ObjectiveMetric } from "~/db/tables/recognition.ts";
import { clickCreditFigure } from "~/app/modules/recognition/click-credit.server.ts";
import { pointsEntries, pointsTotal } from "~/app/modules/recognition/ledger.server.ts";
import { sharesInPeriod } from "~/app/modules/recognition/share-credit.server.ts";
import { storedDecision } from "~/app/modules/recognition/share-credit.ts";
import { todayIn } from "~/app/lib/days.ts";

/** How many activities are listed behind a figure; `activityCount` says how many there were. */
export const ACTIVITY_LIMIT = 100;

export interface Activity {
  /** tenant-local day */
  date: string;
  kind: string;
  label: string;
  value: number;
  /** the reason this activity does not count (EXCLUSION_REASONS in statement.ts); absent when it counts */
  excluded?: string;
}

export interface Figure {
  actual: number;
  /** newest first, at most ACTIVITY_LIMIT */
  activities: Activity[];
  activityCount: number;
  /** activities that do not count toward `actual` (listed among `activities` with their reason) */
  excludedCount?: number;
}

export interface FigureScope {
  tenantId: string;
  membershipId: string;
  /** inclusive tenant-local days */
  startsOn: string;
  endsOn: string;
}

type MeasuredMetric = Exclude<ObjectiveMetric, "manual">;

async function timeZoneOf(tx: Tx, tenantId: string): Promise<string> {
  const row = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return row.time_zone;
}

/** The tenant-local day of a timestamp column, as a SQL expression. */
const localDay = (column: string, timeZone: string) =>
  sql<string>`(${sql.ref(column)} at time zone ${timeZone})::date`;
const inPeriod = (column: string, timeZone: string, scope: FigureScope) =>
  sql<boolean>`(${sql.ref(column)} at time zone ${timeZone})::date between ${scope.startsOn}::date and ${scope.endsOn}::date`;

async function pointsFigure(tx: Tx, scope: FigureScope): Promise<Figure> {
  const [total, entries, count] = [
    await pointsTotal(tx, scope.tenantId, scope.membershipId, scope.startsOn, scope.endsOn),
    await pointsEntries(tx, scope.tenantId, scope.membershipId, scope.startsOn, scope.endsOn, ACTIVITY_LIMIT),
    await tx
      .selectFrom("points_ledger")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", scope.tenantId)
      .where("membership_id", "=", scope.membershipId)
      .where("occurred_on", ">=", scope.startsOn)
      .where("occurred_on", "<=", scope.endsOn)
      .executeTakeFirstOrThrow(),
  ];
  return {
    actual: Number(total),
    activities: entries.map((e) => {
      const activity: Activity = {
        date: e.date,
        kind: e.sourceType,
        label: pointsLabel(e.sourceType, e.sourceId, e.detail),
        value: Number(e.points),
      };
      // a share's entry of 0 points says why (repeat, weekly cap, self-reported shares earn no points)
      const share = e.sourceType === "share" ? storedDecision(e.detail) : null;
      if (share?.reason) activity.excluded = share.reason;
      return activity;
    }),
    activityCount: Number(count.n),
  };
}

/** A short, readable summary of a ledger entry's inputs ("network linkedin · clicks 4"). */
function pointsLabel(sourceType: string, sourceId: string, detail: Record<string, unknown>): string {
  const parts = Object.entries(detail)
    .filter(([key, v]) => (typeof v === "string" || typeof v === "number") && !/id$/i.test(key))
    .slice(0, 4)
    .map(([key, v]) => `${key} ${String(v)}`);
  return parts.length > 0 ? parts.join(" · ") : `${sourceType} ${sourceId}`;
}

/**
 * The "shares" objective: exactly the shares that count under the share-credit rule (first share
 * per post and network, self-reported ones within the tenant's weekly cap), computed from the
 * shares table with the ledger's decisions where the award job has made them — so the live figure,
 * the statement and the ledger agree, also for a share made since the last award run. Shares that
 * do not count are listed among the activities with their reason (value 0).
 */
async function sharesFigure(tx: Tx, scope: FigureScope): Promise<Figure> {
  const shares = await sharesInPeriod(tx, scope);
  const counted = shares.filter((s) => s.decision.counted).length;
  return {
    actual: counted,
    activities: shares.slice(0, ACTIVITY_LIMIT).map((s) => {
      const activity: Activity = {
        date: s.day,
        kind: s.verified ? "share_verified" : "share_self_reported",
        label: `${s.postTitle} (${s.network})`,
        value: s.decision.counted ? 1 : 0,
      };
      if (!s.decision.counted && s.decision.reason) activity.excluded = s.decision.reason;
      return activity;
    }),
    activityCount: shares.length,
    excludedCount: shares.length - counted,
  };
}

/** One member's verified, self-reported and counted shares of a period, for the statement (version 2). */
export { shareCounts } from "~/app/modules/recognition/share-credit.server.ts";

/**
 * Unique clicks for credit (click-credit.server.ts), not raw unique visitors: counted and released
 * visitor keys within the per-share-day cap, as points were awarded. A share-day counts once it is
 * decided, two tenant-local days after the clicks (SETTLE_DAYS); own clicks, held-back, discarded
 * and over-cap clicks are listed as excluded activities with their reason.
 */
async function uniqueClicksFigure(tx: Tx, scope: FigureScope): Promise<Figure> {
  return clickCreditFigure(tx, scope, ACTIVITY_LIMIT);
}

async function approvedSuggestionsFigure(tx: Tx, scope: FigureScope, timeZone: string): Promise<Figure> {
  const base = tx
    .selectFrom("suggestions")
    .where("tenant_id", "=", scope.tenantId)
    .where("suggester_id", "=", scope.membershipId)
    .where("status", "=", "accepted")
    .where("decided_at", "is not", null)
    .where(inPeriod("decided_at", timeZone, scope));
  const count = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .select(["id", "url", localDay("decided_at", timeZone).as("day")])
    .orderBy("decided_at", "desc")
    .orderBy("id", "desc")
    .limit(ACTIVITY_LIMIT)
    .execute();
  return {
    actual: Number(count.n),
    activities: rows.map((r) => ({ date: r.day, kind: "approved_suggestion", label: r.url, value: 1 })),
    activityCount: Number(count.n),
  };
}

/**
 * Guidelines training, counted as the points ledger credits it (guidelines_training): each
 * guidelines version the member acknowledged (first acknowledgement), and the onboarding once
 * (the first completion, whichever path) — each when it falls in the period.
 */
async function trainingFigure(tx: Tx, scope: FigureScope, timeZone: string): Promise<Figure> {
  const acks = await tx
    .selectFrom("guideline_acknowledgements")
    .select((eb) => ["version", eb.fn.min("acknowledged_at").as("at")])
    .where("tenant_id", "=", scope.tenantId)
    .where("membership_id", "=", scope.membershipId)
    .groupBy("version")
    .execute();
  const onboarding = await tx
    .selectFrom("onboarding_completions")
    .select(["path", "completed_at as at"])
    .where("tenant_id", "=", scope.tenantId)
    .where("membership_id", "=", scope.membershipId)
    .orderBy("completed_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  const day = (at: Date) => todayIn(timeZone, at);
  const all = [
    ...acks.map((a) => ({ at: new Date(a.at), kind: "guidelines_acknowledged", label: `v${a.version}` })),
    ...(onboarding
      ? [{ at: new Date(onboarding.at), kind: "onboarding_completed", label: onboarding.path }]
      : []),
  ]
    .filter((a) => day(a.at) >= scope.startsOn && day(a.at) <= scope.endsOn)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    actual: all.length,
    activities: all
      .slice(0, ACTIVITY_LIMIT)
      .map((a) => ({ date: day(a.at), kind: a.kind, label: a.label, value: 1 })),
    activityCount: all.length,
  };
}

/** One measured figure for an employee and period (manual objectives have none: the manager judges them). */
export async function measureFigure(tx: Tx, metric: MeasuredMetric, scope: FigureScope): Promise<Figure> {
  switch (metric) {
    case "points":
      return pointsFigure(tx, scope);
    case "unique_clicks":
      return uniqueClicksFigure(tx, scope);
    case "shares":
      return sharesFigure(tx, scope);
    case "approved_suggestions":
      return approvedSuggestionsFigure(tx, scope, await timeZoneOf(tx, scope.tenantId));
    case "training_completed":
      return trainingFigure(tx, scope, await timeZoneOf(tx, scope.tenantId));
  }
}

/** The figures of several objectives; each metric is measured once even when objectives repeat it. */
export async function measureObjectives(
  tx: Tx,
  scope: FigureScope,
  objectives: readonly { metric: ObjectiveMetric; manualScore: number | null }[],
): Promise<Figure[]> {
  const cache = new Map<MeasuredMetric, Figure>();
  const out: Figure[] = [];
  for (const o of objectives) {
    if (o.metric === "manual") {
      out.push({ actual: o.manualScore ?? 0, activities: [], activityCount: 0 });
      continue;
    }
    let figure = cache.get(o.metric);
    if (!figure) {
      figure = await measureFigure(tx, o.metric, scope);
      cache.set(o.metric, figure);
    }
    out.push(figure);
  }
  return out;
}
