/**
 * Many tenants in one database: 1,000 tenants with 50,000 members and 20 million click events over
 * the past year, sized like a SaaS customer base (a few large companies, a long tail of small ones),
 * and whether a tenant's pages stay as fast as when it has the database to itself.
 *
 * Generated set-based as the owner into a kept database (generating takes minutes; see keptDatabase
 * in bench/support.ts), every tenant's reach rolled up (rollupAll), then VACUUM ANALYZE. Measured
 * through the production build behind createAppServer: the analytics page (last 365 days and the
 * default range) as the comms lead and the hub as an employee, for the largest tenant and a
 * 10-member one; the baseline is the same small tenant in a database holding only it, served
 * beside the big one and measured in the same rounds.
 *
 * TENANTS_SCALE=0.05 scales tenants, members and clicks (development on a busy machine);
 * `--fresh` regenerates the kept databases.
 */
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import { migrations } from "~/db/migrations/index.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import {
  ensureBuild,
  keptDatabase,
  loadAverage,
  machineDescription,
  percentile,
  startAppServer,
  stopAppServer,
  timePage,
} from "~/bench/support.ts";

const SCALE = Number(process.env.TENANTS_SCALE) || 1;
const TENANTS = Math.round(1_000 * SCALE);
const MEMBERS = Math.round(50_000 * SCALE);
const CLICKS = Math.round(20_000_000 * SCALE);
/** per member and year, as in bench/reach.ts (2,000 members: 300 posts, 15,000 shares) */
const POSTS_PER_MEMBER = 0.15;
const MIN_POSTS = 10;
const SHARES_PER_MEMBER = 7.5;
const MEMBERS_PER_TEAM = 50;
const MIN_MEMBERS = 5;
const SMALL_MEMBERS = 10;
/** click rows per INSERT statement (one huge statement would hold every row's WAL at once) */
const CLICK_SLICE = 1_000_000;
/** connections generating clicks and building indexes at once */
const WORKERS = 2;
const PAGE_WARMUP = 3;
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS) || 20;
const PORTS = { many: 4300, alone: 4301 };
/** bump when generate() changes what it writes: kept databases are regenerated */
const GENERATOR_VERSION = 1;
const SUFFIX = SCALE === 1 ? "" : `_s${Math.round(SCALE * 1000)}`;
const DB_MANY = `chorus_bench_tenants${SUFFIX}`;
const DB_ALONE = `chorus_bench_tenants_alone${SUFFIX}`;

/** One generated tenant: its rank by size (1 = largest) and what it gets. */
export interface TenantPlan {
  idx: number;
  slug: string;
  members: number;
  teams: number;
  posts: number;
  shares: number;
  clicks: number;
}

/**
 * Members by Zipf's law over the rank (the r-th largest tenant has 1/r of the largest one's
 * members, at least MIN_MEMBERS; the remainder of the rounding goes to the largest), so 1,000
 * tenants with 50,000 members give three tenants with more than 2,000 members and a tail of 5- to
 * 50-member companies. Posts, shares and teams follow the members; the clicks are shared out in
 * proportion to the shares (largest remainders to the largest tenant).
 */
export function planTenants(tenants: number, members: number, clicks: number): TenantPlan[] {
  let harmonic = 0;
  for (let r = 1; r <= tenants; r++) harmonic += 1 / r;
  const sizes = Array.from({ length: tenants }, (_, i) =>
    Math.max(MIN_MEMBERS, Math.round(members / harmonic / (i + 1))),
  );
  sizes[0]! += members - sizes.reduce((a, b) => a + b, 0);
  const shares = sizes.map((m) => Math.round(m * SHARES_PER_MEMBER));
  const totalShares = shares.reduce((a, b) => a + b, 0);
  const tenantClicks = shares.map((s) => Math.floor((clicks * s) / totalShares));
  tenantClicks[0]! += clicks - tenantClicks.reduce((a, b) => a + b, 0);
  return sizes.map((m, i) => ({
    idx: i + 1,
    slug: `bench-t${String(i + 1).padStart(4, "0")}`,
    members: m,
    teams: Math.max(1, Math.round(m / MEMBERS_PER_TEAM)),
    posts: Math.max(MIN_POSTS, Math.round(m * POSTS_PER_MEMBER)),
    shares: shares[i]!,
    clicks: tenantClicks[i]!,
  }));
}

