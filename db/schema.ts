import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are written as Date and read back as Date (pg and PGlite both parse timestamptz). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export const ROLES = ["admin", "comms_lead", "manager", "employee"] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ["de", "en"] as const;
export type Locale = (typeof LOCALES)[number];

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
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** sha256(token), hex. The token itself is only ever in the cookie. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  /** idle expiry, slides forward on use */
  expires_at: Timestamp;
  /** absolute lifetime, never extended */
  absolute_expires_at: Date;
}

export interface SignInTokensTable {
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
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
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

export interface Database {
  users: UsersTable;
  tenants: TenantsTable;
  sessions: SessionsTable;
  sign_in_tokens: SignInTokensTable;
  teams: TeamsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
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
