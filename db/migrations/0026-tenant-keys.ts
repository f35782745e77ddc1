import { sql, type Kysely } from "kysely";

/**
 * Distribution-ready keys (issue 15, "past one database"): every tenant table's primary key and
 * unique constraints start with tenant_id, and every foreign key between tenant tables carries
 * tenant_id on both sides, so that a sharded PostgreSQL (Citus, tables distributed by tenant_id and
 * colocated) can enforce them on one shard, and so that no row can ever point at another tenant's
 * row (the database now refuses what RLS alone only hid). The tables, and the few global ones, are
 * named in tests/integration/distribution-catalog.test.ts, which fails on a key that lacks tenant_id.
 *
 * Explicit lists rather than a catalog walk, so that the migration does the same on every database
 * and down() restores exactly what was there (the lists were read from the catalog at 0025).
 *
 *  - Primary keys: (id) becomes (tenant_id, id); (membership_id) becomes (tenant_id, membership_id).
 *    Every lookup by id runs under RLS, whose policy adds tenant_id = app.tenant_id, so the
 *    composite index serves it; no extra index on id alone.
 *  - Unique constraints and indexes: (x, y) becomes (tenant_id, x, y), same name, so ON CONFLICT
 *    targets name (tenant_id, …) and code that tells a unique violation by name keeps working.
 *    The uniqueness the code relies on is per tenant anyway (a post's versions, an agreement's
 *    objective positions, one approval per approver and version, one original credit statement per
 *    agreement). api_tokens.token_hash and invitations.token_hash are SHA-256 of 256-bit random
 *    secrets and are only ever looked up together with the tenant (the tenant slug is part of the
 *    token): no cross-tenant uniqueness needed, (tenant_id, token_hash) serves the lookup.
 *    billing_accounts.stripe_customer_id: Stripe's own id, one account per tenant (its primary key is
 *    tenant_id), never looked up without the tenant. shares.code stays unique across tenants through
 *    link_codes' primary key (code), where every code is reserved first; shares are never looked up
 *    by code (the redirect and the click drain go through link_codes).
 *  - Foreign keys between tenant tables: (x) → t(id) becomes (tenant_id, x) → t(tenant_id, id) with
 *    the same ON DELETE; ON DELETE SET NULL becomes SET NULL (x) (PostgreSQL 15+), so that
 *    tenant_id, which is part of the key, is never nulled. Foreign keys to users and tenants (global,
 *    reference tables in Citus) stay as they are.
 *  - link_codes (global by nature: code → link before any tenant is known; a reference table in
 *    Citus) keeps its primary key (code) so that codes stay unique across tenants; its foreign key
 *    to shares becomes (tenant_id, share_id) → shares(tenant_id, id), which also pins a code to its
 *    share's tenant. Citus does not allow a foreign key from a reference table to a distributed one:
 *    there this one is dropped and the share's deletion deletes its code explicitly (the one known
 *    blocker, see the test).
 *
 * On a populated database: each new key builds an index and each foreign key is checked against the
 * existing rows, under an ACCESS EXCLUSIVE lock on the table, in the migration's transaction. A row
 * that points at another tenant's row (it cannot be produced by the app) makes the migration fail
 * naming the constraint and the key; nothing is half-applied.
 */

type KeyKind = "primary key" | "unique" | "unique index";

interface Key {
  table: string;
  name: string;
  kind: KeyKind;
  /** the columns before this migration; afterwards tenant_id comes first */
  columns: string[];
  /** a partial unique index's predicate */
  where?: string;
}

