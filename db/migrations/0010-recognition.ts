import { sql, type Kysely } from "kysely";
import { APP_ROLE, enableTenantRls } from "~/db/rls.ts";

const now = sql`now()`;
const member = (c: import("kysely").ColumnDefinitionBuilder) =>
  c.notNull().references("memberships.id").onDelete("cascade");

/**
 * Recognition (points, badges, kudos, leaderboard) and goal agreements with locked credit
 * statements. Two tables are write-once for the app role, enforced by grants, not by convention:
 * points_ledger (INSERT only: a rules change never rewrites the past) and credit_statements
 * (INSERT, and UPDATE of the release columns only: a locked statement's content cannot change;
 * a correction is a new statement that supersedes it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Versioned point rules: the version in force for an activity is the latest effective_from ≤ its day.
  await db.schema
    .createTable("points_rules")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("effective_from", "date", (c) => c.notNull())
    // see app/modules/recognition/rules.ts (PointsRules): points per activity, caps, normalisation
    .addColumn("rules", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("points_rules_effective", ["tenant_id", "effective_from"])
    .execute();
  await enableTenantRls(db, "points_rules");

  await db.schema
    .createTable("points_ledger")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", member)
    // share | unique_clicks | approved_suggestion | guidelines_training | escalation_handled
    .addColumn("source_type", "text", (c) => c.notNull())
    // the activity's id (unique_clicks: "<share id>:<YYYY-MM-DD>")
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("points", "numeric(10, 2)", (c) => c.notNull())
    // tenant-local day of the activity: what periods and rules are matched against
    .addColumn("occurred_on", "date", (c) => c.notNull())
    .addColumn("rules_id", "uuid", (c) => c.references("points_rules.id"))
    // the inputs of the computation (clicks, cap, followers, factor…): the "activities behind each figure"
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("points_ledger_source", ["tenant_id", "source_type", "source_id"])
    .execute();
  await db.schema
    .createIndex("points_ledger_member_idx")
    .on("points_ledger")
    .columns(["tenant_id", "membership_id", "occurred_on"])
    .execute();
  await enableTenantRls(db, "points_ledger");
  await sql.raw(`REVOKE UPDATE, DELETE ON points_ledger FROM ${APP_ROLE}`).execute(db);

  await db.schema
    .createTable("badges")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", member)
    .addColumn("badge", "text", (c) => c.notNull())
    .addColumn("awarded_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("badges_member_badge", ["tenant_id", "membership_id", "badge"])
    .execute();
  await enableTenantRls(db, "badges");

  await db.schema
    .createTable("kudos")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("from_membership_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("to_membership_id", "uuid", member)
    .addColumn("reason", "text", (c) => c.notNull().check(sql`char_length(reason) between 1 and 280`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint(
      "kudos_not_self",
      sql`from_membership_id is null or from_membership_id <> to_membership_id`,
    )
    .execute();
  await db.schema
    .createIndex("kudos_to_idx")
    .on("kudos")
    .columns(["tenant_id", "to_membership_id", "created_at"])
    .execute();
  await enableTenantRls(db, "kudos");

  // The member's own choices; a missing row = every choice off (privacy by default).
  await db.schema
    .createTable("recognition_preferences")
    .addColumn("membership_id", "uuid", (c) =>
      c.primaryKey().references("memberships.id").onDelete("cascade"),
    )
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("leaderboard_opt_in", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("kudos_in_digest", "boolean", (c) => c.notNull().defaultTo(false))
    // the employee agrees that locked statements go to their manager without a separate release
    .addColumn("auto_release_consent", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await enableTenantRls(db, "recognition_preferences");

  await db.schema
    .createTable("recognition_settings")
    .addColumn("tenant_id", "uuid", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    // overall (and per objective) attainment is capped here, in percent
    .addColumn("attainment_cap_percent", "integer", (c) =>
      c
        .notNull()
        .defaultTo(150)
        .check(sql`attainment_cap_percent between 100 and 300`),
    )
    // works-council mode (default): the employee releases each statement; 'automatic': released at
    // lock time for employees who gave auto_release_consent, others still release themselves
    .addColumn("release_mode", "text", (c) =>
      c
        .notNull()
        .defaultTo("employee")
        .check(sql`release_mode in ('employee', 'automatic')`),
    )
    .addColumn("updated_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await enableTenantRls(db, "recognition_settings");

  await db.schema
    .createTable("goal_agreements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("employee_id", "uuid", member)
    // the proposing manager (the employee's manager at the time)
    .addColumn("manager_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("period_kind", "text", (c) =>
      c.notNull().check(sql`period_kind in ('quarter', 'half', 'year', 'custom')`),
    )
    // "2026-Q4", "2026-H2", "2026", or "2026-10-01..2026-12-31" for custom
    .addColumn("period_label", "text", (c) => c.notNull())
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("ends_on", "date", (c) => c.notNull())
    // proposed → accepted → closed; proposed → commented (employee asks for changes) → proposed again; withdrawn by the manager before acceptance
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("proposed")
        .check(sql`status in ('proposed', 'commented', 'accepted', 'closed', 'withdrawn')`),
    )
    .addColumn("employee_comment", "text", (c) =>
      c.check(sql`employee_comment is null or char_length(employee_comment) <= 2000`),
    )
    .addColumn("proposed_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("accepted_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    // the attainment cap agreed with the objectives (the tenant's setting when accepted); null while proposed
    .addColumn("attainment_cap_percent", "integer", (c) =>
      c.check(sql`attainment_cap_percent is null or attainment_cap_percent between 100 and 300`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("goal_agreements_period", sql`starts_on <= ends_on`)
    .execute();
  // one live agreement per employee and period
  await sql`CREATE UNIQUE INDEX goal_agreements_one_per_period ON goal_agreements (tenant_id, employee_id, starts_on, ends_on) WHERE status <> 'withdrawn'`.execute(
    db,
  );
  await db.schema
    .createIndex("goal_agreements_manager_idx")
    .on("goal_agreements")
    .columns(["tenant_id", "manager_id"])
    .execute();
  await enableTenantRls(db, "goal_agreements");

  await db.schema
    .createTable("goal_objectives")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("agreement_id", "uuid", (c) =>
      c.notNull().references("goal_agreements.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("metric", "text", (c) =>
      c
        .notNull()
        .check(
          sql`metric in ('points', 'shares', 'unique_clicks', 'approved_suggestions', 'training_completed', 'manual')`,
        ),
    )
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    // the target count (manual: 100, the manager's judgement is a percentage)
    .addColumn("target", "numeric(12, 2)", (c) => c.notNull().check(sql`target > 0`))
    // percent; an agreement's weights sum to 100 (checked by the app when proposing)
    .addColumn("weight", "integer", (c) => c.notNull().check(sql`weight between 1 and 100`))
    // manual objectives: the manager's judgement in percent, with a note
    .addColumn("manual_score", "numeric(6, 2)", (c) =>
      c.check(sql`manual_score is null or manual_score between 0 and 300`),
    )
    .addColumn("manual_note", "text")
    .addUniqueConstraint("goal_objectives_position", ["agreement_id", "position"])
    .execute();
  await enableTenantRls(db, "goal_objectives");

  await db.schema
    .createTable("credit_statements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("agreement_id", "uuid", (c) => c.notNull().references("goal_agreements.id"))
    .addColumn("employee_id", "uuid", member)
    .addColumn("manager_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("period_label", "text", (c) => c.notNull())
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("ends_on", "date", (c) => c.notNull())
    // StatementContent (app/modules/goals/statement.ts): objectives, figures, attainment, rules in force
    .addColumn("content", "jsonb", (c) => c.notNull())
    // sha256 hex of the canonical JSON of content (statement.ts canonicalJson)
    .addColumn("content_hash", "text", (c) => c.notNull().check(sql`content_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("generated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    // a correction points at the statement it replaces
    .addColumn("supersedes_id", "uuid", (c) => c.references("credit_statements.id"))
    .addColumn("released_at", "timestamptz")
    .addColumn("release_mode", "text", (c) =>
      c.check(sql`release_mode is null or release_mode in ('employee', 'automatic')`),
    )
    .execute();
  // backstops for the period close: one original statement per agreement, one correction per statement
  await sql`CREATE UNIQUE INDEX credit_statements_one_original ON credit_statements (agreement_id) WHERE supersedes_id IS NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX credit_statements_one_correction ON credit_statements (supersedes_id) WHERE supersedes_id IS NOT NULL`.execute(
    db,
  );
  await db.schema
    .createIndex("credit_statements_employee_idx")
    .on("credit_statements")
    .columns(["tenant_id", "employee_id", "starts_on"])
    .execute();
  await db.schema
    .createIndex("credit_statements_manager_idx")
    .on("credit_statements")
    .columns(["tenant_id", "manager_id", "starts_on"])
    .execute();
  await enableTenantRls(db, "credit_statements");
  await sql.raw(`REVOKE UPDATE, DELETE ON credit_statements FROM ${APP_ROLE}`).execute(db);
  await sql.raw(`GRANT UPDATE (released_at, release_mode) ON credit_statements TO ${APP_ROLE}`).execute(db);

  // "Who looked at my figures": every view of someone else's statement and every export, shown to the employee.
  await db.schema
    .createTable("credit_access_log")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    // whose figures
    .addColumn("subject_membership_id", "uuid", member)
    // who looked: a member, or an API token (HR system)
    .addColumn("actor_membership_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("actor_token_id", "uuid", (c) => c.references("api_tokens.id").onDelete("set null"))
    // statement.viewed | export.csv | export.pdf | export.json | api.read
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("statement_id", "uuid", (c) => c.references("credit_statements.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("credit_access_log_subject_idx")
    .on("credit_access_log")
    .columns(["tenant_id", "subject_membership_id", "created_at"])
    .execute();
  await enableTenantRls(db, "credit_access_log");
  await sql.raw(`REVOKE UPDATE, DELETE ON credit_access_log FROM ${APP_ROLE}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "credit_access_log",
    "credit_statements",
    "goal_objectives",
    "goal_agreements",
    "recognition_settings",
    "recognition_preferences",
    "kudos",
    "badges",
    "points_ledger",
    "points_rules",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
