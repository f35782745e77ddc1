import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "~/db/rls.ts";

/**
 * Erasure reaches the texts of agreed goals (issue 13; app/modules/privacy/erase-member.server.ts).
 * 0018 freezes an accepted or closed agreement (goal_agreements_frozen) and its objectives
 * (goal_objectives_frozen): the employee's comment, the early-closing reason and the objectives'
 * titles could not change at all, so an erasure left the person's name in them. As credit
 * statements do since 0022, both tables get pseudonymised_at: a frozen row's texts (employee_comment,
 * closed_early_reason; an objective's title) may change only together with a new pseudonymised_at,
 * inside an erasure's transaction (app.erasure = 'on', set with set_config(..., true) by eraseMember),
 * and nothing else of what was agreed may change with it. The rewrite is visible on the row
 * (pseudonymised_at) and recorded by the erasure's audit event.
 *
 * Stripe's webhook payloads (stripe_events.payload, unreadable by the app role since 0015) carry the
 * billing contact's address and name (checkout creates the customer with the admin's address).
 * erase_stripe_event_mentions rewrites the erased person's address and name (read from the user
 * row, not passed in) to the pseudonym in the current tenant's events only, inside an erasure
 * (app.erasure) only, and returns nothing: the app role still cannot read, probe or otherwise
 * change a payload through it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("goal_agreements").addColumn("pseudonymised_at", "timestamptz").execute();
  await db.schema.alterTable("goal_objectives").addColumn("pseudonymised_at", "timestamptz").execute();
  await sql.raw(agreementsFrozen(true)).execute(db);
  await sql.raw(objectivesFrozen(true)).execute(db);
  await sql.raw(STRIPE_EVENTS_FUNCTION).execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION erase_stripe_event_mentions(uuid, text) FROM PUBLIC`).execute(db);
  await sql
    .raw(`GRANT EXECUTE ON FUNCTION erase_stripe_event_mentions(uuid, text) TO ${APP_ROLE}`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION erase_stripe_event_mentions(uuid, text)`.execute(db);
  await sql.raw(agreementsFrozen(false)).execute(db);
  await sql.raw(objectivesFrozen(false)).execute(db);
  await db.schema.alterTable("goal_objectives").dropColumn("pseudonymised_at").execute();
  await db.schema.alterTable("goal_agreements").dropColumn("pseudonymised_at").execute();
}

/**
 * The caller names the person (a user id, a member of the current tenant) and the pseudonym; the
 * patterns come from the user row, read here: the address anywhere, the full name between word
 * boundaries (its words joined by spaces, hyphens, dots, underscores, "+" or "%20"), the address's
 * local part when it contains a word of the name — as erasureTerms' `ci` (app/modules/privacy/erase-text.ts).
 * Nothing comes back (no count, no error from a payload), so the app role learns nothing about the
 * payloads, and it can change them only by replacing a member's address and name with a pseudonym.
 */
const STRIPE_EVENTS_FUNCTION = String.raw`CREATE FUNCTION erase_stripe_event_mentions(erased_user uuid, pseudonym text)
  RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  address text;
  full_name text;
  local_part text;
  json_name text;
  word text := '[0-9A-Za-z_\u00C0-\u1FFF]';
  escape text := '([\\^$.|?*+()\[\]{}])';
  pattern text;
  event record;
BEGIN
  IF current_setting('app.erasure', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'permission denied: only an erasure rewrites Stripe events' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF pseudonym IS NULL OR pseudonym !~ '^(Erased member|Gelöschtes Mitglied) [0-9a-f]{6}$' THEN
    RAISE EXCEPTION 'not an erasure pseudonym' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF tenant IS NULL THEN
    RETURN;
  END IF;
  SELECT btrim(u.email), btrim(coalesce(u.name, '')) INTO address, full_name
    FROM public.users u
   WHERE u.id = erased_user
     AND u.email !~ '^erased-[0-9a-f]{32}@erased\.invalid$'
     AND EXISTS (SELECT 1 FROM public.memberships m WHERE m.user_id = u.id AND m.tenant_id = tenant);
  IF NOT FOUND OR length(address) < 3 THEN
    RETURN;
  END IF;
  pattern := regexp_replace(address, escape, '\\\1', 'g');
  IF length(full_name) >= 2 THEN
    pattern := pattern || '|(?<!' || word || ')(?:'
      || array_to_string(ARRAY(SELECT regexp_replace(w, escape, '\\\1', 'g') FROM regexp_split_to_table(full_name, '[\s\-_.,]+') w WHERE w <> ''), '(?:\s|%20|[-_.+])+')
      || ')(?!' || word || ')';
  END IF;
  -- a name with a quote or a backslash is stored escaped in the payload's text
  json_name := to_jsonb(full_name)::text;
  json_name := substr(json_name, 2, length(json_name) - 2);
  IF length(full_name) >= 2 AND json_name <> full_name THEN
    pattern := pattern || '|' || regexp_replace(json_name, escape, '\\\1', 'g');
  END IF;
  local_part := split_part(address, '@', 1);
  IF length(local_part) >= 3 AND EXISTS (SELECT 1 FROM regexp_split_to_table(full_name, '[\s\-_.,]+') w
                                          WHERE length(w) >= 3 AND strpos(lower(local_part), lower(w)) > 0) THEN
    pattern := pattern || '|(?<!' || word || ')(?:' || regexp_replace(local_part, escape, '\\\1', 'g') || ')(?!' || word || ')';
  END IF;
  FOR event IN
    SELECT e.id, e.payload::text AS payload FROM public.stripe_events e
     WHERE e.tenant_id = tenant AND e.payload::text ~* pattern
     FOR UPDATE
  LOOP
    BEGIN
      UPDATE public.stripe_events SET payload = regexp_replace(event.payload, pattern, pseudonym, 'gi')::jsonb WHERE id = event.id;
    EXCEPTION WHEN others THEN
      -- a name that rewrites the JSON itself (a word inside an escape): left as it is, no error tells the caller about the payload
      RAISE LOG 'erase_stripe_event_mentions: event % could not be rewritten', event.id;
    END;
  END LOOP;
END $$`;

/** 0018's function, with (erasure = true) the pseudonymisation branch before its refusals. */
function agreementsFrozen(erasure: boolean): string {
  const pseudonymise = erasure
    ? `
        -- an erasure (0024): the texts may name the person; with a new pseudonymised_at only they change, nothing else,
        -- and only inside an erasure's transaction (app.erasure, set transaction-locally by eraseMember)
        IF NEW.pseudonymised_at IS DISTINCT FROM OLD.pseudonymised_at THEN
          IF NEW.pseudonymised_at IS NULL OR current_setting('app.erasure', true) IS DISTINCT FROM 'on' THEN
            RAISE EXCEPTION 'permission denied to pseudonymise an accepted agreement other than by an erasure'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
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
           AND current_setting('app.erasure', true) IS NOT DISTINCT FROM 'on'
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
