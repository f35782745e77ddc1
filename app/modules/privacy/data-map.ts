import { ROLES, type Role } from "~/db/schema.ts";
import { PERMISSIONS, type Permission } from "~/app/lib/permissions.ts";
import { DEFAULT_RECOGNITION_SETTINGS, type ReleaseMode } from "~/app/modules/goals/settings.ts";
import { DEFAULT_REACH_SETTINGS } from "~/app/modules/reach/settings.ts";
import { DEFAULT_PRIVACY_SETTINGS } from "~/app/modules/privacy/settings.ts";
import { managerFigures } from "~/app/modules/goals/visibility.ts";
import { figurePolicy, type FigurePolicy } from "~/app/modules/privacy/strict-mode.ts";
import type { TextKey } from "~/app/lib/i18n/keys.ts";
import type { Network } from "~/db/columns.ts";

/**
 * The data map: for each figure and data category Chorus computes or stores, who can see it at
 * which level, where it is stored and how long it is kept. Pure: the permission table and the
 * tenant's settings come in as parameters (data-map.server.ts loads them), so the map is derived
 * from the code's own rules instead of being written by hand — change a permission or a setting
 * and the map (and the papers built on it) change with it.
 *
 * Each category names the permissions that gate it: the one the person uses to see it themself
 * (`selfPermission`) and, per audience, the permission that lets someone else see it. The roles of
 * an audience are never written here; they are read from the permission table. What strict
 * works-council mode takes away is read from the policy the surfaces themselves ask
 * (strict-mode.ts figurePolicy), not restated here.
 */

export type PermissionTable = Readonly<Record<Permission, readonly Role[]>>;

/** The tenant's settings the map depends on (data-map.server.ts reads them). */
export interface DataMapSettings {
  /** recognition_settings.release_mode */
  releaseMode: ReleaseMode;
  /** recognition_settings.self_reported_shares_earn_points */
  selfReportedSharesEarnPoints: boolean;
  /** recognition_settings.self_reported_weekly_cap */
  selfReportedWeeklyCap: number;
  /** reach_settings.min_group_size */
  minGroupSize: number;
  /** reach_settings.click_retention_days */
  clickRetentionDays: number;
  /** privacy_settings.audit_retention_months */
  auditRetentionMonths: number;
  /** privacy_settings.strict_mode */
  strictMode: boolean;
}

/** What a tenant that never changed a setting has (each module's own defaults). */
export const DEFAULT_DATA_MAP_SETTINGS: DataMapSettings = {
  releaseMode: DEFAULT_RECOGNITION_SETTINGS.releaseMode,
  selfReportedSharesEarnPoints: DEFAULT_RECOGNITION_SETTINGS.selfReportedSharesEarnPoints,
  selfReportedWeeklyCap: DEFAULT_RECOGNITION_SETTINGS.selfReportedWeeklyCap,
  minGroupSize: DEFAULT_REACH_SETTINGS.minGroupSize,
  clickRetentionDays: DEFAULT_REACH_SETTINGS.clickRetentionDays,
  auditRetentionMonths: DEFAULT_PRIVACY_SETTINGS.auditRetentionMonths,
  strictMode: DEFAULT_PRIVACY_SETTINGS.strictMode,
};

/** Lifetimes fixed in code (constants of the auth, tracking and privacy modules). */
export interface DataMapLifetimes {
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  signInLinkMinutes: number;
  /** a used or expired sign-in link is deleted this many days later */
  signInGraceDays: number;
  invitationDays: number;
  /** an accepted or expired invitation is deleted this many days later */
  invitationGraceDays: number;
  memberIpKeyDays: number;
  failedJobDays: number;
  dataExportDays: number;
}

