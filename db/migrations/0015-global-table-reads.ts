import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "~/db/rls.ts";

const TENANT = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * The two global tables stop being readable in full by the app role.
 *
 * link_codes (destinations and sharer user ids of every tenant) gets forced row level security like
 * a tenant table: creating a share and stopping a leaver's links run inside withTenant already. The
 * one read that happens before any tenant is known, code → link (the /s/:code redirect and the click
 * drain), goes through resolve_link_codes(text[]): SECURITY DEFINER, search_path pinned, rows for
 * exactly the codes asked for, so the app role learns nothing it could not learn by requesting
 * /s/<code>. One query on a cache miss, as before.
 *  - operators: the owner (the function's rights) reads every row, since FORCE subjects it to RLS.
 *
 * stripe_events keeps no RLS (an event is stored before anyone knows its tenant) but the app role
 * loses the payload column (Stripe's event as signed: for Checkout the payer's billing contact):
 * it still inserts events, reads their ids, type, times, tenant and outcome, and records the
 * outcome. The processing job reads the payload of one still unprocessed event by its id through
 * stripe_event_payload(text); once processed, the payload is the operators' alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ owner: string }>`select current_user as owner`.execute(db);
  const owner = `"${rows[0]!.owner.replaceAll('"', '""')}"`;

  await sql.raw(`ALTER TABLE link_codes ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE link_codes FORCE ROW LEVEL SECURITY`).execute(db);
  await sql
    .raw(`CREATE POLICY tenant_isolation ON link_codes USING (${TENANT}) WITH CHECK (${TENANT})`)
    .execute(db);
  await sql.raw(`CREATE POLICY operators ON link_codes FOR SELECT TO ${owner} USING (true)`).execute(db);
  await sql
    .raw(
      `CREATE FUNCTION resolve_link_codes(codes text[])
         RETURNS TABLE (code text, tenant_id uuid, share_id uuid, sharer_user_id uuid, destination text, tracking_stopped_at timestamptz)
         LANGUAGE sql STABLE SECURITY DEFINER
         SET search_path = pg_catalog, pg_temp
       AS $$
         SELECT l.code, l.tenant_id, l.share_id, l.sharer_user_id, l.destination, l.tracking_stopped_at
         FROM public.link_codes l
         WHERE l.code = ANY (codes)
       $$`,
    )
    .execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION resolve_link_codes(text[]) FROM PUBLIC`).execute(db);
  await sql.raw(`GRANT EXECUTE ON FUNCTION resolve_link_codes(text[]) TO ${APP_ROLE}`).execute(db);

  await sql.raw(`REVOKE ALL ON TABLE stripe_events FROM ${APP_ROLE}`).execute(db);
  await sql.raw(`GRANT INSERT ON TABLE stripe_events TO ${APP_ROLE}`).execute(db);
  await sql
    .raw(
      `GRANT SELECT (id, type, stripe_created_at, tenant_id, received_at, processed_at, outcome) ON TABLE stripe_events TO ${APP_ROLE}`,
    )
    .execute(db);
  await sql
    .raw(`GRANT UPDATE (tenant_id, processed_at, outcome) ON TABLE stripe_events TO ${APP_ROLE}`)
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION stripe_event_payload(event_id text)
         RETURNS jsonb
         LANGUAGE sql STABLE SECURITY DEFINER
         SET search_path = pg_catalog, pg_temp
       AS $$
         SELECT e.payload FROM public.stripe_events e WHERE e.id = event_id AND e.processed_at IS NULL
       $$`,
    )
    .execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION stripe_event_payload(text) FROM PUBLIC`).execute(db);
  await sql.raw(`GRANT EXECUTE ON FUNCTION stripe_event_payload(text) TO ${APP_ROLE}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`DROP FUNCTION IF EXISTS stripe_event_payload(text)`).execute(db);
  await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE stripe_events TO ${APP_ROLE}`).execute(db);
  await sql.raw(`DROP FUNCTION IF EXISTS resolve_link_codes(text[])`).execute(db);
  for (const policy of ["operators", "tenant_isolation"])
    await sql.raw(`DROP POLICY IF EXISTS ${policy} ON link_codes`).execute(db);
  await sql.raw(`ALTER TABLE link_codes NO FORCE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE link_codes DISABLE ROW LEVEL SECURITY`).execute(db);
}
