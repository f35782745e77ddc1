import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AdvocacyTables } from "~/db/tables/advocacy.ts";
import type { BillingTables } from "~/db/tables/billing.ts";
import type { ChatTables } from "~/db/tables/chat.ts";
import type { ClickTables } from "~/db/tables/clicks.ts";
import type { DataExportTables } from "~/db/tables/data-exports.ts";
import type { ErasureTables } from "~/db/tables/erasure.ts";
import type { EscalationTables } from "~/db/tables/escalations.ts";
import type { IdentityTables } from "~/db/tables/identity.ts";
import type { MediaTables } from "~/db/tables/media.ts";
import type { PrivacyTables } from "~/db/tables/privacy.ts";
import type { ProfileTables } from "~/db/tables/profiles.ts";
import type { ReachTables } from "~/db/tables/reach.ts";
import type { RecognitionTables } from "~/db/tables/recognition.ts";
import type { RetentionTables } from "~/db/tables/retention.ts";
import type { ShareTables } from "~/db/tables/shares.ts";

// shared with db/tables/*.ts (db/columns.ts)
import type { CreatedAt, Locale, Network, Timestamp } from "~/db/columns.ts";
export type { CreatedAt, Locale, Network, Timestamp } from "~/db/columns.ts";
export { LOCALES, NETWORKS } from "~/db/columns.ts";

export const ROLES = ["admin", "comms_lead", "manager", "employee"] as const;
export type Role = (typeof ROLES)[number];
/** What an API token may do: "content" posts and suggestions, "credit" released credit statements (0011). */
export const API_SCOPES = ["content", "credit", "scim"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

// ── global tables (no tenant_id, no RLS) ────────────────────────────────────
export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  /** The person's own UI language; null means "use the tenant default". */
  locale: Locale | null;
  created_at: CreatedAt;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  default_locale: Generated<Locale>;
  time_zone: Generated<string>;
  /** a disclosure every share must carry, e.g. "#mitarbeiter" (0004-advocacy); null: none */
  share_disclosure: string | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** sha256(token), hex. The token itself is only ever in the cookie. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  /** idle expiry, slides forward on use (NOT NULL, no default: every insert names it) */
  expires_at: ColumnType<Date, Date | string, Date | string>;
  /** absolute lifetime, never extended */
  absolute_expires_at: Date;
}