const KEYS: Key[] = [
  { table: "advocacy_consents", name: "advocacy_consents_pkey", kind: "primary key", columns: ["id"] },
  { table: "api_tokens", name: "api_tokens_pkey", kind: "primary key", columns: ["id"] },
  { table: "api_tokens", name: "api_tokens_token_hash_key", kind: "unique", columns: ["token_hash"] },
  { table: "audit_events", name: "audit_events_pkey", kind: "primary key", columns: ["id"] },
  { table: "badges", name: "badges_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "billing_accounts",
    name: "billing_accounts_stripe_customer_id_key",
    kind: "unique",
    columns: ["stripe_customer_id"],
  },
  { table: "captions", name: "captions_pkey", kind: "primary key", columns: ["id"] },
  { table: "click_events", name: "click_events_pkey", kind: "primary key", columns: ["id"] },
  { table: "click_holds", name: "click_holds_pkey", kind: "primary key", columns: ["id"] },
  { table: "credit_access_log", name: "credit_access_log_pkey", kind: "primary key", columns: ["id"] },
  { table: "credit_statements", name: "credit_statements_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "credit_statements",
    name: "credit_statements_one_original",
    kind: "unique index",
    columns: ["agreement_id"],
    where: "supersedes_id is null",
  },
  {
    table: "credit_statements",
    name: "credit_statements_one_correction",
    kind: "unique index",
    columns: ["supersedes_id"],
    where: "supersedes_id is not null",
  },
  { table: "data_exports", name: "data_exports_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "digest_preferences",
    name: "digest_preferences_pkey",
    kind: "primary key",
    columns: ["membership_id"],
  },
  { table: "erasures", name: "erasures_pkey", kind: "primary key", columns: ["id"] },
  { table: "escalations", name: "escalations_pkey", kind: "primary key", columns: ["id"] },
  { table: "goal_agreements", name: "goal_agreements_pkey", kind: "primary key", columns: ["id"] },
  { table: "goal_objectives", name: "goal_objectives_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "goal_objectives",
    name: "goal_objectives_position",
    kind: "unique",
    columns: ["agreement_id", "position"],
  },
  {
    table: "guideline_acknowledgements",
    name: "guideline_acknowledgements_pkey",
    kind: "primary key",
    columns: ["id"],
  },
  { table: "guidelines", name: "guidelines_pkey", kind: "primary key", columns: ["id"] },
  { table: "invitations", name: "invitations_pkey", kind: "primary key", columns: ["id"] },
  { table: "invitations", name: "invitations_token_hash_key", kind: "unique", columns: ["token_hash"] },
  { table: "kudos", name: "kudos_pkey", kind: "primary key", columns: ["id"] },
  { table: "linkedin_connections", name: "linkedin_connections_pkey", kind: "primary key", columns: ["id"] },
  { table: "memberships", name: "memberships_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "onboarding_completions",
    name: "onboarding_completions_pkey",
    kind: "primary key",
    columns: ["id"],
  },
  { table: "points_ledger", name: "points_ledger_pkey", kind: "primary key", columns: ["id"] },
  { table: "points_rules", name: "points_rules_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "post_approvals",
    name: "post_approvals_once_key",
    kind: "unique",
    columns: ["post_id", "version", "approver_id"],
  },
  { table: "post_approvals", name: "post_approvals_pkey", kind: "primary key", columns: ["id"] },
  { table: "post_teams", name: "post_teams_pkey", kind: "primary key", columns: ["post_id", "team_id"] },
  { table: "post_topics", name: "post_topics_pkey", kind: "primary key", columns: ["post_id", "topic_id"] },
  { table: "post_transitions", name: "post_transitions_pkey", kind: "primary key", columns: ["id"] },
  { table: "post_versions", name: "post_versions_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "post_versions",
    name: "post_versions_post_version_key",
    kind: "unique",
    columns: ["post_id", "version"],
  },
  { table: "posts", name: "posts_pkey", kind: "primary key", columns: ["id"] },
  {
    table: "recognition_preferences",
    name: "recognition_preferences_pkey",
    kind: "primary key",
    columns: ["membership_id"],
  },
  { table: "share_metrics", name: "share_metrics_pkey", kind: "primary key", columns: ["share_id"] },
  { table: "shares", name: "shares_code_key", kind: "unique", columns: ["code"] },
  { table: "shares", name: "shares_pkey", kind: "primary key", columns: ["id"] },
  { table: "social_profiles", name: "social_profiles_pkey", kind: "primary key", columns: ["id"] },
  { table: "suggestions", name: "suggestions_pkey", kind: "primary key", columns: ["id"] },
  { table: "teams", name: "teams_pkey", kind: "primary key", columns: ["id"] },
  { table: "topics", name: "topics_pkey", kind: "primary key", columns: ["id"] },
];

type OnDelete = "cascade" | "set null" | "no action";

