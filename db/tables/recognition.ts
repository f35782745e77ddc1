import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

/** numeric columns come back from pg as strings (exact decimals); write numbers or strings */
type Numeric = ColumnType<string, number | string, number | string>;
/** a tenant-local calendar day, "YYYY-MM-DD" */
type Day = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export const POINT_SOURCES = [
  "share",
  "unique_clicks",
  "approved_suggestion",
  "guidelines_training",
  "escalation_handled",
] as const;
export type PointSource = (typeof POINT_SOURCES)[number];

export interface PointsRulesTable {
  id: Generated<string>;
  tenant_id: string;
  effective_from: Day;
  /** PointsRules (app/modules/recognition/rules.ts) */
  rules: Json<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
}

/** Append-only (the app role may only INSERT): one entry per (source_type, source_id). */
export interface PointsLedgerTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  source_type: PointSource;
  source_id: string;
  points: Numeric;
  occurred_on: Day;
  rules_id: string | null;
  detail: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface BadgesTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  badge: string;
  awarded_at: CreatedAt;
}

export interface KudosTable {
  id: Generated<string>;
  tenant_id: string;
  from_membership_id: string | null;
  to_membership_id: string;
  reason: string;
  created_at: CreatedAt;
}

export interface RecognitionPreferencesTable {
  membership_id: string;
  tenant_id: string;
  leaderboard_opt_in: Generated<boolean>;
  kudos_in_digest: Generated<boolean>;
  auto_release_consent: Generated<boolean>;
  updated_at: Timestamp;
}

export interface RecognitionSettingsTable {
  tenant_id: string;
  attainment_cap_percent: Generated<number>;
  release_mode: Generated<"employee" | "automatic">;
  /** 0016: counted self-reported shares (share page, copy) earn the per-share points */
  self_reported_shares_earn_points: Generated<boolean>;
  /** 0016: self-reported shares that count per member and tenant-local ISO week (0–100) */
  self_reported_weekly_cap: Generated<number>;
  /** 0016: a goal agreement may start before it is proposed, back to the current period's start */
  allow_backdated_start: Generated<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export const PERIOD_KINDS = ["quarter", "half", "year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const AGREEMENT_STATUSES = ["proposed", "commented", "accepted", "closed", "withdrawn"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const OBJECTIVE_METRICS = [
  "points",
  "shares",
  "unique_clicks",
  "approved_suggestions",
  "training_completed",
  "manual",
] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

export interface GoalAgreementsTable {
  id: Generated<string>;
  tenant_id: string;
  employee_id: string;
  manager_id: string | null;
  period_kind: PeriodKind;
  period_label: string;
  starts_on: Day;
  ends_on: Day;
  status: Generated<AgreementStatus>;
  employee_comment: string | null;
  proposed_at: Generated<Date>;
  accepted_at: Date | null;
  closed_at: Date | null;
  /** the attainment cap agreed at acceptance (100–300); null while proposed, then the tenant's current setting applies */
  attainment_cap_percent: number | null;
  /** 0018: the proposal (or revision) day when the start lies before it (tenant allows back-dating); null otherwise */
  backdated_from: Day | null;
  /** 0018: how often an accepted agreement was revised (re-proposed for a new acceptance) */
  revision: Generated<number>;
  /** 0018: set when an admin closed the agreement before its period ended and settled */
  closed_early_by: string | null;
  closed_early_reason: string | null;
  /** 0024: an erasure rewrote the texts (comment, early-closing reason) that named the person */
  pseudonymised_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GoalObjectivesTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  position: number;
  metric: ObjectiveMetric;
  title: string;
  target: Numeric;
  weight: number;
  manual_score: Numeric | null;
  manual_note: string | null;
  /** 0024: an erasure rewrote the title, which named the person */
  pseudonymised_at: Date | null;
}

/**
 * Write-once: the app role may INSERT, and UPDATE only released_at / release_mode, and (0022)
 * content and content_hash only together with a new pseudonymised_at (an erasure).
 */
export interface CreditStatementsTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  employee_id: string;
  manager_id: string | null;
  period_label: string;
  starts_on: Day;
  ends_on: Day;
  /** StatementContent (app/modules/goals/statement.ts) */
  content: Json<unknown>;
  content_hash: string;
  generated_at: Generated<Date>;
  supersedes_id: string | null;
  released_at: Date | null;
  release_mode: "employee" | "automatic" | null;
  /** 0022: an erasure replaced the embedded names by a pseudonym (copies exported before keep them) */
  pseudonymised_at: Date | null;
}

/**
 * agreement.viewed: a manager opened a report's goal agreement page with its live figures (statement_id null);
 * list.viewed: a manager's goals list showed a report's attainment (statement_id: the released statement it came from, if closed);
 * statement.corrected: a manager or admin recomputed a statement as a correction (statement_id: the new one)
 */
export const CREDIT_ACCESS_ACTIONS = [
  "statement.viewed",
  "agreement.viewed",
  "list.viewed",
  "statement.corrected",
  "export.csv",
  "export.pdf",
  "export.json",
  "api.read",
] as const;
export type CreditAccessAction = (typeof CREDIT_ACCESS_ACTIONS)[number];

/** Append-only: who looked at whose figures (shown to the employee). */
export interface CreditAccessLogTable {
  id: Generated<string>;
  tenant_id: string;
  subject_membership_id: string;
  actor_membership_id: string | null;
  actor_token_id: string | null;
  action: CreditAccessAction;
  statement_id: string | null;
  created_at: CreatedAt;
}

/** Table types of recognition and goals (migration db/migrations/0010-recognition.ts). */
export interface RecognitionTables {
  points_rules: PointsRulesTable;
  points_ledger: PointsLedgerTable;
  badges: BadgesTable;
  kudos: KudosTable;
  recognition_preferences: RecognitionPreferencesTable;
  recognition_settings: RecognitionSettingsTable;
  goal_agreements: GoalAgreementsTable;
  goal_objectives: GoalObjectivesTable;
  credit_statements: CreditStatementsTable;
  credit_access_log: CreditAccessLogTable;
}
