import { sql, type Kysely } from "kysely";

/**
 * Honest goal periods (issue 11). goal_agreements keeps its forced RLS from 0010; the new columns
 * inherit it.
 *
 *  - backdated_from: the day the agreement was proposed (or last revised) when its start lies
 *    before that day, which only a tenant with allow_backdated_start permits (never before the
 *    period's start). Null: the agreement starts on or after the day it was proposed.
 *  - revision: how often an accepted agreement was revised (each revision is a new proposal the
 *    employee must accept again; the previous acceptance is in the audit log).
 *  - closed_early_by / closed_early_reason: an admin closed the agreement before its period ended
 *    and its points settled (the statement says so too, in its hashed content).
 *  - one live agreement per employee and period label: the start of a running period is the
 *    proposal day, so two proposals for "2026-Q4" on different days no longer share starts_on.
 *  - goal_objectives of an accepted or closed agreement cannot be added, removed, or change their
 *    metric, target or weight: only a revision (the agreement is a proposal again) may. The trigger
 *    backs the domain rule against any other code path.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("goal_agreements")
    .addColumn("backdated_from", "date")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("closed_early_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("closed_early_reason", "text", (c) => c.check(sql`closed_early_reason is null or char_length(closed_early_reason) between 1 and 2000`))
    .execute();
  await sql`DROP INDEX goal_agreements_one_per_period`.execute(db);
  await sql`CREATE UNIQUE INDEX goal_agreements_one_per_period ON goal_agreements (tenant_id, employee_id, period_label) WHERE status <> 'withdrawn'`.execute(db);
  await sql
    .raw(
      `CREATE FUNCTION goal_objectives_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        agreement_status text;
      BEGIN
        SELECT status INTO agreement_status FROM goal_agreements
          WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END);
        IF agreement_status IN ('accepted', 'closed') THEN
          RAISE EXCEPTION 'the objectives of an accepted agreement change only by a revision the employee accepts again'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER goal_objectives_frozen
        BEFORE INSERT OR DELETE OR UPDATE OF metric, target, weight, agreement_id ON goal_objectives
        FOR EACH ROW EXECUTE FUNCTION goal_objectives_frozen()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER goal_objectives_frozen ON goal_objectives`.execute(db);
  await sql`DROP FUNCTION goal_objectives_frozen()`.execute(db);
  await sql`DROP INDEX goal_agreements_one_per_period`.execute(db);
  await sql`CREATE UNIQUE INDEX goal_agreements_one_per_period ON goal_agreements (tenant_id, employee_id, starts_on, ends_on) WHERE status <> 'withdrawn'`.execute(db);
  await db.schema.alterTable("goal_agreements").dropColumn("closed_early_reason").dropColumn("closed_early_by").dropColumn("revision").dropColumn("backdated_from").execute();
}
