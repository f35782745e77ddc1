import { sql, type Kysely } from "kysely";
import { APP_ROLE, enableTenantRls } from "~/db/rls.ts";

/**
 * click_events partitioned by month (issue 15): PARTITION BY RANGE (clicked_at), one partition per
 * calendar month in UTC named click_events_YYYY_MM, and click_events_default for a click of a month
 * that has no partition yet. Retention can then drop a whole month instead of deleting its rows one
 * by one (app/modules/reach/retention.server.ts).
 *
 * Keys (on top of 0026: every key starts with tenant_id): a key of a partitioned table must contain
 * the partition key, so the primary key is (tenant_id, id, clicked_at) and the drain's idempotency
 * key is UNIQUE (tenant_id, event_key, clicked_at). That is as strong as before: clicked_at is part
 * of the click's stream entry or inbox row (drain-clicks.server.ts), so a replayed click has the same
 * clicked_at and meets itself in the same partition. Foreign keys: (tenant_id, share_id) →
 * shares(tenant_id, id) ON DELETE CASCADE, tenant_id → tenants.
 *
 * The default partition is a safety net, not a place to live: the drain never fails because the
 * partition job did not run (a click of next month, a clock ahead, tests writing clicks of any
 * month). ensure_click_partitions moves its rows out: it creates the partition of every month found
 * there (PostgreSQL refuses a new partition whose range has rows in the default one).
 *
 * Row level security on the parent and on every partition (a partition queried by name has only its
 * own policies): ENABLE + FORCE + tenant_isolation + the app role's grants, as enableTenantRls does.
 *
 * The app role owns nothing, so it cannot create or drop partitions. Two narrow SECURITY DEFINER
 * functions do it for the jobs (allow-listed in tests/integration/rls-catalog.test.ts):
 *  - ensure_click_partitions(months_ahead int): the partitions of the current UTC month up to
 *    months_ahead (0–24) months ahead, and of every month with rows in the default partition;
 *    returns the names it created. Daily job maintain-click-partitions.
 *  - drop_expired_click_partition(month date): one past month, only if every tenant's raw clicks
 *    in it are before that tenant's reach_settings.clicks_purged_before and on no day marked dirty
 *    again. If some tenants (longer retention) still need rows there and those are at most half
 *    the month, their rows move to a fresh partition of the month and the old one is dropped;
 *    otherwise nothing happens and the expired tenants' rows go by per-tenant deletes. Returns
 *    (outcome, rows_kept). The boundary itself is moved by the purge job (under the tenant's
 *    exclusive reach lock) before this is called, as before the rows were deleted. The partition
 *    is locked before anything is read (no late click arrives meanwhile) and removed by DROP TABLE
 *    without DETACH (a detached partition would first get foreign key triggers of its own on
 *    shares); both functions give up after 5 s waiting for a lock (lock_timeout) rather than queue
 *    every click_events query behind them, and the next run tries again.
 * Both run with the owner's rights; the tables' RLS is forced for the owner as well, so they read
 * the tenants' settings one tenant at a time (app.tenant_id set inside, restored afterwards) and
 * lift FORCE only on the partition they hold an ACCESS EXCLUSIVE lock on, inside their transaction.
 * Helpers click_partition_create / _build / _attach / _secure are not SECURITY DEFINER and not
 * executable by PUBLIC (nor the app role): only the owner and the two functions call them.
 *
 * Converting a populated table: the old table is renamed (its indexes too, so the names are free),
 * the partitions of its rows' months are created, the rows are copied through the parent (whose
 * RLS is enabled only afterwards), and the old table is dropped — one transaction, under the old
 * table's ACCESS EXCLUSIVE lock. FORCE is lifted on the old table first: a non-superuser owner
 * would otherwise copy nothing.
 */

const TENANT = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;
/** inside a string literal of the function bodies */
const quoted = (text: string) => text.replaceAll("'", "''");
/** partitions are created this far ahead at migration time too (the job keeps it so) */
const MONTHS_AHEAD = 3;

/** Appends `suffix` to the names of the table's indexes (and so of the constraints they back). */
async function renameIndexes(db: Kysely<unknown>, table: string, suffix: string): Promise<void> {
  await sql`
    DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
               WHERE i.indrelid = ${sql.raw(`'public.${table}'::regclass`)} LOOP
        EXECUTE format('ALTER INDEX public.%I RENAME TO %I', r.relname, r.relname || ${sql.lit(suffix)});
      END LOOP;
    END $$`.execute(db);
}