/** How someone other than the person sees a category. */
export type Condition =
  /** name, email, roles, team, manager, status of every member */
  | "profile"
  /** pending invitations: name, email, roles */
  | "invitations"
  /** who reported to whom: teams and reporting lines, set by admins */
  | "reporting_lines"
  /** people who opted in to the leaderboard, by name */
  | "opted_in"
  /** every member: the names of active colleagues (to thank one of them) */
  | "colleague_names"
  /** the recipient of a kudos sees its giver and reason */
  | "kudos_recipient"
  /** comms leads: suggestions with the suggester's name */
  | "suggester"
  /** systems reading suggestions through a "content"-scoped API token an admin created: the suggester's member id and reason */
  | "suggestions_api"
  /** comms leads: escalations with the reporter's name */
  | "reporter"
  /** comms leads: held-back clicks with the sharer's name, post and day (never who clicked) */
  | "held_clicks"
  /** comms leads, strict mode: the held-back click pattern (post, network, day, counts) without the sharer's name */
  | "held_clicks_unnamed"
  /** own direct reports: objectives, targets and status of the agreements proposed to them */
  | "agreement_terms"
  /** own direct reports, accepted agreement while the period runs: attainment per objective and overall, not the activities */
  | "live_attainment"
  /** as live_attainment plus the activities behind it, for reports who consented to automatic release */
  | "live_all_consented"
  /** own direct reports: statements the employee released (or, with automatic release, those of employees who consented) */
  | "released"
  /** the same released statements, exported as CSV, PDF or JSON (each export in the employee's access log) */
  | "released_export"
  /** HR systems reading released statements through a "credit"-scoped API token an admin created */
  | "released_api"
  /** admins: a statement recomputed as a correction, and agreements closed early */
  | "correction"
  /** failed background jobs with their payload (which may name a member) */
  | "job_payloads"
  /** content creators: who wrote, edited, approved, rejected or published each post, by name */
  | "authors"
  /** admins: who published which version of the guidelines */
  | "guideline_publisher"
  /** admins: who created each API token and when it was last used */
  | "token_creators"
  /** admins: an erasure's pseudonym, who erased and when (never the erased person's name or address) */
  | "erasure_record"
  /** admins: who has an accepted agreement with which manager, for which period, and its status (closing periods; no figures) */
  | "agreement_periods"
  /** own direct reports: a closed statement recomputed as a correction (the employee releases it again) */
  | "correction_reports"
  /** the company's directory through a "scim"-scoped API token an admin created: each member's externalId with name, address and status */
  | "directory_api";

/**
 * `logged`: each look is written to the person's access log ("Who looked at my figures",
 * credit_access_log) by the code that shows it (logCreditAccess).
 */
export type Access =
  | { permission: Permission; level: "individual"; condition: Condition; logged: boolean }
  /** about one person's data, but without naming them */
  | { permission: Permission; level: "unnamed"; condition: Condition; logged: boolean }
  | { permission: Permission; level: "groups"; minGroupSize: number };

/** What the person sees of their own data: in the app, only in their data export, or as derived counts. */
export type SelfAccess = "app" | "export" | "counts" | "none" | "group";

export type RetentionKey =
  | "membership"
  | "membership_anonymise"
  | "statements"
  | "click_days"
  | "audit_months"
  | "sessions"
  | "sign_in"
  | "member_ip_days"
  | "failed_job_days"
  | "export_days"
  | "linkedin_tokens"
  | "computed"
  | "rollups"
  /** kept with the tenant's records (an erasure's own record) */
  | "tenant_record"
  /** Stripe's webhook events as received, operators only */
  | "billing_events"
  /** single sign-on bindings: until erasure, a directory's change of address, or the provider's removal */
  | "sso_binding"
  /** the SCIM externalId: until the directory changes or removes it, or the person is erased */
  | "directory_id"
  /** the personal Slack digest: until the person turns it off, is deactivated (also by the directory) or erased */
  | "chat_digest";

export interface Retention {
  key: RetentionKey;
  values: Record<string, number>;
}

