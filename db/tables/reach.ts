import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Network, Timestamp } from "~/db/columns.ts";

/** numeric columns with a default come back from pg as strings (exact decimals); write numbers or strings, or leave out */
type Numeric = ColumnType<string, number | string | undefined, number | string>;
/** bigint columns come back from pg as strings; write numbers */
type BigCount = ColumnType<string, number | bigint | undefined, number | bigint>;
/** a tenant-local calendar day: written and read as "YYYY-MM-DD" (see db/client.ts type parsers) */
type Day = ColumnType<string, string, string>;

export type ImpressionFactors = Partial<Record<Network, number>>;

/** The tenant's reach settings; a missing row means every default (app/modules/reach/settings.ts). */
export interface ReachSettingsTable {
  tenant_id: string;
  impression_factors: ColumnType<ImpressionFactors, string, string>;
  cpm: Numeric;
  cpc: Numeric;
  currency: Generated<string>;
  min_group_size: Generated<number>;
  click_retention_days: Generated<number>;
  /** raw clicks of tenant-local days before this one were deleted; only rollups remain */
  clicks_purged_before: Day | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export const REACH_DIMENSIONS = ["tenant", "team", "post", "network", "member", "share"] as const;
export type ReachDimension = (typeof REACH_DIMENSIONS)[number];

/**
 * One day of one dimension's figures. Rows per (dimension, key):
 * - tenant: key '' — the programme;       team: key = team id ('' = members without a team)
 * - post / network: key = post id / network name; team_scope '' (all shares) or a team id (that team's shares)
 * - member: key = membership id ('' = people who left anonymised); share: key = share id
 * team_scope is '' except on post and network rows restricted to one team.
 */
export interface ReachDailyTable {
  tenant_id: string;
  day: Day;
  dimension: ReachDimension;
  team_scope: Generated<string>;
  key: string;
  /** shares made that day */
  shares: Generated<number>;
  clicks: Generated<number>;
  /** distinct visitor hashes that day */
  unique_visitors: Generated<number>;
  /** impressions of shares made that day without provider metrics: followers_at_share × factor */
  impressions_estimated: BigCount;
  /** impressions of shares made that day as the network reported them (share_metrics) */
  impressions_measured: BigCount;
  reactions: BigCount;
  /** (estimated + measured impressions) × CPM / 1000 + clicks × CPC, with the settings of the rollup */
  earned_media: Numeric;
  rolled_up_at: Generated<Date>;
}

export interface ReachDirtyDaysTable {
  tenant_id: string;
  day: Day;
  marked_at: Generated<Date>;
}

/** A share's figures as the network reports them to its author (one row per share, refreshed). */
export interface ShareMetricsTable {
  share_id: string;
  tenant_id: string;
  provider: string;
  impressions: ColumnType<string, number | bigint, number | bigint>;
  reactions: BigCount;
  comments: BigCount | null;
  reshares: BigCount | null;
  fetched_at: Generated<Date>;
}

export interface DigestPreferencesTable {
  membership_id: string;
  tenant_id: string;
  weekly_digest: boolean;
  updated_at: Generated<Date>;
}

export interface DigestSendsTable {
  tenant_id: string;
  membership_id: string;
  /** the Monday (tenant-local) of the week the digest covers */
  week_start: Day;
  kind: "advocate" | "comms";
  sent_at: CreatedAt;
}

/** Global: a job that used up its attempts (or failed permanently). */
export interface JobFailuresTable {
  id: Generated<string>;
  tenant_id: string | null;
  job_name: string;
  job_id: string;
  payload: ColumnType<unknown, string, string>;
  error: string;
  attempts: number;
  failed_at: CreatedAt;
}

/** When a background job last brought a tenant's figures up to date (0019; app/modules/freshness). */
export interface FigureRunsTable {
  tenant_id: string;
  kind: "reach_rollup" | "points_award";
  ran_at: Date;
}

/**
 * A precomputed analytics period (0028; app/modules/reach/period-rollup.server.ts): the preset of
 * `days` days ending on to_day, and what its cell decisions were made with (periods.ts periodBasis).
 */
export interface ReachPeriodsTable {
  tenant_id: string;
  days: number;
  from_day: Day;
  to_day: Day;
  basis: string;
  refreshed_at: Generated<Date>;
}

/** One cell of a precomputed period: the people behind it, the decision and the range's sums. */
export interface ReachPeriodFiguresTable {
  tenant_id: string;
  days: number;
  /** '' = the programme's tables; a team id = that team's */
  team_scope: string;
  /** sharers (0030): people = the group's people in the programme who shared in the range */
  dimension: "total" | "team" | "post" | "network" | "bucket" | "sharers";
  key: string;
  people: Generated<number>;
  shown: Generated<boolean>;
  /** reach_daily has rows of the key in the range (the sums below are theirs) */
  summed: Generated<boolean>;
  shares: BigCount;
  clicks: BigCount;
  unique_visitors: BigCount;
  impressions_estimated: BigCount;
  impressions_measured: BigCount;
  earned_media: Numeric;
}

/** Table types of the reach module (migration db/migrations/0008-reach.ts, figure_runs 0020, periods 0028 and 0030). */
export interface ReachTables {
  reach_settings: ReachSettingsTable;
  reach_daily: ReachDailyTable;
  reach_dirty_days: ReachDirtyDaysTable;
  share_metrics: ShareMetricsTable;
  digest_preferences: DigestPreferencesTable;
  digest_sends: DigestSendsTable;
  job_failures: JobFailuresTable;
  figure_runs: FigureRunsTable;
  reach_periods: ReachPeriodsTable;
  reach_period_figures: ReachPeriodFiguresTable;
}