/** The smallest-ranked tenant with SMALL_MEMBERS members (or the nearest size). */
function smallTenant(plans: TenantPlan[]): TenantPlan {
  const distance = (p: TenantPlan) => Math.abs(p.members - SMALL_MEMBERS);
  return plans.reduce((best, p) => (distance(p) <= distance(best) ? p : best));
}

// ── generation ──────────────────────────────────────────────────────────────

/** Seconds per generation step, kept in the database (bench.generation) for runs that reuse it. */
type StepTimes = Record<string, number>;

const seconds = (ms: number) => Math.round(ms / 10) / 100;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // the generator writes consistent rows by construction: no foreign-key trigger per row
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  await client.query(`SET max_parallel_maintenance_workers = 0`);
  return client;
}

/** Runs the tasks on WORKERS connections, each task on whichever connection is free. */
async function onWorkers(url: string, tasks: ((c: pg.Client) => Promise<void>)[]): Promise<void> {
  const clients = await Promise.all(Array.from({ length: WORKERS }, () => connect(url)));
  let next = 0;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (next < tasks.length) await tasks[next++]!(client);
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** The tenants, their people and content, set-based from the plan (bench.* keeps the generated ids). */
async function generatePeopleAndContent(c: pg.Client, plans: TenantPlan[]): Promise<void> {
  await c.query(`CREATE SCHEMA bench`);
  await c.query(
    `CREATE TABLE bench.plan AS
     SELECT x.*, gen_random_uuid() AS tenant_id
     FROM json_to_recordset($1::json) AS x(idx int, slug text, members int, teams int, posts int, shares int, clicks bigint)`,
    [JSON.stringify(plans)],
  );
  await c.query(`ALTER TABLE bench.plan ADD PRIMARY KEY (idx)`);
  await c.query(
    `INSERT INTO tenants (id, slug, name, time_zone) SELECT tenant_id, slug, 'Bench Tenant ' || idx, 'Europe/Berlin' FROM bench.plan`,
  );
  await c.query(
    `CREATE TABLE bench.teams AS SELECT p.idx, n, gen_random_uuid() AS id, p.tenant_id FROM bench.plan p, generate_series(1, p.teams) n`,
  );
  await c.query(
    `INSERT INTO teams (id, tenant_id, name) SELECT id, tenant_id, 'Team ' || n FROM bench.teams`,
  );
  // member 1 of each tenant is its comms lead, the others are employees in the programme
  await c.query(
    `CREATE TABLE bench.people AS
     SELECT p.idx, g.n, gen_random_uuid() AS user_id, gen_random_uuid() AS membership_id, p.tenant_id, t.id AS team_id,
            'm' || g.n || '@' || p.slug || '.example' AS email
     FROM bench.plan p CROSS JOIN LATERAL generate_series(1, p.members) AS g(n)
     JOIN bench.teams t ON t.idx = p.idx AND t.n = 1 + g.n % p.teams`,
  );
  await c.query(`CREATE UNIQUE INDEX ON bench.people (idx, n)`);
  await c.query(
    `INSERT INTO users (id, email, name) SELECT user_id, email, 'Member ' || n FROM bench.people`,
  );
  await c.query(
    `INSERT INTO memberships (id, tenant_id, user_id, roles, team_id)
     SELECT membership_id, tenant_id, user_id, CASE WHEN n = 1 THEN '{comms_lead}'::text[] ELSE '{employee}'::text[] END, team_id
     FROM bench.people`,
  );
  await c.query(
    `INSERT INTO advocacy_consents (tenant_id, membership_id, consent_version) SELECT tenant_id, membership_id, $1 FROM bench.people WHERE n > 1`,
    [CONSENT_VERSION],
  );
  await c.query(
    `INSERT INTO social_profiles (tenant_id, membership_id, network, handle, follower_count, followers_recorded_at)
     SELECT tenant_id, membership_id, v.network, 'member' || n, round(20 * power(1000, random()))::int, now()
     FROM bench.people CROSS JOIN (VALUES ('linkedin'), ('x'), ('bluesky')) AS v(network) WHERE n > 1`,
  );
  await c.query(
    `CREATE TABLE bench.topics AS SELECT p.idx, n, gen_random_uuid() AS id, p.tenant_id FROM bench.plan p, generate_series(1, 5) n`,
  );
  await c.query(
    `INSERT INTO topics (id, tenant_id, name) SELECT id, tenant_id, 'Topic ' || n FROM bench.topics`,
  );
  // published evenly over the year
  await c.query(
    `CREATE TABLE bench.posts AS
     SELECT p.idx, n, gen_random_uuid() AS id, p.tenant_id, now() - ((n - random()) * interval '365 days' / p.posts) AS published_at
     FROM bench.plan p, generate_series(1, p.posts) n`,
  );
  await c.query(`CREATE UNIQUE INDEX ON bench.posts (idx, n)`);
  await c.query(
    `INSERT INTO posts (id, tenant_id, slug, kind, title, body, url, status, published_at, created_at)
     SELECT id, tenant_id, 'post-' || n, 'link', 'Post ' || n, 'Worth sharing: post ' || n || ' of the bench.',
            'https://www.example.com/blog/post-' || n, 'published', published_at, published_at
     FROM bench.posts`,
  );
  await c.query(
    `INSERT INTO captions (tenant_id, post_id, network, language, text, position)
     SELECT tenant_id, id, v.network, 'de', 'Lesenswert: Beitrag ' || n || ' #bench', 0
     FROM bench.posts CROSS JOIN (VALUES ('linkedin'), ('x')) AS v(network)`,
  );
  await c.query(
    `INSERT INTO post_topics (tenant_id, post_id, topic_id)
     SELECT po.tenant_id, po.id, t.id FROM bench.posts po JOIN bench.topics t ON t.idx = po.idx AND t.n = 1 + po.n % 5`,
  );
  // employees share a post within days of its publication (exponential, mean 3 days), capped at now
  await c.query(
    `CREATE TABLE bench.shares AS
     SELECT p.idx, g AS n, gen_random_uuid() AS id, p.tenant_id, po.id AS post_id, pe.membership_id, pe.team_id,
            (ARRAY['linkedin', 'linkedin', 'linkedin', 'x', 'x', 'bluesky', 'facebook', 'xing', 'mastodon', 'threads'])[1 + g % 10] AS network,
            least(po.published_at + (-ln(1 - random()) * interval '3 days'), now()) AS created_at
     FROM bench.plan p CROSS JOIN LATERAL generate_series(1, p.shares) g
     JOIN bench.people pe ON pe.idx = p.idx AND pe.n = 2 + (g::bigint * 7919) % (p.members - 1)
     JOIN bench.posts po ON po.idx = p.idx AND po.n = 1 + (g::bigint * 104729) % p.posts`,
  );
  await c.query(`CREATE UNIQUE INDEX ON bench.shares (idx, n)`);
  await c.query(`ANALYZE bench.shares`);
  await c.query(
    `INSERT INTO shares (id, tenant_id, post_id, membership_id, network, text, channel, followers_at_share, team_id, created_at)
     SELECT id, tenant_id, post_id, membership_id, network, 'Bench share', 'intent', round(20 * power(1000, random()))::int, team_id, created_at
     FROM bench.shares`,
  );
}

interface IndexDef {
  name: string;
  /** CREATE [UNIQUE] INDEX … */
  create: string;
  /** ALTER TABLE … ADD CONSTRAINT … for an index behind a primary key or unique constraint */
  constraint: string | null;
}

/**
 * click_events' indexes and the constraints behind them (none is referenced by a foreign key), as
 * the migrations made them: dropped before the clicks are inserted and built afterwards, which is
 * several times faster than maintaining four random-order indexes row by row.
 */
async function clickIndexes(c: pg.Client): Promise<{ indexes: IndexDef[]; partitioned: boolean }> {
  const { rows } = await c.query<{ name: string; create: string; constraint: string | null }>(
    `SELECT i.indexrelid::regclass::text AS name,
            replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ') AS create,
            CASE WHEN con.oid IS NOT NULL
                 THEN format('ALTER TABLE click_events ADD CONSTRAINT %I %s', con.conname, pg_get_constraintdef(con.oid)) END AS constraint
     FROM pg_index i
     LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
     WHERE i.indrelid = 'click_events'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
     ORDER BY 1`,
  );
  const { rows: kind } = await c.query<{ relkind: string }>(
    `SELECT relkind FROM pg_class WHERE oid = 'click_events'::regclass`,
  );
  return { indexes: rows, partitioned: kind[0]!.relkind === "p" };
}

/**
 * click_events partitioned by month (0027): the migration creates the partitions from this month
 * on; the year's past months get theirs from its owner-only click_partition_create, so no click
 * lands in the default partition.
 */
async function createPastPartitions(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ fn: string | null }>(
    `SELECT to_regprocedure('public.click_partition_create(date)')::text AS fn`,
  );
  if (!rows[0]?.fn) return;
  await c.query(
    `SELECT public.click_partition_create(m::date)
     FROM generate_series(date_trunc('month', now() AT TIME ZONE 'UTC' - interval '13 months'),
                          date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') m`,
  );
}