/** One statement each: PGlite prepares every statement, and a prepared statement holds one command. */
const FUNCTIONS = [
  `CREATE FUNCTION public.click_partition_secure(part text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO ${APP_ROLE}', part);
  EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
  EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part);
  EXECUTE format('CREATE POLICY tenant_isolation ON public.%I USING (${quoted(TENANT)}) WITH CHECK (${quoted(TENANT)})', part);
END $fn$`,
  // A table to become a month's partition, built beside click_events: the parent's keys and indexes
  // (ATTACH adopts them instead of building them under its lock), the foreign keys added while it is
  // empty, and the month's range as a CHECK (ATTACH need not scan it). Validating a foreign key over
  // existing rows reads shares as the owner, whom the forced RLS of shares shows nothing; rows added
  // afterwards are checked one by one, past RLS, like every insert.
  `CREATE FUNCTION public.click_partition_build(part text, lo timestamptz, hi timestamptz) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  EXECUTE format('CREATE TABLE public.%I (LIKE public.click_events INCLUDING DEFAULTS INCLUDING INDEXES)', part);
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT click_events_tenant_id_fkey FOREIGN KEY (tenant_id)
                  REFERENCES public.tenants (id) ON DELETE CASCADE', part);
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT click_events_share_id_fkey FOREIGN KEY (tenant_id, share_id)
                  REFERENCES public.shares (tenant_id, id) ON DELETE CASCADE', part);
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT month_range CHECK (clicked_at >= %L AND clicked_at < %L)', part, lo, hi);
END $fn$`,
  // ... attached to click_events as the month [lo, hi), and secured.
  `CREATE FUNCTION public.click_partition_attach(part text, lo timestamptz, hi timestamptz) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE public.click_events ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT month_range', part);
  PERFORM public.click_partition_secure(part);
END $fn$`,
  // The month's partition, if missing, with the month's rows from the default partition (the caller
  // holds it locked and unforced). true: created.
  `CREATE FUNCTION public.click_partition_create(month date) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  part text := 'click_events_' || to_char(month, 'YYYY_MM');
  lo timestamptz := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass('public.' || quote_ident(part)) IS NOT NULL THEN RETURN false; END IF;
  PERFORM public.click_partition_build(part, lo, hi);
  EXECUTE format('WITH moved AS (DELETE FROM public.click_events_default WHERE clicked_at >= $1 AND clicked_at < $2 RETURNING *)
                  INSERT INTO public.%I SELECT * FROM moved', part) USING lo, hi;
  PERFORM public.click_partition_attach(part, lo, hi);
  RETURN true;
END $fn$`,
  `CREATE FUNCTION public.ensure_click_partitions(months_ahead int) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $fn$
DECLARE
  first_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  m date;
BEGIN
  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION 'months_ahead must be between 0 and 24, not %', months_ahead USING ERRCODE = '22023';
  END IF;
  -- no click lands in the default partition while its rows move out
  LOCK TABLE public.click_events_default IN ACCESS EXCLUSIVE MODE;
  ALTER TABLE public.click_events_default NO FORCE ROW LEVEL SECURITY;
  FOR m IN
    SELECT g::date FROM generate_series(first_month::timestamp, first_month + make_interval(months => months_ahead), interval '1 month') g
    UNION
    -- an infinite clicked_at has no month: it stays in the default partition (the drain cannot make one)
    SELECT DISTINCT date_trunc('month', d.clicked_at AT TIME ZONE 'UTC')::date FROM public.click_events_default d WHERE isfinite(d.clicked_at)
    ORDER BY 1
  LOOP
    IF public.click_partition_create(m) THEN
      RETURN NEXT 'click_events_' || to_char(m, 'YYYY_MM');
    END IF;
  END LOOP;
  ALTER TABLE public.click_events_default FORCE ROW LEVEL SECURITY;
END $fn$`,
  `CREATE FUNCTION public.drop_expired_click_partition(month date)
RETURNS TABLE (outcome text, rows_kept bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $fn$
DECLARE
  part text := 'click_events_' || to_char(month, 'YYYY_MM');
  fresh text := 'click_events_' || to_char(month, 'YYYY_MM') || '_new';
  lo timestamptz := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
  previous text := current_setting('app.tenant_id', true);
  t record;
  d record;
  tenant_ids uuid[] := '{}';
  bounds timestamptz[] := '{}';
  dirty_tenants uuid[] := '{}';
  dirty_from timestamptz[] := '{}';
  dirty_to timestamptz[] := '{}';
  keepers uuid[];
  kept bigint;
  total bigint;
BEGIN
  IF hi > now() THEN RAISE EXCEPTION 'the month % has not ended', month USING ERRCODE = '22023'; END IF;
  IF to_regclass('public.' || quote_ident(part)) IS NULL THEN
    outcome := 'missing'; rows_kept := 0; RETURN NEXT; RETURN;
  END IF;
  -- 1. the partition first: no click arrives in it (and no day is marked dirty for it) while this reads
  EXECUTE format('LOCK TABLE public.%I IN ACCESS EXCLUSIVE MODE', part);
  -- 2. every tenant's boundary and dirty days, one tenant at a time (their RLS binds the owner too)
  FOR t IN SELECT id, time_zone FROM public.tenants ORDER BY id LOOP
    PERFORM set_config('app.tenant_id', t.id::text, true);
    tenant_ids := tenant_ids || t.id;
    bounds := bounds || coalesce(
      (SELECT s.clicks_purged_before::timestamp AT TIME ZONE t.time_zone FROM public.reach_settings s WHERE s.tenant_id = t.id),
      '-infinity'::timestamptz);
    FOR d IN SELECT r.day FROM public.reach_dirty_days r WHERE r.tenant_id = t.id LOOP
      dirty_tenants := dirty_tenants || t.id;
      dirty_from := dirty_from || (d.day::timestamp AT TIME ZONE t.time_zone);
      dirty_to := dirty_to || ((d.day + 1)::timestamp AT TIME ZONE t.time_zone);
    END LOOP;
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(previous, ''), true);
  -- 3. the tenants that still need rows of this month: any row from their boundary on, or on a dirty day
  EXECUTE format('ALTER TABLE public.%I NO FORCE ROW LEVEL SECURITY', part);
  EXECUTE format(
    'SELECT coalesce(array_agg(DISTINCT k.tenant_id), ''{}'') FROM (
       SELECT b.tenant_id FROM unnest($1::uuid[], $2::timestamptz[]) b(tenant_id, bound)
       WHERE EXISTS (SELECT 1 FROM public.%1$I c WHERE c.tenant_id = b.tenant_id AND c.clicked_at >= b.bound)
       UNION ALL
       SELECT x.tenant_id FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[]) x(tenant_id, lo, hi)
       WHERE EXISTS (SELECT 1 FROM public.%1$I c WHERE c.tenant_id = x.tenant_id AND c.clicked_at >= x.lo AND c.clicked_at < x.hi)
     ) k', part)
    INTO keepers USING tenant_ids, bounds, dirty_tenants, dirty_from, dirty_to;
  IF cardinality(keepers) = 0 THEN
    -- DROP without DETACH: a detached partition would first get foreign key triggers of its own on shares
    EXECUTE format('DROP TABLE public.%I', part);
    outcome := 'dropped'; rows_kept := 0; RETURN NEXT; RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FILTER (WHERE tenant_id = ANY ($1)), count(*) FROM public.%I', part)
    INTO kept, total USING keepers;
  IF kept * 2 > total THEN
    -- most of the month stays: deleting the expired tenants' rows moves fewer rows than copying
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part);
    outcome := 'kept'; rows_kept := kept; RETURN NEXT; RETURN;
  END IF;
  -- 4. the keepers' rows (all of them; their own expired ones go by their per-tenant delete) move to
  -- a fresh table before the parent is locked; then the old partition goes (the parent's lock from
  -- here to the commit) and the fresh one takes its place
  PERFORM public.click_partition_build(fresh, lo, hi);
  EXECUTE format('INSERT INTO public.%I SELECT * FROM public.%I WHERE tenant_id = ANY ($1)', fresh, part) USING keepers;
  EXECUTE format('DROP TABLE public.%I', part);
  EXECUTE format('ALTER TABLE public.%I RENAME TO %I', fresh, part);
  PERFORM public.click_partition_attach(part, lo, hi);
  outcome := 'rewritten'; rows_kept := kept; RETURN NEXT;
END $fn$`,
  `REVOKE ALL ON FUNCTION public.click_partition_secure(text) FROM PUBLIC`,
  `REVOKE ALL ON FUNCTION public.click_partition_build(text,timestamptz,timestamptz) FROM PUBLIC`,
  `REVOKE ALL ON FUNCTION public.click_partition_attach(text,timestamptz,timestamptz) FROM PUBLIC`,
  `REVOKE ALL ON FUNCTION public.click_partition_create(date) FROM PUBLIC`,
  `REVOKE ALL ON FUNCTION public.ensure_click_partitions(int) FROM PUBLIC`,
  `REVOKE ALL ON FUNCTION public.drop_expired_click_partition(date) FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION public.ensure_click_partitions(int) TO ${APP_ROLE}`,
  `GRANT EXECUTE ON FUNCTION public.drop_expired_click_partition(date) TO ${APP_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE click_events RENAME TO click_events_unpartitioned`.execute(db);
  await renameIndexes(db, "click_events_unpartitioned", "_unpartitioned");
  // the owner reads every row of the old table (FORCE would hide them from a non-superuser owner)
  await sql`ALTER TABLE click_events_unpartitioned NO FORCE ROW LEVEL SECURITY`.execute(db);

  await sql`
    CREATE TABLE click_events (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL CONSTRAINT click_events_tenant_id_fkey REFERENCES tenants (id) ON DELETE CASCADE,
      share_id uuid NOT NULL,
      -- unique per click, assigned at the redirect; with clicked_at (part of the click) the drain's key
      event_key text NOT NULL,
      clicked_at timestamptz NOT NULL,
      visitor_hash text NOT NULL,
      is_bot boolean NOT NULL,
      referrer_host text,
      ip_key text,
      net_key text,
      CONSTRAINT click_events_pkey PRIMARY KEY (tenant_id, id, clicked_at),
      CONSTRAINT click_events_event_key UNIQUE (tenant_id, event_key, clicked_at),
      CONSTRAINT click_events_share_id_fkey FOREIGN KEY (tenant_id, share_id)
        REFERENCES shares (tenant_id, id) ON DELETE CASCADE
    ) PARTITION BY RANGE (clicked_at)`.execute(db);
  await sql`CREATE INDEX click_events_share_idx ON click_events (tenant_id, share_id, clicked_at)`.execute(
    db,
  );
  await sql`CREATE INDEX click_events_time_idx ON click_events (tenant_id, clicked_at)`.execute(db);
  await sql`CREATE TABLE click_events_default PARTITION OF click_events DEFAULT`.execute(db);
  await enableTenantRls(db, "click_events_default");
  for (const statement of FUNCTIONS) await sql.raw(statement).execute(db);

  // the months of the existing rows get their partitions, then the rows move in through the parent
  await sql`
    SELECT public.click_partition_create(m) FROM (
      SELECT DISTINCT date_trunc('month', clicked_at AT TIME ZONE 'UTC')::date AS m FROM click_events_unpartitioned
      WHERE isfinite(clicked_at)
    ) months ORDER BY m`.execute(db);
  await sql`
    INSERT INTO click_events (id, tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot, referrer_host, ip_key, net_key)
    SELECT id, tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot, referrer_host, ip_key, net_key
    FROM click_events_unpartitioned`.execute(db);
  await sql`DROP TABLE click_events_unpartitioned`.execute(db);
  await enableTenantRls(db, "click_events");
  await sql`SELECT * FROM public.ensure_click_partitions(${MONTHS_AHEAD}::int)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE click_events RENAME TO click_events_partitioned`.execute(db);
  await renameIndexes(db, "click_events_partitioned", "_partitioned");
  await sql`ALTER TABLE click_events_partitioned NO FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`
    DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'public.click_events_partitioned'::regclass LOOP
        EXECUTE format('ALTER TABLE public.%I NO FORCE ROW LEVEL SECURITY', r.relname);
      END LOOP;
    END $$`.execute(db);
  // as 0026 left it
  await sql`
    CREATE TABLE click_events (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL CONSTRAINT click_events_tenant_id_fkey REFERENCES tenants (id) ON DELETE CASCADE,
      share_id uuid NOT NULL,
      event_key text NOT NULL,
      clicked_at timestamptz NOT NULL,
      visitor_hash text NOT NULL,
      is_bot boolean NOT NULL,
      referrer_host text,
      ip_key text,
      net_key text,
      CONSTRAINT click_events_pkey PRIMARY KEY (tenant_id, id),
      CONSTRAINT click_events_event_key UNIQUE (tenant_id, event_key),
      CONSTRAINT click_events_share_id_fkey FOREIGN KEY (tenant_id, share_id)
        REFERENCES shares (tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`
    INSERT INTO click_events (id, tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot, referrer_host, ip_key, net_key)
    SELECT id, tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot, referrer_host, ip_key, net_key
    FROM click_events_partitioned`.execute(db);
  await sql`DROP TABLE click_events_partitioned`.execute(db);
  await sql`CREATE INDEX click_events_share_idx ON click_events (tenant_id, share_id, clicked_at)`.execute(
    db,
  );
  await sql`CREATE INDEX click_events_time_idx ON click_events (tenant_id, clicked_at)`.execute(db);
  await enableTenantRls(db, "click_events");
  for (const fn of [
    "drop_expired_click_partition(date)",
    "ensure_click_partitions(int)",
    "click_partition_create(date)",
    "click_partition_attach(text,timestamptz,timestamptz)",
    "click_partition_build(text,timestamptz,timestamptz)",
    "click_partition_secure(text)",
  ])
    await sql.raw(`DROP FUNCTION IF EXISTS public.${fn}`).execute(db);
}