export const DATA_CATEGORIES = [
  "profile",
  "consent_records",
  "social_profiles",
  "linkedin_tokens",
  "sso_identities",
  "directory_ids",
  "shares",
  "clicks_per_share",
  "estimated_impressions",
  "earned_media_value",
  "raw_click_events",
  "own_ip_keys",
  "held_clicks",
  "points",
  "leaderboard_rank",
  "badges",
  "kudos",
  "goal_agreements",
  "goal_attainment",
  "credit_statements",
  "access_log",
  "team_analytics",
  "audit_log",
  "sessions",
  "sign_in_links",
  "suggestions",
  "escalations",
  "preferences",
  "data_exports",
  "chat_digest",
  "failed_jobs",
  "authorship",
  "api_tokens",
  "erasures",
  "billing_contact",
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Who sees a category beside the person. */
interface AudienceSpec {
  permission: Permission;
  level: Access["level"];
  condition?: Condition;
  /** the code that shows it writes the look to the person's access log (logCreditAccess) */
  logged?: boolean;
  /** only under these settings and this figure policy (strict mode), e.g. live activities only with automatic release */
  appliesWhen?: (s: DataMapSettings, policy: FigurePolicy) => boolean;
}

interface CategorySpec {
  id: DataCategory;
  tables: readonly string[];
  /** a personal figure (something measured about a person's advocacy), as opposed to records around it */
  figure: boolean;
  self: SelfAccess;
  /** the permission the person sees (or creates) it under */
  selfPermission?: Permission;
  audiences: readonly AudienceSpec[];
  retention: (s: DataMapSettings, l: DataMapLifetimes) => Retention;
}

/**
 * Operators: whoever runs Chorus's server and its command line (`npm run chorus -- …`, cli/index.ts)
 * is not a role in the app and can read the whole database. The commands that hand out one
 * person's data, with the categories they show. cli/index.ts's every command must be here or in
 * NOT_PERSONAL_COMMANDS (tests/unit/data-map.test.ts reads its command table).
 */
export const OPERATOR_COMMANDS = {
  /** one person's live figures as their statement would compute them; strict mode does not apply; audit log only */
  "credit show": ["points", "goal_attainment", "shares", "held_clicks"],
  /** everything about one person (their data export), audit log and their downloads list */
  "member export": DATA_CATEGORIES,
  /** erases a person: reads them to pseudonymise them */
  "member erase": ["profile", "erasures"],
  /** every tenant's failed jobs with their payloads */
  "job failures": ["failed_jobs"],
  /** an API token with the "credit" scope reads every released statement of the tenant */
  "token create": ["credit_statements", "api_tokens"],
  /** the tenant's API tokens with their creators */
  "token list": ["api_tokens"],
} as const satisfies Record<string, readonly DataCategory[]>;
export type OperatorCommand = keyof typeof OPERATOR_COMMANDS;

/** Commands of cli/index.ts that show no one's personal data (they create, list tenants, rotate keys, run jobs by name). */
export const NOT_PERSONAL_COMMANDS: readonly string[] = [
  "tenant create",
  "tenant list",
  "token revoke",
  "job run",
  "db roles",
  "secrets rotate",
];

const keep = (key: RetentionKey) => () => ({ key, values: {} });
const figuresInGroups: AudienceSpec = { permission: "analytics.view", level: "groups" };

/**
 * The categories. Each audience names the permission its loader or domain function checks
 * (routes in app/routes.ts; e.g. the leaderboard route asks "tenant.view" and ranks people who
 * opted in, the credit page asks "credit.export", held-back clicks CLICK_REVIEW_PERMISSION =
 * "content.approve", goal agreements `can(…, "goals.manage")` for one's own reports).
 */
const SPECS: readonly CategorySpec[] = [
  {
    id: "profile",
    tables: ["users", "memberships", "teams"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      { permission: "members.view", level: "individual", condition: "profile" },
      { permission: "members.manage", level: "individual", condition: "profile" },
      { permission: "teams.manage", level: "individual", condition: "reporting_lines" },
      // recognition/kudos.server.ts kudosRecipients: the kudos page lists every active colleague by name
      { permission: "kudos.give", level: "individual", condition: "colleague_names" },
    ],
    retention: keep("membership"),
  },
  {
    id: "consent_records",
    tables: ["advocacy_consents", "guideline_acknowledgements", "onboarding_completions"],
    figure: false,
    self: "app",
    selfPermission: "advocacy.join",
    audiences: [],
    retention: keep("membership"),
  },
  {
    id: "social_profiles",
    tables: ["social_profiles"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [],
    retention: keep("membership"),
  },
  {
    id: "linkedin_tokens",
    tables: ["linkedin_connections"],
    figure: false,
    self: "none",
    selfPermission: "tenant.view",
    audiences: [],
    retention: keep("linkedin_tokens"),
  },
  {
    // sso/sign-in-with-sso.server.ts: which subject (Entra's oid, otherwise sub) of the company's
    // identity provider is which person, with the first and the last sign-in through it. No admin
    // page lists it (the SSO page shows the provider and domains only); in the person's export.
    id: "sso_identities",
    tables: ["sso_identities"],
    figure: false,
    self: "export",
    selfPermission: "tenant.view",
    audiences: [],
    retention: keep("sso_binding"),
  },
  {
    // memberships.scim_external_id: the directory's own id of the person (Okta's user id, Entra's
    // mailNickname), written and read back by the directory's "scim" token (scim/*.server.ts)
    id: "directory_ids",
    tables: ["memberships"],
    figure: false,
    self: "export",
    selfPermission: "tenant.view",
    audiences: [{ permission: "tokens.manage", level: "individual", condition: "directory_api" }],
    retention: keep("directory_id"),
  },
  {
    id: "shares",
    tables: ["shares", "link_codes"],
    figure: true,
    self: "app",
    selfPermission: "content.view",
    audiences: [figuresInGroups],
    retention: keep("membership_anonymise"),
  },
  {
    id: "clicks_per_share",
    tables: ["reach_daily"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [figuresInGroups],
    retention: keep("membership_anonymise"),
  },
  {
    id: "estimated_impressions",
    tables: ["reach_daily", "share_metrics"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [figuresInGroups],
    retention: keep("membership_anonymise"),
  },
  {
    id: "earned_media_value",
    tables: ["reach_daily"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [figuresInGroups],
    retention: keep("membership_anonymise"),
  },
  {
    id: "raw_click_events",
    tables: ["click_events", "click_inbox"],
    figure: true,
    self: "counts",
    selfPermission: "tenant.view",
    audiences: [],
    retention: (s) => ({ key: "click_days", values: { days: s.clickRetentionDays } }),
  },
  {
    id: "own_ip_keys",
    tables: ["member_ip_keys"],
    figure: false,
    self: "none",
    audiences: [],
    retention: (_s, l) => ({ key: "member_ip_days", values: { days: l.memberIpKeyDays } }),
  },
  {
    id: "held_clicks",
    tables: ["click_holds"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      {
        permission: "content.approve",
        level: "individual",
        condition: "held_clicks",
        appliesWhen: (_s, p) => p.heldClicksSharer,
      },
      {
        permission: "content.approve",
        level: "unnamed",
        condition: "held_clicks_unnamed",
        appliesWhen: (_s, p) => !p.heldClicksSharer,
      },
    ],
    retention: keep("membership"),
  },
  {
    id: "points",
    tables: ["points_ledger"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      {
        permission: "tenant.view",
        level: "individual",
        condition: "opted_in",
        appliesWhen: (_s, p) => p.leaderboard,
      },
    ],
    retention: keep("membership"),
  },
  {
    id: "leaderboard_rank",
    tables: ["points_ledger", "recognition_preferences"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      {
        permission: "tenant.view",
        level: "individual",
        condition: "opted_in",
        appliesWhen: (_s, p) => p.leaderboard,
      },
    ],
    retention: keep("computed"),
  },
  {
    id: "badges",
    tables: ["badges"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [],
    retention: keep("membership"),
  },
  {
    id: "kudos",
    tables: ["kudos"],
    figure: false,
    self: "app",
    selfPermission: "kudos.give",
    audiences: [{ permission: "kudos.give", level: "individual", condition: "kudos_recipient" }],
    retention: keep("membership"),
  },
  {
    id: "goal_agreements",
    tables: ["goal_agreements", "goal_objectives"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      { permission: "goals.manage", level: "individual", condition: "agreement_terms" },
      // the close-periods page (goals/close.server.ts closePeriodsOverview): names and periods, no figures
      { permission: "recognition.manage", level: "individual", condition: "agreement_periods" },
    ],
    retention: keep("membership"),
  },
  {
    id: "goal_attainment",
    tables: ["goal_agreements", "goal_objectives", "points_ledger"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      // what a manager sees of an accepted agreement while the period runs: goals/visibility.ts decides
      {
        permission: "goals.manage",
        level: "individual",
        condition: "live_attainment",
        logged: true,
        appliesWhen: (s) => managerFigures("accepted", s.releaseMode, false, s.strictMode).shown !== "none",
      },
      {
        permission: "goals.manage",
        level: "individual",
        condition: "live_all_consented",
        logged: true,
        appliesWhen: (s) => managerFigures("accepted", s.releaseMode, true, s.strictMode).shown === "all",
      },
    ],
    retention: keep("computed"),
  },
  {
    id: "credit_statements",
    tables: ["credit_statements"],
    figure: true,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [
      { permission: "goals.manage", level: "individual", condition: "released", logged: true },
      // goals/close.server.ts recomputeAsCorrection: the current manager of the employee, or recognition.manage
      { permission: "goals.manage", level: "individual", condition: "correction_reports", logged: true },
      { permission: "credit.export", level: "individual", condition: "released_export", logged: true },
      { permission: "tokens.manage", level: "individual", condition: "released_api", logged: true },
      { permission: "recognition.manage", level: "individual", condition: "correction", logged: true },
    ],
    retention: keep("statements"),
  },
  {
    id: "access_log",
    tables: ["credit_access_log"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [],
    retention: (s) => ({ key: "audit_months", values: { months: s.auditRetentionMonths } }),
  },
  {
    id: "team_analytics",
    tables: ["reach_daily", "reach_periods", "reach_period_figures"],
    figure: true,
    self: "group",
    audiences: [figuresInGroups],
    retention: keep("rollups"),
  },
  {
    id: "audit_log",
    tables: ["audit_events"],
    figure: false,
    self: "export",
    selfPermission: "tenant.view",
    audiences: [],
    retention: (s) => ({ key: "audit_months", values: { months: s.auditRetentionMonths } }),
  },
  {
    id: "sessions",
    tables: ["sessions"],
    figure: false,
    self: "none",
    audiences: [],
    retention: (_s, l) => ({
      key: "sessions",
      values: { idle: l.sessionIdleDays, absolute: l.sessionAbsoluteDays },
    }),
  },
  {
    id: "sign_in_links",
    tables: ["sign_in_tokens", "invitations"],
    figure: false,
    self: "none",
    audiences: [{ permission: "members.invite", level: "individual", condition: "invitations" }],
    retention: (_s, l) => ({
      key: "sign_in",
      values: {
        minutes: l.signInLinkMinutes,
        count: l.signInGraceDays,
        days: l.invitationDays,
        inviteGrace: l.invitationGraceDays,
      },
    }),
  },
  {
    id: "suggestions",
    tables: ["suggestions"],
    figure: false,
    self: "app",
    selfPermission: "content.suggest",
    audiences: [
      { permission: "suggestions.review", level: "individual", condition: "suggester" },
      // GET /api/v1/suggestions (api/schemas.ts toApiSuggestion): suggesterId and the reason text
      { permission: "tokens.manage", level: "individual", condition: "suggestions_api" },
    ],
    retention: keep("membership"),
  },
  {
    id: "escalations",
    tables: ["escalations"],
    figure: false,
    self: "app",
    selfPermission: "escalations.report",
    audiences: [{ permission: "escalations.handle", level: "individual", condition: "reporter" }],
    retention: keep("membership"),
  },
  {
    id: "preferences",
    // digest_sends: which weekly digest went to whom (reach/digest.server.ts)
    tables: ["recognition_preferences", "digest_preferences", "digest_sends"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [],
    retention: keep("membership"),
  },
  {
    id: "data_exports",
    tables: ["data_exports"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [],
    retention: (_s, l) => ({ key: "export_days", values: { days: l.dataExportDays } }),
  },
  {
    // chat/subscribe-chat-digest.server.ts: the person asked for the weekly digest as a personal
    // Slack message (opt-in; nobody else gets one). The digest job looks their Slack account up by
    // their e-mail address in the company's own workspace (users.lookupByEmail) each time it sends.
    // No admin page lists who subscribed.
    id: "chat_digest",
    tables: ["chat_digest_subscriptions"],
    figure: false,
    self: "app",
    selfPermission: "tenant.view",
    audiences: [],
    retention: keep("chat_digest"),
  },
  {
    id: "failed_jobs",
    tables: ["job_failures"],
    figure: false,
    self: "none",
    audiences: [{ permission: "tenant.settings", level: "individual", condition: "job_payloads" }],
    retention: (_s, l) => ({ key: "failed_job_days", values: { days: l.failedJobDays } }),
  },
  {
    // the membership references of content and settings (author_id, created_by, actor_id, approver_id,
    // published_by, updated_by): the content list and history name authors and approvers
    id: "authorship",
    tables: [
      "posts",
      "post_versions",
      "post_transitions",
      "post_approvals",
      "guidelines",
      "points_rules",
      "linkedin_apps",
      // who configured single sign-on (created_by); the client secret is sealed like LinkedIn's
      "identity_providers",
      // who added a Teams or Slack channel (created_by) and who added the Slack workspace
      // (installed_by): membership ids, kept under the pseudonym after an erasure like every
      // author reference; the webhook URL and the bot token are sealed. Nothing else in them is
      // about a person (channel names and the workspace's name are the company's)
      "chat_channels",
      "slack_installations",
      "reach_settings",
      "recognition_settings",
      "privacy_settings",
    ],
    figure: false,
    self: "app",
    selfPermission: "content.create",
    audiences: [
      { permission: "content.create", level: "individual", condition: "authors" },
      // advocacy/guidelines.server.ts listGuidelineVersions, on the admin's guidelines page
      { permission: "guidelines.manage", level: "individual", condition: "guideline_publisher" },
    ],
    retention: keep("membership"),
  },
  {
    id: "api_tokens",
    tables: ["api_tokens"],
    figure: false,
    self: "app",
    selfPermission: "tokens.manage",
    audiences: [{ permission: "tokens.manage", level: "individual", condition: "token_creators" }],
    retention: keep("membership"),
  },
  {
    // privacy/erase-member.server.ts: the pseudonym, who erased, when, what was counted
    id: "erasures",
    tables: ["erasures"],
    figure: false,
    self: "none",
    audiences: [{ permission: "members.manage", level: "individual", condition: "erasure_record" }],
    retention: keep("tenant_record"),
  },
  {
    // a Checkout's payer contact as entered at Stripe, in the webhook payload the app role cannot read (0015)
    id: "billing_contact",
    tables: ["stripe_events"],
    figure: false,
    self: "none",
    audiences: [],
    retention: keep("billing_events"),
  },
];

/**
 * Tables of the migrated schema that hold nothing about a person: content and its structure, the
 * company, rules and secrets, bookkeeping. Every other table must be named as storage by a
 * category above — tests/integration/data-map-catalog.test.ts reads the database's catalog and
 * fails on a table that is in neither.
 */
export const NOT_PERSONAL_TABLES: readonly string[] = [
  // the company: name, slug, language, time zone
  "tenants",
  // plan, trial and seat counts of the company's subscription (the payer's contact is in stripe_events)
  "billing_accounts",
  // content: captions, images fetched from the post's link, its topics and target teams, topic names
  "captions",
  "post_images",
  "post_teams",
  "post_topics",
  "topics",
  // the tenant's disclosure label per network and language
  "disclosure_labels",
  // the company's e-mail domains for single sign-on: domain, DNS token, verified when and how, SSO required
  "sso_domains",
  // Teams and Slack (0032): which topics go to which channel, and each message sent to a channel
  // (a post's announcement, a week's digest, a test: channel, post, status, time). Channel messages
  // carry post titles, notes, captions and share links, never anyone's figures; personal digests
  // are not recorded here (chat_digest_subscriptions.last_sent_week, category chat_digest)
  "chat_channel_topics",
  "chat_deliveries",
  // the day's secret for visitor keys (deleted after two days); says nothing about anyone by itself
  "click_salts",
  // bookkeeping of jobs: days to roll up again, when figures and the retention job last ran (counts only)
  "reach_dirty_days",
  "figure_runs",
  "retention_runs",
  // the migrator's own ledger
  "kysely_migration",
  "kysely_migration_lock",
];

/**
 * Permissions that gate nothing personal: topics, LinkedIn app credentials, single sign-on settings, billing (its invoices
 * are read from Stripe, never stored). A new permission must be added to a category's audience or
 * here — tests/unit/data-map.test.ts fails otherwise.
 */
export const NOT_PERSONAL_PERMISSIONS: readonly Permission[] = [
  "topics.manage",
  "linkedin.configure",
  "billing.manage",
  // the SSO page (sso/get-sso-settings.server.ts): the identity provider (never its secret) and the e-mail domains, no person
  "tenant.sso",
  // Teams and Slack (issue 17): channels with their topics, quiet hours, limits and delivery state,
  // the Teams app package, the Slack workspace; who added a channel or the workspace is not shown,
  // nor who asked for a personal digest
  "integrations.manage",
  "integrations.install",
];

export interface DataMapRow {
  id: DataCategory;
  tables: readonly string[];
  figure: boolean;
  self: SelfAccess;
  /** every permission that gates this category (the person's own and each audience's) */
  gatedBy: Permission[];
  /** per role, what holders of that role see of other people's data here ([] = nothing) */
  roles: Record<Role, Access[]>;
  retention: Retention;
  /** strict mode is on and took audiences away from this row */
  narrowedByStrictMode: boolean;
  /** the operators' commands that show this category of one person (OPERATOR_COMMANDS) */
  operators: OperatorCommand[];
}

/**
 * The services outside the company that receive personal data, as this installation is configured
 * (data-map.server.ts reads the environment and the tenant's LinkedIn app).
 */
export interface DataMapProcessors {
  /** "resend": mails go out through Resend (RESEND_API_KEY); "outbox": written to files on the server (development) */
  mail: "resend" | "outbox";
  /** Stripe billing is on (STRIPE_SECRET_KEY …) */
  stripe: boolean;
  /** the tenant's LinkedIn app is enabled and the server can use it: members may connect their accounts */
  linkedin: boolean;
  /** with LinkedIn: the admin switched on reading members' post analytics */
  linkedinPostAnalytics: boolean;
  /** the company has at least one Microsoft Teams channel (a Workflows webhook of its own Microsoft 365) */
  teams: boolean;
  /** the company's Slack workspace is added ("Add to Slack", a live bot token) */
  slack: boolean;
}

/**
 * How shares are labelled (advocacy/share-disclosure.server.ts): the tenant's labels per network
 * and language, the single fallback, and whether shares are rewarded (then the label must say so).
 */
export interface DataMapDisclosure {
  labels: { network: Network; language: string; label: string }[];
  /** tenants.share_disclosure */
  fallback: string | null;
  /** shares earn points or count toward a goal agreement in force (sharesIncentivised) */
  incentivised: boolean;
}

export const NO_DISCLOSURE: DataMapDisclosure = { labels: [], fallback: null, incentivised: false };

export const NO_PROCESSORS: DataMapProcessors = {
  mail: "outbox",
  stripe: false,
  linkedin: false,
  linkedinPostAnalytics: false,
  teams: false,
  slack: false,
};

export interface DataMap {
  settings: DataMapSettings;
  lifetimes: DataMapLifetimes;
  processors: DataMapProcessors;
  disclosure: DataMapDisclosure;
  rows: DataMapRow[];
}

/** The permissions the map names: every permission some category is gated by. */
export function mappedPermissions(): Set<Permission> {
  const out = new Set<Permission>();
  for (const spec of SPECS) {
    if (spec.selfPermission) out.add(spec.selfPermission);
    for (const a of spec.audiences) out.add(a.permission);
  }
  return out;
}

/** The roles that hold `permission` in `table`. */
export function rolesWith(table: PermissionTable, permission: Permission): Role[] {
  const granted: readonly Role[] = table[permission] ?? [];
  return ROLES.filter((r) => granted.includes(r));
}

export function buildDataMap(
  settings: DataMapSettings,
  lifetimes: DataMapLifetimes,
  permissions: PermissionTable = PERMISSIONS,
  processors: DataMapProcessors = NO_PROCESSORS,
  disclosure: DataMapDisclosure = NO_DISCLOSURE,
): DataMap {
  const policy = figurePolicy(settings.strictMode);
  const relaxed = figurePolicy(false);
  const rows = SPECS.map((spec): DataMapRow => {
    const roles = audiencesByRole(spec, settings, policy, permissions);
    // what strict mode took away (or made unnamed) compared with the same settings without it
    const narrowed =
      settings.strictMode &&
      JSON.stringify(roles) !==
        JSON.stringify(audiencesByRole(spec, { ...settings, strictMode: false }, relaxed, permissions));
    const gatedBy = [
      ...new Set([
        ...(spec.selfPermission ? [spec.selfPermission] : []),
        ...spec.audiences.map((a) => a.permission),
      ]),
    ];
    const operators = (Object.keys(OPERATOR_COMMANDS) as OperatorCommand[]).filter((c) =>
      (OPERATOR_COMMANDS[c] as readonly DataCategory[]).includes(spec.id),
    );
    return {
      id: spec.id,
      tables: spec.tables,
      figure: spec.figure,
      self: spec.self,
      gatedBy,
      roles,
      retention: spec.retention(settings, lifetimes),
      narrowedByStrictMode: narrowed,
      operators,
    };
  });
  return {
    settings: { ...settings },
    lifetimes: { ...lifetimes },
    processors: { ...processors },
    disclosure: { ...disclosure, labels: disclosure.labels.map((l) => ({ ...l })) },
    rows,
  };
}

/** Per role, the audiences of a category that apply under these settings and this policy. */
function audiencesByRole(
  spec: CategorySpec,
  settings: DataMapSettings,
  policy: FigurePolicy,
  permissions: PermissionTable,
): Record<Role, Access[]> {
  const roles = Object.fromEntries(ROLES.map((r) => [r, [] as Access[]])) as Record<Role, Access[]>;
  for (const audience of spec.audiences) {
    if (audience.appliesWhen && !audience.appliesWhen(settings, policy)) continue;
    const access: Access =
      audience.level === "groups"
        ? {
            permission: audience.permission,
            level: "groups",
            minGroupSize: policy.minGroupSize(settings.minGroupSize),
          }
        : {
            permission: audience.permission,
            level: audience.level,
            condition: audience.condition ?? "profile",
            logged: audience.logged ?? false,
          };
    for (const role of rolesWith(permissions, audience.permission)) {
      const list = roles[role];
      if (!list.some((a) => sameAccess(a, access))) list.push(access);
    }
  }
  return roles;
}

function sameAccess(a: Access, b: Access): boolean {
  if (a.level === "groups" || b.level === "groups") return a.level === b.level;
  return a.level === b.level && a.condition === b.condition && a.logged === b.logged;
}

/** The settings a paper assumed, in a fixed order, with their stored names and values. */
export function assumedSettings(
  settings: DataMapSettings,
): { name: string; value: string | number | boolean }[] {
  return [
    { name: "recognition_settings.release_mode", value: settings.releaseMode },
    {
      name: "recognition_settings.self_reported_shares_earn_points",
      value: settings.selfReportedSharesEarnPoints,
    },
    { name: "recognition_settings.self_reported_weekly_cap", value: settings.selfReportedWeeklyCap },
    { name: "reach_settings.min_group_size", value: settings.minGroupSize },
    { name: "reach_settings.click_retention_days", value: settings.clickRetentionDays },
    { name: "privacy_settings.audit_retention_months", value: settings.auditRetentionMonths },
    { name: "privacy_settings.strict_mode", value: settings.strictMode },
  ];
}

/** The configuration behind the processors a paper names (environment and the tenant's LinkedIn app), with their values. */
export function assumedProcessors(p: DataMapProcessors): { name: string; value: string | boolean }[] {
  return [
    { name: "RESEND_API_KEY", value: p.mail === "resend" ? "set" : "unset" },
    { name: "STRIPE_SECRET_KEY", value: p.stripe ? "set" : "unset" },
    { name: "linkedin_apps.enabled", value: p.linkedin },
    { name: "linkedin_apps.post_analytics_enabled", value: p.linkedin && p.linkedinPostAnalytics },
    { name: "chat_channels (Microsoft Teams)", value: p.teams },
    { name: "slack_installations (live)", value: p.slack },
  ];
}

/** The disclosure configuration a paper assumed: each label, the fallback and whether shares are rewarded. */
export function assumedDisclosure(d: DataMapDisclosure): { name: string; value: string | boolean }[] {
  return [
    ...d.labels.map((l) => ({ name: `disclosure_labels.${l.network}.${l.language}`, value: l.label })),
    { name: "tenants.share_disclosure", value: d.fallback ?? "" },
    { name: "shares rewarded (points rules or goal agreements in force)", value: d.incentivised },
  ];
}

/** A translate function (i18next's `t`, bound to the dataMap texts' language). */
export type Translate = (key: TextKey, vars?: Record<string, string | number>) => string;

/** One audience in words: "only groups of at least 5 people" or the condition's text. */
export function describeAccess(t: Translate, access: Access): string {
  if (access.level === "groups") return t("dataMap.groups", { n: access.minGroupSize });
  const text = t(`dataMap.conditions.${access.condition}`);
  return access.logged ? `${text} (${t("dataMap.logged")})` : text;
}

/** What holders of `role` see of other people's data in this row, in words ("—" for nothing). */
export function describeRole(t: Translate, row: DataMapRow, role: Role): string {
  const list = row.roles[role];
  return list.length === 0 ? t("dataMap.nobody") : list.map((a) => describeAccess(t, a)).join("; ");
}

export function describeRetention(t: Translate, retention: Retention): string {
  return t(`dataMap.retention.${retention.key}`, retention.values);
}

/** The settings in words, for the page and the papers: [label, value]. */
export function describeSettings(t: Translate, settings: DataMapSettings): [string, string][] {
  const yesNo = (b: boolean) => t(b ? "dataMap.settings.yes" : "dataMap.settings.no");
  return [
    [t("dataMap.settings.releaseMode"), t(`dataMap.settings.releaseModes.${settings.releaseMode}`)],
    [t("dataMap.settings.selfReported"), yesNo(settings.selfReportedSharesEarnPoints)],
    [t("dataMap.settings.weeklyCap"), String(settings.selfReportedWeeklyCap)],
    [t("dataMap.settings.minGroupSize"), String(settings.minGroupSize)],
    [t("dataMap.settings.clickRetention"), String(settings.clickRetentionDays)],
    [t("dataMap.settings.auditRetention"), String(settings.auditRetentionMonths)],
    [t("dataMap.settings.strictMode"), yesNo(settings.strictMode)],
    [t("dataMap.settings.leaderboard"), t("dataMap.settings.leaderboardRule")],
  ];
}