async function dropClickIndexes(c: pg.Client, indexes: IndexDef[]): Promise<void> {
  for (const index of indexes) {
    const constraint = index.constraint?.match(/ADD CONSTRAINT ("[^"]+"|\S+)/)?.[1];
    await c.query(
      constraint ? `ALTER TABLE click_events DROP CONSTRAINT ${constraint}` : `DROP INDEX ${index.name}`,
    );
  }
}

/**
 * Builds the indexes on the worker connections at once (CREATE INDEX takes a lock that lets another
 * CREATE INDEX run); a constraint then adopts its index. A partitioned table cannot adopt one, so
 * there the constraint builds its own index (ALTER TABLE locks the table: those run one at a time).
 */
async function buildClickIndexes(url: string, indexes: IndexDef[], partitioned: boolean): Promise<void> {
  const adopt = indexes.filter((i) => i.constraint && !partitioned);
  await onWorkers(
    url,
    indexes.map((index) => async (c) => {
      if (index.constraint && partitioned) await c.query(index.constraint);
      else await c.query(index.create);
    }),
  );
  const c = await connect(url);
  try {
    for (const index of adopt) {
      const constraint = index.constraint!.replace(
        /(PRIMARY KEY|UNIQUE) \(.*\)$/,
        (_, kind: string) => `${kind} USING INDEX ${index.name}`,
      );
      await c.query(constraint);
    }
  } finally {
    await c.end();
  }
}

/**
 * The clicks: each tenant's share of them in slices over WORKERS connections. A click picks a share
 * of its tenant with a skew (random()² over the tenant's shares: some shares draw many clicks), lands
 * after the share with an exponential decay (mean 2 days, capped at now) and comes from one of the
 * tenant's visitors (a pool of a third of its clicks).
 */
async function generateClicks(url: string, clicks: number): Promise<void> {
  const slices = Math.max(WORKERS * 2, Math.ceil(clicks / CLICK_SLICE));
  const done = { rows: 0 };
  await onWorkers(
    url,
    Array.from({ length: slices }, (_, k) => async (c) => {
      const result = await c.query(
        `INSERT INTO click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot, referrer_host)
         SELECT pick.tenant_id, s.id, 'bench-' || pick.g, least(s.created_at + (-ln(1 - random()) * interval '2 days'), now()),
                md5(pick.idx || ':' || floor(random() * pick.visitors)), false, NULL
         FROM (SELECT p.idx, p.tenant_id, g, greatest(50, p.clicks / 3) AS visitors,
                      1 + floor(power(random(), 2) * p.shares)::int AS n
               FROM bench.plan p
               CROSS JOIN LATERAL generate_series(p.clicks * $1 / $2 + 1, p.clicks * ($1 + 1) / $2) g) pick
         JOIN bench.shares s ON s.idx = pick.idx AND s.n = pick.n`,
        [k, slices],
      );
      done.rows += result.rowCount ?? 0;
      process.stdout.write(`  ${done.rows.toLocaleString("en")} clicks\n`);
    }),
  );
}

/** Every tenant's rollupAll through the app's own module, two tenants at a time. */
async function rollupEveryTenant(url: string): Promise<void> {
  const { openDatabase } = await import("~/db/client.ts");
  const { rollupAll } = await import("~/app/modules/reach/rollup.server.ts");
  const handle = await openDatabase({ url });
  try {
    const { rows } = await sql<{ tenant_id: string }>`SELECT tenant_id FROM bench.plan ORDER BY idx`.execute(
      handle.owner,
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < rows.length) await rollupAll(handle.db, rows[next++]!.tenant_id);
      }),
    );
  } finally {
    await handle.close();
  }
}