/** [table, constraint, column, referenced table (its id), on delete] */
const FOREIGN_KEYS: [table: string, name: string, column: string, references: string, onDelete: OnDelete][] =
  [
    ["advocacy_consents", "advocacy_consents_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["badges", "badges_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["captions", "captions_post_id_fkey", "post_id", "posts", "cascade"],
    ["click_events", "click_events_share_id_fkey", "share_id", "shares", "cascade"],
    ["click_holds", "click_holds_decided_by_fkey", "decided_by", "memberships", "set null"],
    ["click_holds", "click_holds_membership_id_fkey", "membership_id", "memberships", "set null"],
    ["click_holds", "click_holds_share_id_fkey", "share_id", "shares", "cascade"],
    [
      "credit_access_log",
      "credit_access_log_actor_membership_id_fkey",
      "actor_membership_id",
      "memberships",
      "set null",
    ],
    [
      "credit_access_log",
      "credit_access_log_actor_token_id_fkey",
      "actor_token_id",
      "api_tokens",
      "set null",
    ],
    [
      "credit_access_log",
      "credit_access_log_statement_id_fkey",
      "statement_id",
      "credit_statements",
      "no action",
    ],
    [
      "credit_access_log",
      "credit_access_log_subject_membership_id_fkey",
      "subject_membership_id",
      "memberships",
      "cascade",
    ],
    [
      "credit_statements",
      "credit_statements_agreement_id_fkey",
      "agreement_id",
      "goal_agreements",
      "no action",
    ],
    ["credit_statements", "credit_statements_employee_id_fkey", "employee_id", "memberships", "cascade"],
    ["credit_statements", "credit_statements_manager_id_fkey", "manager_id", "memberships", "set null"],
    [
      "credit_statements",
      "credit_statements_supersedes_id_fkey",
      "supersedes_id",
      "credit_statements",
      "no action",
    ],
    ["data_exports", "data_exports_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["data_exports", "data_exports_requested_by_fkey", "requested_by", "memberships", "set null"],
    [
      "digest_preferences",
      "digest_preferences_membership_id_fkey",
      "membership_id",
      "memberships",
      "cascade",
    ],
    ["digest_sends", "digest_sends_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["erasures", "erasures_erased_by_fkey", "erased_by", "memberships", "set null"],
    ["erasures", "erasures_membership_id_fkey", "membership_id", "memberships", "set null"],
    ["escalations", "escalations_handled_by_fkey", "handled_by", "memberships", "set null"],
    ["escalations", "escalations_reporter_id_fkey", "reporter_id", "memberships", "set null"],
    ["goal_agreements", "goal_agreements_closed_early_by_fkey", "closed_early_by", "memberships", "set null"],
    ["goal_agreements", "goal_agreements_employee_id_fkey", "employee_id", "memberships", "cascade"],
    ["goal_agreements", "goal_agreements_manager_id_fkey", "manager_id", "memberships", "set null"],
    ["goal_objectives", "goal_objectives_agreement_id_fkey", "agreement_id", "goal_agreements", "cascade"],
    [
      "guideline_acknowledgements",
      "guideline_acknowledgements_membership_id_fkey",
      "membership_id",
      "memberships",
      "cascade",
    ],
    ["guidelines", "guidelines_published_by_fkey", "published_by", "memberships", "set null"],
    ["invitations", "invitations_manager_id_fkey", "manager_id", "memberships", "set null"],
    ["invitations", "invitations_team_id_fkey", "team_id", "teams", "set null"],
    ["kudos", "kudos_from_membership_id_fkey", "from_membership_id", "memberships", "set null"],
    ["kudos", "kudos_to_membership_id_fkey", "to_membership_id", "memberships", "cascade"],
    ["link_codes", "link_codes_share_id_fkey", "share_id", "shares", "cascade"],
    ["linkedin_apps", "linkedin_apps_updated_by_fkey", "updated_by", "memberships", "set null"],
    [
      "linkedin_connections",
      "linkedin_connections_membership_id_fkey",
      "membership_id",
      "memberships",
      "cascade",
    ],
    ["memberships", "memberships_manager_id_fkey", "manager_id", "memberships", "set null"],
    ["memberships", "memberships_team_id_fkey", "team_id", "teams", "set null"],
    [
      "onboarding_completions",
      "onboarding_completions_membership_id_fkey",
      "membership_id",
      "memberships",
      "cascade",
    ],
    ["points_ledger", "points_ledger_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["points_ledger", "points_ledger_rules_id_fkey", "rules_id", "points_rules", "no action"],
    ["points_rules", "points_rules_created_by_fkey", "created_by", "memberships", "set null"],
    ["post_approvals", "post_approvals_approver_id_fkey", "approver_id", "memberships", "cascade"],
    ["post_approvals", "post_approvals_post_id_fkey", "post_id", "posts", "cascade"],
    ["post_images", "post_images_post_id_fkey", "post_id", "posts", "cascade"],
    ["post_teams", "post_teams_post_id_fkey", "post_id", "posts", "cascade"],
    ["post_teams", "post_teams_team_id_fkey", "team_id", "teams", "cascade"],
    ["post_topics", "post_topics_post_id_fkey", "post_id", "posts", "cascade"],
    ["post_topics", "post_topics_topic_id_fkey", "topic_id", "topics", "cascade"],
    ["post_transitions", "post_transitions_actor_id_fkey", "actor_id", "memberships", "set null"],
    ["post_transitions", "post_transitions_post_id_fkey", "post_id", "posts", "cascade"],
    ["post_versions", "post_versions_created_by_fkey", "created_by", "memberships", "set null"],
    ["post_versions", "post_versions_post_id_fkey", "post_id", "posts", "cascade"],
    ["posts", "posts_author_id_fkey", "author_id", "memberships", "set null"],
    ["posts", "posts_source_suggestion_fk", "source_suggestion_id", "suggestions", "set null"],
    ["privacy_settings", "privacy_settings_updated_by_fkey", "updated_by", "memberships", "set null"],
    ["reach_settings", "reach_settings_updated_by_fkey", "updated_by", "memberships", "set null"],
    [
      "recognition_preferences",
      "recognition_preferences_membership_id_fkey",
      "membership_id",
      "memberships",
      "cascade",
    ],
    ["recognition_settings", "recognition_settings_updated_by_fkey", "updated_by", "memberships", "set null"],
    ["share_metrics", "share_metrics_share_id_fkey", "share_id", "shares", "cascade"],
    ["shares", "shares_caption_id_fkey", "caption_id", "captions", "set null"],
    ["shares", "shares_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["shares", "shares_post_id_fkey", "post_id", "posts", "cascade"],
    ["shares", "shares_team_id_fkey", "team_id", "teams", "set null"],
    ["social_profiles", "social_profiles_membership_id_fkey", "membership_id", "memberships", "cascade"],
    ["suggestions", "suggestions_decided_by_fkey", "decided_by", "memberships", "set null"],
    ["suggestions", "suggestions_post_id_fkey", "post_id", "posts", "set null"],
    ["suggestions", "suggestions_suggester_id_fkey", "suggester_id", "memberships", "set null"],
  ];

const ident = (name: string) => sql.id(name);
const columnList = (columns: string[]) => sql.join(columns.map(ident));

function onDelete(action: OnDelete, column: string | null) {
  if (action === "cascade") return sql`on delete cascade`;
  if (action === "no action") return sql`on delete no action`;
  return column ? sql`on delete set null (${ident(column)})` : sql`on delete set null`;
}

async function swapKey(db: Kysely<unknown>, key: Key, columns: string[]): Promise<void> {
  if (key.kind === "unique index") {
    await sql`drop index ${ident(key.name)}`.execute(db);
    await sql`create unique index ${ident(key.name)} on ${ident(key.table)} (${columnList(columns)})
      where ${sql.raw(key.where ?? "true")}`.execute(db);
    return;
  }
  await sql`alter table ${ident(key.table)} drop constraint ${ident(key.name)}`.execute(db);
  const kind = key.kind === "primary key" ? sql`primary key` : sql`unique`;
  await sql`alter table ${ident(key.table)} add constraint ${ident(key.name)} ${kind} (${columnList(columns)})`.execute(
    db,
  );
}

/**
 * Adding a foreign key checks the existing rows with one query run as the migrating login, and
 * FORCE ROW LEVEL SECURITY binds the owner too: with no app.tenant_id a non-superuser owner
 * (production) sees no referenced row, so the check either finds nothing to check (both sides
 * hidden) or refuses every row (link_codes, readable without a tenant, against shares). FORCE is
 * lifted for the duration, in the migration's transaction, and put back on the same tables.
 */
async function withoutForcedRls(db: Kysely<unknown>, fn: () => Promise<void>): Promise<void> {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and c.relforcerowsecurity
    order by 1`.execute(db);
  for (const { table } of rows)
    await sql`alter table ${ident(table)} no force row level security`.execute(db);
  await fn();
  for (const { table } of rows) await sql`alter table ${ident(table)} force row level security`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // foreign keys first: they depend on the unique indexes being replaced
  for (const [table, name] of FOREIGN_KEYS) {
    await sql`alter table ${ident(table)} drop constraint ${ident(name)}`.execute(db);
  }
  for (const key of KEYS) await swapKey(db, key, ["tenant_id", ...key.columns]);
  await withoutForcedRls(db, async () => {
    for (const [table, name, column, references, action] of FOREIGN_KEYS) {
      await sql`alter table ${ident(table)} add constraint ${ident(name)}
        foreign key (tenant_id, ${ident(column)}) references ${ident(references)} (tenant_id, id)
        ${onDelete(action, column)}`.execute(db);
    }
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, name] of FOREIGN_KEYS) {
    await sql`alter table ${ident(table)} drop constraint ${ident(name)}`.execute(db);
  }
  for (const key of KEYS) await swapKey(db, key, key.columns);
  await withoutForcedRls(db, async () => {
    for (const [table, name, column, references, action] of FOREIGN_KEYS) {
      await sql`alter table ${ident(table)} add constraint ${ident(name)}
        foreign key (${ident(column)}) references ${ident(references)} (id) ${onDelete(action, null)}`.execute(
        db,
      );
    }
  });
}