export interface SignInTokensTable {
  /** what the send-email job carries instead of the link (the job mints the token when it sends) */
  id: Generated<string>;
  /** sha256(token), hex */
  token_hash: string;
  email: string;
  /** where to land after sign-in (a tenant slug), or null for the tenant picker */
  tenant_slug: string | null;
  expires_at: Date;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

// ── tenant tables (tenant_id + forced RLS) ──────────────────────────────────
export interface TeamsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** the directory group's externalId when the team came from SCIM (0029-sso-scim) */
  scim_external_id: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  roles: Role[];
  team_id: string | null;
  /** the manager's membership id: the reporting line */
  manager_id: string | null;
  status: Generated<"active" | "deactivated">;
  /** when the member last opened the home page or the content hub */
  hub_visited_at: Timestamp | null;
  /** what counts as new during the current visit: the last open before it (0025; app/modules/home/visit.ts) */
  hub_new_since: Timestamp | null;
  /** the directory's externalId when provisioned by SCIM (0029-sso-scim) */
  scim_external_id: string | null;
  /** the directory deleted the member: deactivated, records kept, SCIM answers 404 */
  scim_deleted_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  name: string;
  roles: Role[];
  team_id: string | null;
  manager_id: string | null;
  token_hash: string;
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  token_hash: string;
  /** at least one, each known (CHECK); defaults to content only */
  scopes: Generated<ApiScope[]>;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** null: never expires (tokens issued before expiry existed, or "never" chosen) */
  expires_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  tenant_id: string;
  actor_user_id: string | null;
  action: string;
  subject: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

// ── content (0002) ──────────────────────────────────────────────────────────
export const POST_STATUSES = [
  "draft",
  "in_review",
  "approved",
  "published",
  "expired",
  "archived",
  "rejected",
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export type AddressForm = "sie" | "du";

export interface TopicsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** posts with this topic need a second, different approver (e.g. "legal") */
  requires_second_approval: Generated<boolean>;
  created_at: CreatedAt;
}

export interface PostsTable {
  id: Generated<string>;
  tenant_id: string;
  /** unique per tenant; becomes utm_campaign on tracked links */
  slug: string;
  kind: "link" | "text";
  title: string;
  /** a note for employees: why this is worth sharing */
  body: Generated<string>;
  url: string | null;
  preview_status: Generated<"none" | "pending" | "ok" | "failed">;
  preview_title: string | null;
  preview_description: string | null;
  preview_image_url: string | null;
  preview_error: string | null;
  status: Generated<PostStatus>;
  target_all: Generated<boolean>;
  publish_at: Timestamp | null;
  expires_at: Timestamp | null;
  published_at: Timestamp | null;
  author_id: string | null;
  source_suggestion_id: string | null;
  rejection_reason: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PostTopicsTable {
  tenant_id: string;
  post_id: string;
  topic_id: string;
}

export interface PostTeamsTable {
  tenant_id: string;
  post_id: string;
  team_id: string;
}

export interface CaptionsTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  network: Network;
  language: Locale;
  /** German only: formal "Sie" or informal "Du"; null = not specified */
  address_form: AddressForm | null;
  text: string;
  position: Generated<number>;
}

export interface PostVersionsTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  version: number;
  snapshot: ColumnType<Record<string, unknown>, string, never>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PostTransitionsTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  version: number;
  from_status: PostStatus;
  to_status: PostStatus;
  action: string;
  /** null: the system (publish/expire job) */
  actor_id: string | null;
  reason: string | null;
  created_at: CreatedAt;
}

export interface PostApprovalsTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  version: number;
  approver_id: string;
  created_at: CreatedAt;
}

export interface SuggestionsTable {
  id: Generated<string>;
  tenant_id: string;
  suggester_id: string | null;
  url: string;
  reason: string;
  status: Generated<"open" | "accepted" | "declined">;
  decline_reason: string | null;
  post_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: CreatedAt;
}

/**
 * Tables of later modules live in db/tables/<area>.ts (one file per migration area, so parallel work
 * does not collide here); Database joins them.
 */
export interface Database
  extends
    AdvocacyTables,
    ProfileTables,
    ShareTables,
    ClickTables,
    EscalationTables,
    ReachTables,
    BillingTables,
    RecognitionTables,
    MediaTables,
    PrivacyTables,
    DataExportTables,
    ErasureTables,
    RetentionTables,
    IdentityTables,
    ChatTables {
  users: UsersTable;
  tenants: TenantsTable;
  sessions: SessionsTable;
  sign_in_tokens: SignInTokensTable;
  teams: TeamsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  topics: TopicsTable;
  posts: PostsTable;
  post_topics: PostTopicsTable;
  post_teams: PostTeamsTable;
  captions: CaptionsTable;
  post_versions: PostVersionsTable;
  post_transitions: PostTransitionsTable;
  post_approvals: PostApprovalsTable;
  suggestions: SuggestionsTable;
}

export type User = Selectable<UsersTable>;
export type Tenant = Selectable<TenantsTable>;
export type Session = Selectable<SessionsTable>;
export type Team = Selectable<TeamsTable>;
export type Membership = Selectable<MembershipsTable>;
export type NewMembership = Insertable<MembershipsTable>;
export type MembershipUpdate = Updateable<MembershipsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Post = Selectable<PostsTable>;
export type Caption = Selectable<CaptionsTable>;
export type Topic = Selectable<TopicsTable>;
export type Suggestion = Selectable<SuggestionsTable>;