/** Generates the plan's tenants into the migrated database at `url`, timing each step. */
async function generate(url: string, plans: TenantPlan[]): Promise<StepTimes> {
  const times: StepTimes = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    times[name] = seconds(performance.now() - start);
    console.log(`  ${name}: ${times[name]} s`);
  };
  const c = await connect(url);
  try {
    await step("tenants_people_content_s", () => generatePeopleAndContent(c, plans));
    const { indexes, partitioned } = await clickIndexes(c);
    if (partitioned) await createPastPartitions(c);
    await dropClickIndexes(c, indexes);
    await step("clicks_s", () =>
      generateClicks(
        url,
        plans.reduce((a, p) => a + p.clicks, 0),
      ),
    );
    await step("click_indexes_s", () => buildClickIndexes(url, indexes, partitioned));
    // statistics and the visibility map before the rollup reads the clicks (autovacuum may be off)
    await step("vacuum_analyze_s", () => c.query(`VACUUM ANALYZE`));
    await step("rollup_s", () => rollupEveryTenant(url));
    await step("vacuum_analyze_rollup_s", () => vacuumWritten(c));
    await c.query(`CREATE TABLE bench.generation AS SELECT $1::json AS times, now() AS at`, [
      JSON.stringify(times),
    ]);
  } finally {
    await c.end();
  }
  return times;
}

