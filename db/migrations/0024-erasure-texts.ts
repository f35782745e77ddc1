import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "../rls.ts";

/**
 * Erasure reaches the texts of agreed goals (issue 13; app/modules/privacy/erase-member.server.ts).
 * 0018 freezes an accepted or closed agreement (goal_agreements_frozen) and its objectives
 * (goal_objectives_frozen): the employee's comment, the early-closing reason and the objectives'
 * titles could not change at all, so an erasure left the person's name in them. As credit
 * statements do since 0022, both tables get pseudonymised_at: a frozen row's texts (employee_comment,
 * closed_early_reason; an objective's title) may change only together with a new pseudonymised_at,
 * and nothing else of what was agreed may change with it. The rewrite is visible on the row
 * (pseudonymised_at) and recorded by the erasure's audit event.
 *
 * Stripe's webhook payloads (stripe_events.payload, unreadable by the app role since 0015) carry the
 * billing contact's address and name (checkout creates the customer with the admin's address).
 * erase_stripe_event_mentions rewrites them in the current tenant's events only, with the
 * erasure's patterns (see app/modules/privacy/erase-text.ts), and returns how many it changed;
 * the app role still cannot read a payload through it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("goal_agreements").addColumn("pseudonymised_at", "timestamptz").execute();
  await db.schema.alterTable("goal_objectives").addColumn("pseudonymised_at", "timestamptz").execute();
  await sql.raw(agreementsFrozen(true)).execute(db);
  await sql.raw(objectivesFrozen(true)).execute(db);
  await sql
    .raw(
      `CREATE FUNCTION erase_stripe_event_mentions(ci text, cs text, pseudonym text)
         RETURNS integer
         LANGUAGE plpgsql SECURITY DEFINER
         SET search_path = pg_catalog, pg_temp
       AS $$
       DECLARE
         changed integer;
       BEGIN
         UPDATE public.stripe_events e
            SET payload = (CASE WHEN cs IS NULL THEN regexp_replace(e.payload::text, ci, pseudonym, 'gi')
                                ELSE regexp_replace(regexp_replace(e.payload::text, ci, pseudonym, 'gi'), cs, pseudonym, 'g') END)::jsonb
          WHERE e.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
            AND (e.payload::text ~* ci OR (cs IS NOT NULL AND e.payload::text ~ cs));
         GET DIAGNOSTICS changed = ROW_COUNT;
         RETURN changed;
       END $$`,
    )
    .execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION erase_stripe_event_mentions(text, text, text) FROM PUBLIC`).execute(db);
  await sql.raw(`GRANT EXECUTE ON FUNCTION erase_stripe_event_mentions(text, text, text) TO ${APP_ROLE}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION erase_stripe_event_mentions(text, text, text)`.execute(db);
  await sql.raw(agreementsFrozen(false)).execute(db);
  await sql.raw(objectivesFrozen(false)).execute(db);
  await db.schema.alterTable("goal_objectives").dropColumn("pseudonymised_at").execute();
  await db.schema.alterTable("goal_agreements").dropColumn("pseudonymised_at").execute();
}

/** 0018's function, with (erasure = true) the pseudonymisation branch before its refusals. */
function agreementsFrozen(erasure: boolean): string {
  const pseudonymise = erasure
    ? `
        -- an erasure (0024): the texts may name the person; with a new pseudonymised_at only they change, nothing else
        IF NEW.pseudonymised_at IS NOT NULL AND NEW.pseudonymised_at IS DISTINCT FROM OLD.pseudonymised_at THEN
          IF NEW.status = OLD.status AND NEW.tenant_id = OLD.tenant_id AND NEW.employee_id = OLD.employee_id
             AND NEW.starts_on = OLD.starts_on AND NEW.ends_on = OLD.ends_on AND NEW.period_label = OLD.period_label
             AND NEW.period_kind = OLD.period_kind AND NEW.attainment_cap_percent IS NOT DISTINCT FROM OLD.attainment_cap_percent
             AND NEW.backdated_from IS NOT DISTINCT FROM OLD.backdated_from AND NEW.revision = OLD.revision
             AND NEW.accepted_at IS NOT DISTINCT FROM OLD.accepted_at AND NEW.proposed_at IS NOT DISTINCT FROM OLD.proposed_at
             AND NEW.manager_id IS NOT DISTINCT FROM OLD.manager_id AND NEW.closed_at IS NOT DISTINCT FROM OLD.closed_at
             AND NEW.closed_early_by IS NOT DISTINCT FROM OLD.closed_early_by
             AND (NEW.employee_comment IS NULL) = (OLD.employee_comment IS NULL)
             AND (NEW.closed_early_reason IS NULL) = (OLD.closed_early_reason IS NULL) THEN
            RETURN NULL;
          END IF;
          RAISE EXCEPTION 'pseudonymising an accepted agreement changes its texts only'
            USING ERRCODE = 'check_violation';
        END IF;`
    : "";
  return `CREATE OR REPLACE FUNCTION goal_agreements_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status NOT IN ('accepted', 'closed') THEN
          RETURN NULL;
        END IF;${pseudonymise}
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
      END $$`;
}

/** 0018's function; with (erasure = true) an objective's title may change with a new pseudonymised_at. */
function objectivesFrozen(erasure: boolean): string {
  const pseudonymise = erasure
    ? `
        IF TG_OP = 'UPDATE' AND NEW.pseudonymised_at IS NOT NULL AND NEW.pseudonymised_at IS DISTINCT FROM OLD.pseudonymised_at
           AND NEW.metric = OLD.metric AND NEW.position = OLD.position AND NEW.target = OLD.target
           AND NEW.weight = OLD.weight AND NEW.agreement_id = OLD.agreement_id THEN
          RETURN NEW;
        END IF;`
    : "";
  return `CREATE OR REPLACE FUNCTION goal_objectives_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        agreement_status text;
      BEGIN${pseudonymise}
        SELECT status INTO agreement_status FROM goal_agreements
          WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END);
        IF agreement_status IN ('accepted', 'closed') THEN
          RAISE EXCEPTION 'the objectives of an accepted agreement change only by a revision the employee accepts again'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`;
}
