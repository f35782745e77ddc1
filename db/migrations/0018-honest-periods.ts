import { sql, type Kysely } from "kysely";

/**
 * Honest goal periods (issue 11). goal_agreements keeps its forced RLS from 0010; the new columns
 * inherit it.
 *
 *  - backdated_from: the day the agreement was proposed (or last revised) when its start lies
 *    before that day, which only a tenant with allow_backdated_start permits (never before the
 *    period's start). Null: the agreement starts on or after the day it was proposed.
 *  - revision: how often the agreement was revised (each revision is a new proposal the employee
 *    must accept again; the employee's accept or comment names the revision it answers, so a
 *    proposal revised meanwhile is not accepted unseen; a previous acceptance is in the audit log).
 *  - closed_early_by / closed_early_reason: an admin closed the agreement before its period ended
 *    and its points settled (the statement says so too, in its hashed content).
 *  - one live agreement per employee and period label: the start of a running period is the
 *    proposal day, so two proposals for "2026-Q4" on different days no longer share starts_on.
 *  - goal_objectives of an accepted or closed agreement cannot be added, removed, or change their
 *    metric, title, position, target or weight: only a revision (the agreement is a proposal again)
 *    may. The manager's judgement of a manual objective (manual_score, manual_note) stays open.
 *  - goal_agreements of an accepted or closed agreement keep what was agreed (trigger
 *    goal_agreements_frozen): an accepted one becomes a proposal again only as a revision
 *    (revision + 1, accepted_at and the agreed cap cleared) or closes (closed_at, closed_early_*);
 *    a closed one never changes (its statements are rows of their own). Only the foreign keys'
 *    ON DELETE SET NULL (manager_id, closed_early_by) may still clear a reference.
 * The triggers back the domain rules against any other code path, the app role's included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("goal_agreements")
    .addColumn("backdated_from", "date")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("closed_early_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("closed_early_reason", "text", (c) =>
      c.check(sql`closed_early_reason is null or char_length(closed_early_reason) between 1 and 2000`),
    )
    .execute();
  await sql`DROP INDEX goal_agreements_one_per_period`.execute(db);
  await sql`CREATE UNIQUE INDEX goal_agreements_one_per_period ON goal_agreements (tenant_id, employee_id, period_label) WHERE status <> 'withdrawn'`.execute(
    db,
  );
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
        BEFORE INSERT OR DELETE OR UPDATE OF metric, title, position, target, weight, agreement_id ON goal_objectives
        FOR EACH ROW EXECUTE FUNCTION goal_objectives_frozen()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION goal_agreements_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status NOT IN ('accepted', 'closed') THEN
          RETURN NULL;
        END IF;
        -- a revision: a proposal again, which the employee must accept again
        IF OLD.status = 'accepted' AND NEW.status = 'proposed' THEN
          IF NEW.revision = OLD.revision + 1 AND NEW.accepted_at IS NULL AND NEW.attainment_cap_percent IS NULL
             AND NEW.employee_id = OLD.employee_id AND NEW.tenant_id = OLD.tenant_id THEN
            RETURN NULL;
          END IF;
          RAISE EXCEPTION 'an accepted agreement becomes a proposal again only as a new revision the employee accepts again'
            USING ERRCODE = 'check_violation';
        END IF;
        IF (OLD.status = 'accepted' AND NEW.status NOT IN ('accepted', 'closed')) OR (OLD.status = 'closed' AND NEW.status <> 'closed') THEN
          RAISE EXCEPTION 'an agreement cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.employee_id IS DISTINCT FROM OLD.employee_id
           OR NEW.starts_on IS DISTINCT FROM OLD.starts_on OR NEW.ends_on IS DISTINCT FROM OLD.ends_on
           OR NEW.period_label IS DISTINCT FROM OLD.period_label OR NEW.period_kind IS DISTINCT FROM OLD.period_kind
           OR NEW.attainment_cap_percent IS DISTINCT FROM OLD.attainment_cap_percent OR NEW.backdated_from IS DISTINCT FROM OLD.backdated_from
           OR NEW.revision IS DISTINCT FROM OLD.revision OR NEW.accepted_at IS DISTINCT FROM OLD.accepted_at
           OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at OR NEW.employee_comment IS DISTINCT FROM OLD.employee_comment
           OR (NEW.manager_id IS DISTINCT FROM OLD.manager_id AND NEW.manager_id IS NOT NULL) THEN
          RAISE EXCEPTION 'an accepted agreement changes only by a revision the employee accepts again'
            USING ERRCODE = 'check_violation';
        END IF;
        -- closing (accepted -> closed) sets closed_at and, closed early, closed_early_*; after that they stay
        IF (NEW.status = 'accepted' AND (NEW.closed_at IS NOT NULL OR NEW.closed_early_reason IS NOT NULL OR NEW.closed_early_by IS NOT NULL))
           OR (OLD.status = 'closed' AND (NEW.closed_at IS DISTINCT FROM OLD.closed_at OR NEW.closed_early_reason IS DISTINCT FROM OLD.closed_early_reason
               OR (NEW.closed_early_by IS DISTINCT FROM OLD.closed_early_by AND NEW.closed_early_by IS NOT NULL))) THEN
          RAISE EXCEPTION 'a closed agreement does not change: a correction is a new statement'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`,
    )
    .execute(db);
  // AFTER: the row's own check constraints answer first (a cap out of range says so); refusing here still undoes the update
  await sql
    .raw(
      `CREATE TRIGGER goal_agreements_frozen
        AFTER UPDATE ON goal_agreements
        FOR EACH ROW EXECUTE FUNCTION goal_agreements_frozen()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER goal_agreements_frozen ON goal_agreements`.execute(db);
  await sql`DROP FUNCTION goal_agreements_frozen()`.execute(db);
  await sql`DROP TRIGGER goal_objectives_frozen ON goal_objectives`.execute(db);
  await sql`DROP FUNCTION goal_objectives_frozen()`.execute(db);
  await sql`DROP INDEX goal_agreements_one_per_period`.execute(db);
  await sql`CREATE UNIQUE INDEX goal_agreements_one_per_period ON goal_agreements (tenant_id, employee_id, starts_on, ends_on) WHERE status <> 'withdrawn'`.execute(
    db,
  );
  await db.schema
    .alterTable("goal_agreements")
    .dropColumn("closed_early_reason")
    .dropColumn("closed_early_by")
    .dropColumn("revision")
    .dropColumn("backdated_from")
    .execute();
}