/** VACUUM ANALYZE of the tables written since the last one (the rollup's): the rest has not changed. */
async function vacuumWritten(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables WHERE n_ins_since_vacuum > 0 OR n_dead_tup > 0`,
  );
  for (const { name } of rows) await c.query(`VACUUM ANALYZE ${name}`);
}

/** Generator, scale, and the migrations by name and code (a migration still being written changes it too). */
function marker(kind: "many" | "alone"): string {
  const names = Object.keys(migrations).sort();
  const code = createHash("sha256")
    .update(names.map((name) => `${name}\n${String(migrations[name]!.up)}`).join("\n"))
    .digest("hex")
    .slice(0, 12);
  return JSON.stringify({ generator: GENERATOR_VERSION, kind, scale: SCALE, migration: names.at(-1), code });
}

interface Generated {
  url: string;
  /** seconds per step, and when (an earlier run's when the database was kept) */
  times: StepTimes;
  at: string;
  reused: boolean;
}

async function benchDatabase(name: string, kind: "many" | "alone", plans: TenantPlan[]): Promise<Generated> {
  const fresh = process.argv.includes("--fresh");
  console.log(
    `${name}: ${plans.length} tenant(s), ${plans.reduce((a, p) => a + p.clicks, 0).toLocaleString("en")} clicks`,
  );
  const { url, generated } = await keptDatabase(name, marker(kind), fresh, async (u) => {
    await generate(u, plans);
  });
  if (!generated) console.log(`  reusing ${name} (same generator and migrations; --fresh regenerates)`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ times: StepTimes; at: Date }>(`SELECT times, at FROM bench.generation`);
    return { url, times: rows[0]!.times, at: rows[0]!.at.toISOString(), reused: !generated };
  } finally {
    await c.end();
  }
}

// ── checks and people ───────────────────────────────────────────────────────

/** The rollup's tenant rows add up to every generated click, tenant by tenant (the bench fails otherwise). */
async function checkRollup(url: string): Promise<{ clicks: number; rolled: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ planned: string; rolled: string; wrong: string }>(
      `SELECT sum(p.clicks)::text AS planned, sum(coalesce(r.clicks, 0))::text AS rolled,
              count(*) FILTER (WHERE p.clicks <> coalesce(r.clicks, 0))::text AS wrong
       FROM bench.plan p
       LEFT JOIN (SELECT tenant_id, sum(clicks) AS clicks FROM reach_daily WHERE dimension = 'tenant' GROUP BY tenant_id) r
         ON r.tenant_id = p.tenant_id`,
    );
    const { rows: raw } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM click_events`);
    const row = rows[0]!;
    if (Number(row.wrong) > 0 || row.planned !== raw[0]!.n)
      throw new Error(
        `reach_daily holds ${row.rolled} clicks, click_events ${raw[0]!.n}, ${row.planned} were generated (${row.wrong} tenants differ)`,
      );
    return { clicks: Number(raw[0]!.n), rolled: Number(row.rolled) };
  } finally {
    await c.end();
  }
}

interface Visitor {
  slug: string;
  /** session cookies of the comms lead and of an employee */
  comms: string;
  employee: string;
}

/** Fresh sessions for the tenant's comms lead (member 1) and an employee (member 2). */
async function visitor(url: string, slug: string): Promise<Visitor> {
  const { openDatabase } = await import("~/db/client.ts");
  const { createSession } = await import("~/app/modules/auth/session.server.ts");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const handle = await openDatabase({ url });
  try {
    const { rows } = await c.query<{ n: number; user_id: string }>(
      `SELECT pe.n, pe.user_id FROM bench.people pe JOIN bench.plan p ON p.idx = pe.idx WHERE p.slug = $1 AND pe.n <= 2 ORDER BY pe.n`,
      [slug],
    );
    const cookie = async (userId: string) =>
      `__Host-chorus_session=${(await createSession(handle.db, userId)).token}`;
    return { slug, comms: await cookie(rows[0]!.user_id), employee: await cookie(rows[1]!.user_id) };
  } finally {
    await c.end();
    await handle.close();
  }
}

// ── the benchmark ───────────────────────────────────────────────────────────

const PAGES = ["analytics_365d", "analytics_default", "hub"] as const;
type Page = (typeof PAGES)[number];
const SERIES = ["large", "small", "small_alone"] as const;
type Series = (typeof SERIES)[number];

interface Timing {
  p50_ms: number;
  p95_ms: number;
}

export interface TenantsFigures {
  tenants: number;
  members: number;
  clicks: number;
  /** p95 of the small tenant among all the others / alone in its database, per page (flat: ≤ 1.5) */
  small_p95_ratio: Record<Page, number>;
  /** the largest tenant's analytics page for the last 365 days (H5b's target: ≤ 50 ms) */
  large_analytics_365d_p95_ms: number;
  pages: Record<Series, Record<Page, Timing>>;
  generate_s: { many: StepTimes; alone: StepTimes };
  /** refreshReachPeriods for every tenant before measuring (the rollup-reach job's second step) */
  periods_refresh_s: { many: number; alone: number };
}

interface TenantsDetails {
  large: TenantPlan;
  small: TenantPlan;
  distribution: { over_1000: number; from_100: number; from_51: number; up_to_50: number; median: number };
  many: Generated;
  alone: Generated;
  raw: Record<Series, Record<Page, number[]>>;
  load: [number, number];
}

/**
 * The rollup-reach job's second step (refreshReachPeriods): the analytics presets (last 7/30/90/365
 * days) precomputed for every tenant, as they are in production after each job run. Run before each
 * measurement (the kept database may hold periods of an earlier day, which the page would not use).
 */
async function refreshEveryTenantsPeriods(url: string): Promise<number> {
  const { openDatabase } = await import("~/db/client.ts");
  const { refreshReachPeriods } = await import("~/app/modules/reach/period-rollup.server.ts");
  const handle = await openDatabase({ url });
  try {
    const started = performance.now();
    await refreshReachPeriods(handle.db);
    return Math.round(performance.now() - started) / 1000;
  } finally {
    await handle.close();
  }
}

export async function runTenantsBenchmark(): Promise<{ json: TenantsFigures; markdown: string }> {
  ensureBuild();
  const plans = planTenants(TENANTS, MEMBERS, CLICKS);
  const large = plans[0]!;
  const small = smallTenant(plans);
  // the baseline first: it is cheap, and a failure in it shows before the long generation
  const alone = await benchDatabase(DB_ALONE, "alone", [{ ...small, idx: 1 }]);
  const many = await benchDatabase(DB_MANY, "many", plans);
  const rolledAlone = await checkRollup(alone.url);
  const rolledMany = await checkRollup(many.url);
  console.log(`rollups add up: ${rolledMany.rolled.toLocaleString("en")} and ${rolledAlone.rolled} clicks`);
  const periodsRefresh = {
    many: await refreshEveryTenantsPeriods(many.url),
    alone: await refreshEveryTenantsPeriods(alone.url),
  };
  console.log(`analytics periods refreshed in ${periodsRefresh.many} s (1,000 tenants)`);

  const loadBefore = loadAverage();
  const servers: ChildProcess[] = [];
  try {
    const serverEnv = async (url: string, port: number) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // production refuses to log in as the owner: the server connects through a member-only login
        ...(await productionDatabaseEnv(url)),
        NODE_ENV: "production",
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: "warn",
      };
      delete env.REDIS_URL;
      return env;
    };
    servers.push(await startAppServer(await serverEnv(many.url, PORTS.many)));
    servers.push(await startAppServer(await serverEnv(alone.url, PORTS.alone)));
    const targets: Record<Series, { port: number; who: Visitor }> = {
      large: { port: PORTS.many, who: await visitor(many.url, large.slug) },
      small: { port: PORTS.many, who: await visitor(many.url, small.slug) },
      small_alone: { port: PORTS.alone, who: await visitor(alone.url, small.slug) },
    };
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const request = (series: Series, page: Page) => {
      const { port, who } = targets[series];
      const base = `http://127.0.0.1:${port}/t/${who.slug}`;
      const url =
        page === "hub"
          ? `${base}/hub`
          : page === "analytics_default"
            ? `${base}/analytics`
            : `${base}/analytics?from=${from}&to=${to}`;
      const cookie = page === "hub" ? who.employee : who.comms;
      return timePage(url, { cookie, accept: "text/html" });
    };
    const raw = Object.fromEntries(
      SERIES.map((s) => [s, Object.fromEntries(PAGES.map((p) => [p, [] as number[]]))]),
    ) as Record<Series, Record<Page, number[]>>;
    // Rounds over every series and page, so a burst of load on the shared machine hits all alike.
    for (let round = 0; round < PAGE_WARMUP + PAGE_REQUESTS; round++)
      for (const series of SERIES)
        for (const page of PAGES) {
          const ms = await request(series, page);
          if (round >= PAGE_WARMUP) raw[series][page].push(ms);
        }

    const timing = (values: number[]): Timing => ({
      p50_ms: Math.round(percentile(values, 50)),
      p95_ms: Math.round(percentile(values, 95)),
    });
    const pages = Object.fromEntries(
      SERIES.map((s) => [s, Object.fromEntries(PAGES.map((p) => [p, timing(raw[s][p])]))]),
    ) as Record<Series, Record<Page, Timing>>;
    const ratio = (page: Page) =>
      Math.round((percentile(raw.small[page], 95) / percentile(raw.small_alone[page], 95)) * 100) / 100;
    const json: TenantsFigures = {
      tenants: plans.length,
      members: plans.reduce((a, p) => a + p.members, 0),
      clicks: rolledMany.clicks,
      small_p95_ratio: {
        analytics_365d: ratio("analytics_365d"),
        analytics_default: ratio("analytics_default"),
        hub: ratio("hub"),
      },
      large_analytics_365d_p95_ms: pages.large.analytics_365d.p95_ms,
      pages,
      generate_s: { many: many.times, alone: alone.times },
      periods_refresh_s: periodsRefresh,
    };
    const sizes = plans.map((p) => p.members).sort((a, b) => a - b);
    const details: TenantsDetails = {
      large,
      small,
      distribution: {
        over_1000: plans.filter((p) => p.members > 1000).length,
        from_100: plans.filter((p) => p.members >= 100 && p.members <= 1000).length,
        from_51: plans.filter((p) => p.members > 50 && p.members < 100).length,
        up_to_50: plans.filter((p) => p.members <= 50).length,
        median: sizes[Math.floor(sizes.length / 2)]!,
      },
      many,
      alone,
      raw,
      load: [loadBefore, loadAverage()],
    };
    return { json, markdown: markdown(json, details) };
  } finally {
    // the databases are kept for the next run (keptDatabase)
    for (const server of servers) await stopAppServer(server);
  }
}

function markdown(f: TenantsFigures, d: TenantsDetails): string {
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const n = (x: number) => x.toLocaleString("en");
  const steps = (t: StepTimes) =>
    Object.entries(t)
      .map(([k, v]) => `${k.replace(/_s$/, "").replaceAll("_", " ")} ${v} s`)
      .join(", ");
  const total = (t: StepTimes) => Math.round(Object.values(t).reduce((a, b) => a + b, 0));
  const generated = (g: Generated) =>
    g.reused ? `kept from a run at ${g.at.slice(0, 16).replace("T", " ")} UTC` : "generated in this run";
  const row = (label: string, page: Page) =>
    `| ${label} | ${f.pages.large[page].p50_ms} / ${f.pages.large[page].p95_ms} | ` +
    `${f.pages.small[page].p50_ms} / ${f.pages.small[page].p95_ms} | ` +
    `${f.pages.small_alone[page].p50_ms} / ${f.pages.small_alone[page].p95_ms} | ` +
    `${f.small_p95_ratio[page]}: ${verdict(f.small_p95_ratio[page] <= 1.5)} |`;
  return [
    "## tenants",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineDescription()}, PostgreSQL on the same machine. ` +
      `1-minute load average ${d.load[0]} before, ${d.load[1]} after (the machine is shared).`,
    "",
    `Method: \`npm run bench -- tenants\`. One migrated PostgreSQL database with ${n(f.tenants)} tenants, ${n(f.members)} members and ` +
      `${n(f.clicks)} click events over the past year. Tenant sizes follow Zipf's law (the r-th largest has 1/r of the largest's members, at least ${MIN_MEMBERS}): ` +
      `${d.distribution.over_1000} tenants over 1,000 members, ${d.distribution.from_100} with 100–1,000, ${d.distribution.from_51} with 51–99, ` +
      `${d.distribution.up_to_50} with 5–50 (median ${d.distribution.median}). Per member and year ${POSTS_PER_MEMBER} posts (at least ${MIN_POSTS} a tenant) ` +
      `and ${SHARES_PER_MEMBER} shares, within days of the post; clicks in proportion to the shares, favouring some shares (random()²) ` +
      `and decaying after the share (mean 2 days). Largest tenant \`${d.large.slug}\`: ${n(d.large.members)} members, ${n(d.large.posts)} posts, ` +
      `${n(d.large.shares)} shares, ${n(d.large.clicks)} clicks; small tenant \`${d.small.slug}\`: ${d.small.members} members, ${d.small.posts} posts, ` +
      `${d.small.shares} shares, ${n(d.small.clicks)} clicks. Baseline: the same small tenant generated alone in a database of its own. ` +
      `Generated set-based as the owner (click_events' indexes built after the rows), every tenant rolled up (rollupAll), VACUUM ANALYZE; ` +
      `both databases are kept between runs and regenerated when the generator or the migrations change (\`--fresh\` forces it). ` +
      `Pages: the production build behind createAppServer, one server per database, the analytics page as the tenant's comms lead ` +
      `(last 365 days, and the default range: 30 days) and the hub as an employee; ${PAGE_WARMUP} warm-up rounds then ${PAGE_REQUESTS} rounds, ` +
      `each round one sequential request per tenant and page (full server-rendered HTML). Figures are p50 / p95 in ms.`,
    "",
    "| page | large tenant | small tenant | small tenant alone (baseline) | small p95 ratio (target ≤ 1.5) |",
    "| --- | --- | --- | --- | --- |",
    row("analytics, 365 days", "analytics_365d"),
    row("analytics, default range", "analytics_default"),
    row("hub", "hub"),
    "",
    `Large tenant's analytics p95 for 365 days: ${f.large_analytics_365d_p95_ms} ms (the target of ≤ 50 ms at 2,000 members is the reach benchmark's: ` +
      `${verdict(f.large_analytics_365d_p95_ms <= 50)} here at ${n(d.large.members)} members). ` +
      `Large vs small tenant, p95: analytics 365 days ${Math.round((f.pages.large.analytics_365d.p95_ms / f.pages.small.analytics_365d.p95_ms) * 10) / 10}×, ` +
      `hub ${Math.round((f.pages.large.hub.p95_ms / f.pages.small.hub.p95_ms) * 10) / 10}×.`,
    "",
    `Generation (${generated(d.many)}): ${steps(f.generate_s.many)} — ${total(f.generate_s.many)} s in all; ` +
      `the baseline database (${generated(d.alone)}): ${total(f.generate_s.alone)} s. ` +
      `The rollup's tenant rows add up to every generated click, tenant by tenant (checked: the benchmark fails otherwise). ` +
      `Before measuring, the analytics presets (last 7/30/90/365 days) were precomputed for every tenant, as the rollup-reach job does after each run: ` +
      `${f.periods_refresh_s.many} s for all ${n(f.tenants)} tenants, ${f.periods_refresh_s.alone} s for the baseline.`,
  ].join("\n");
}
