/**
 * The reach pipeline at the size of a large SME programme: one tenant with 2,000 members in 40
 * teams, 300 posts, 15,000 shares and 5 million click events over the past year.
 *
 * Measured, each against a plain `SELECT count(*)` over the same click_events table (the baseline,
 * timed in the same run): the full rollup (rollupAll: every day of the year), a one-day incremental
 * rollup (one dirty day, as after late clicks), and the comms analytics page for the year's range
 * (20 GET requests of the server-rendered page through Chorus's real server, after 3 warm-ups).
 *
 * Child mode: `node --import tsx bench/reach.ts serve` (the app server, spawned by the benchmark).
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import { migrations } from "~/db/migrations/index.ts";
import {
  admin,
  createBenchDatabase,
  databaseUrl,
  dropBenchDatabase,
  loadAverage,
  machineDescription,
  median,
  percentile,
} from "~/bench/support.ts";

const MEMBERS = 2_000;
const TEAMS = 40;
const POSTS = 300;
const SHARES = 15_000;
const CLICKS = Number(process.env.BENCH_REACH_CLICKS) || 5_000_000;
const FULL_REPETITIONS = Number(process.env.BENCH_REPETITIONS) || 3;
const INCREMENTAL_REPETITIONS = 5;
const PAGE_REQUESTS = Number(process.env.BENCH_REACH_PAGE_REQUESTS) || 100;
/**
 * Requests before the measured ones. A server that has just started renders the page 1.5–2× slower
 * for its first few dozen requests, until V8 has optimised the render path; the p95 is the page of
 * a server that has been running (every deploy is warm after a minute of traffic). The first 20
 * requests after the start are reported too (COLD_REQUESTS).
 */
const PAGE_WARMUP = 30;
const COLD_REQUESTS = 20;
/** the page computed from reach_daily (about a second each): fewer */
const DIRECT_WARMUP = 3;
const DIRECT_REQUESTS = 20;
const PORT = 4711;
const SLUG = "bench-reach";
/**
 * The generated database is kept between runs (generating takes minutes) and regenerated when its
 * marker (a comment on the database) differs: bump GENERATOR_VERSION when generate() changes what it
 * writes; a new migration or another BENCH_REACH_CLICKS changes the marker too. `--fresh` regenerates.
 * BENCH_REACH_DB names another database (two people benchmarking at once keep out of each other's way).
 */
const DB_NAME = process.env.BENCH_REACH_DB || "chorus_bench_reach";
const GENERATOR_VERSION = 2;
/**
 * BENCH_REACH_PAGE_ONLY=1: only the analytics page, on the kept database as it is (rolled up by an
 * earlier run; the presets are refreshed first, as the rollup-reach job does): prints its timings
 * and exits without writing bench/results.json or RESULTS.md (for iterating on the page).
 * BENCH_REACH_PAGE_REQUESTS: how many measured requests (default 100). BENCH_REACH_DIRECT=0: skip the
 * page computed from reach_daily. BENCH_CPU_PROF=<dir>: the app server child writes a CPU profile there.
 */
const PAGE_ONLY = process.env.BENCH_REACH_PAGE_ONLY === "1";
/**
 * BENCH_REACH_ROLLUP_ONLY=1: only the full rollup and its count(*) baseline (BENCH_REPETITIONS of
 * each, alternating), then a digest of every reach_daily figure (compare it across code changes: the
 * same clicks must give the same digest); prints and exits without writing bench/results.json or
 * RESULTS.md (for iterating on the rollup).
 */
const ROLLUP_ONLY = process.env.BENCH_REACH_ROLLUP_ONLY === "1";

export interface ReachFigures {
  clicks: number;
  full_rollup_s: number;
  incremental_rollup_s: number;
  analytics_p95_ms: number;
  /** the first COLD_REQUESTS requests after the server started */
  analytics_cold_p95_ms: number;
  count_star_s: number;
}

interface ReachDetails {
  /** null: the database was kept from an earlier run */
  generate_s: number | null;
  full_runs_s: number[];
  /** rollupAll once more over the rows it just wrote (writes nothing) */
  unchanged_rollup_s: number;
  incremental_runs_s: number[];
  count_runs_s: number[];
  page_ms: number[];
  page_p50_ms: number;
  /** the first COLD_REQUESTS requests after the server started (part of the warm-up) */
  cold_page_ms: number[];
  /** refreshReachPeriods after the rollups (the rollup-reach job's second step) */
  periods_refresh_s: number;
  /** the page without precomputed periods (computed from reach_daily), same run */
  direct_page_ms: number[];
  reach_rows: number;
  tenant_clicks_rolled: number;
  load: [number, number];
}

// ── child: the app server ───────────────────────────────────────────────────

async function serveChild(): Promise<void> {
  const { createAppServer, loadProductionBuild } = await import("~/server.ts");
  const server = createAppServer({ build: await loadProductionBuild() });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.({ type: "ready" }));
  process.on("message", (m: { type: string }) => {
    if (m.type === "stop") server.close(() => process.exit(0));
  });
}

function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = fork(fileURLToPath(import.meta.url), ["serve"], {
    env,
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`app server exited early (code ${code})`)));
    child.on("message", (m: { type: string }) => {
      if (m.type === "ready") resolve(child);
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.send({ type: "stop" });
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

// ── data ────────────────────────────────────────────────────────────────────

/**
 * Generates the tenant as the superuser (no RLS in the way), set-based. Follower counts are
 * log-uniform between 20 and 20,000; shares fall evenly over the year; clicks favour some shares
 * (random()² over the share list) and decay after the share (exponential, mean 2 days), capped at now.
 */
export async function generate(url: string): Promise<{ tenantId: string; commsUserId: string }> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (text: string, values: unknown[] = []) =>
      (await client.query(text, values)).rows as Record<string, string>[];
    const [tenant] = await q(
      `INSERT INTO tenants (slug, name, time_zone) VALUES ($1, 'Reach Bench AG', 'Europe/Berlin') RETURNING id`,
      [SLUG],
    );
    const t = tenant!.id!;
    await q(
      `INSERT INTO teams (tenant_id, name) SELECT $1, 'Team ' || i FROM generate_series(1, ${TEAMS}) i`,
      [t],
    );
    await q(
      `INSERT INTO users (email, name) SELECT 'member' || i || '@bench.example', 'Member ' || i FROM generate_series(1, ${MEMBERS}) i`,
    );
    await q(
      `INSERT INTO memberships (tenant_id, user_id, roles, team_id)
       SELECT $1, u.id, '{employee}', (SELECT id FROM teams WHERE tenant_id = $1 ORDER BY name OFFSET (n % ${TEAMS}) LIMIT 1)
       FROM (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE 'member%@bench.example') u`,
      [t],
    );
    const [comms] = await q(
      `INSERT INTO users (email, name) VALUES ('comms@bench.example', 'Comms Lead') RETURNING id`,
    );
    await q(`INSERT INTO memberships (tenant_id, user_id, roles) VALUES ($1, $2, '{comms_lead}')`, [
      t,
      comms!.id,
    ]);
    await q(
      `INSERT INTO advocacy_consents (tenant_id, membership_id, consent_version) SELECT $1, id, 'bench' FROM memberships WHERE tenant_id = $1`,
      [t],
    );
    await q(
      `INSERT INTO social_profiles (tenant_id, membership_id, network, handle, follower_count, followers_recorded_at)
       SELECT $1, m.id, n.network, 'member', round(20 * power(1000, random()))::int, now()
       FROM memberships m CROSS JOIN (VALUES ('linkedin'), ('x'), ('bluesky')) AS n(network) WHERE m.tenant_id = $1`,
      [t],
    );
    await q(
      `INSERT INTO posts (tenant_id, slug, kind, title, url, status, published_at, created_at)
       SELECT $1, 'post-' || i, 'link', 'Post ' || i, 'https://www.example.com/blog/post-' || i, 'published',
              now() - (i * interval '365 days' / ${POSTS}), now() - (i * interval '365 days' / ${POSTS})
       FROM generate_series(1, ${POSTS}) i`,
      [t],
    );
    await q(
      `CREATE TEMP TABLE bench_members AS SELECT row_number() OVER (ORDER BY id) AS n, id, team_id FROM memberships WHERE tenant_id = $1 AND roles = '{employee}'`,
      [t],
    );
    await q(
      `CREATE TEMP TABLE bench_posts AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM posts WHERE tenant_id = $1`,
      [t],
    );
    await q(
      `INSERT INTO shares (tenant_id, post_id, membership_id, network, text, channel, followers_at_share, team_id, created_at)
       SELECT $1, p.id, m.id, net.network, 'Bench share', 'intent',
              (SELECT follower_count FROM social_profiles sp WHERE sp.membership_id = m.id AND sp.network = net.network),
              m.team_id, now() - random() * interval '365 days'
       FROM generate_series(1, ${SHARES}) g
       JOIN bench_members m ON m.n = 1 + (g * 7919) % ${MEMBERS}
       JOIN bench_posts p ON p.n = 1 + (g * 104729) % ${POSTS}
       CROSS JOIN LATERAL (SELECT (ARRAY['linkedin', 'linkedin', 'linkedin', 'x', 'x', 'bluesky', 'facebook', 'xing', 'mastodon', 'threads'])[1 + g % 10] AS network) net`,
      [t],
    );
    await q(
      `CREATE TEMP TABLE bench_shares AS SELECT row_number() OVER (ORDER BY id) AS n, id, created_at FROM shares WHERE tenant_id = $1`,
      [t],
    );
    await q(`CREATE UNIQUE INDEX ON bench_shares (n)`);
    // click_events is partitioned by month (0027): the migration creates the partitions from this
    // month on, the year's past months get theirs here, so no click lands in the default partition
    await q(
      `SELECT public.click_partition_create(m::date)
       FROM generate_series(date_trunc('month', now() AT TIME ZONE 'UTC' - interval '13 months'),
                            date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') m`,
    );
    // in slices of a million: one huge statement would hold every row's WAL at once
    for (let from = 1; from <= CLICKS; from += 1_000_000) {
      const to = Math.min(CLICKS, from + 999_999);
      await q(
        `INSERT INTO click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot, referrer_host)
         SELECT $1, s.id, 'bench-' || g, least(s.created_at + (-ln(1 - random()) * interval '2 days'), now()),
                md5((random() * 1500000)::int::text), false, NULL
         FROM (SELECT g, 1 + floor(power(random(), 2) * ${SHARES})::int AS n FROM generate_series(${from}, ${to}) g) pick
         JOIN bench_shares s ON s.n = pick.n`,
        [t],
      );
      process.stdout.write(`  ${to.toLocaleString("en")} clicks\n`);
    }
    await q(`VACUUM ANALYZE`);
    return { tenantId: t, commsUserId: comms!.id! };
  } finally {
    await client.end();
  }
}

function databaseMarker(): string {
  const migration = Object.keys(migrations).sort().at(-1);
  return JSON.stringify({ generator: GENERATOR_VERSION, clicks: CLICKS, migration });
}

/** The kept database when its marker matches (and not `--fresh`), else a newly generated one. */
export async function benchDatabase(): Promise<{
  url: string;
  tenantId: string;
  commsUserId: string;
  generateMs: number | null;
}> {
  const marker = databaseMarker();
  const kept = await admin(async (c) => {
    const { rows } = await c.query<{ marker: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1`,
      [DB_NAME],
    );
    return rows[0]?.marker ?? null;
  });
  if (kept === marker && !process.argv.includes("--fresh")) {
    const url = databaseUrl(DB_NAME);
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tenant_id: string; comms_user_id: string }>(
        `SELECT (SELECT id FROM tenants WHERE slug = $1) AS tenant_id,
                (SELECT id FROM users WHERE email = 'comms@bench.example') AS comms_user_id`,
        [SLUG],
      );
      console.log(`reusing ${DB_NAME} (${marker}; --fresh regenerates)`);
      return { url, tenantId: rows[0]!.tenant_id, commsUserId: rows[0]!.comms_user_id, generateMs: null };
    } finally {
      await client.end();
    }
  }
  await dropBenchDatabase(DB_NAME);
  const url = await createBenchDatabase(DB_NAME);
  console.log(`generating ${CLICKS.toLocaleString("en")} clicks into ${DB_NAME}…`);
  const generateStart = performance.now();
  const { tenantId, commsUserId } = await generate(url);
  const generateMs = performance.now() - generateStart;
  // only a complete generation is marked (an interrupted one is regenerated next time)
  await admin((c) => c.query(`COMMENT ON DATABASE ${DB_NAME} IS '${marker.replaceAll("'", "''")}'`));
  return { url, tenantId, commsUserId, generateMs };
}

async function vacuumAnalyze(url: string, table: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`VACUUM ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The analytics page for the last 365 days, `warmup` + `requests` times: every request's ms. */
async function measureYearPage(
  sessionToken: string,
  { warmup, requests }: { warmup: number; requests: number } = {
    warmup: PAGE_WARMUP,
    requests: PAGE_REQUESTS,
  },
): Promise<{ warmupMs: number[]; ms: number[] }> {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  const pageUrl = `http://127.0.0.1:${PORT}/t/${SLUG}/analytics?from=${from}&to=${to}`;
  const headers = { cookie: `__Host-chorus_session=${sessionToken}`, accept: "text/html" };
  const ms: number[] = [];
  const warmupMs: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const start = performance.now();
    const response = await fetch(pageUrl, { headers, redirect: "manual" });
    const body = await response.text();
    const elapsed = performance.now() - start;
    if (response.status !== 200)
      throw new Error(`analytics page answered ${response.status}: ${body.slice(0, 300)}`);
    (i >= warmup ? ms : warmupMs).push(elapsed);
  }
  return { warmupMs, ms };
}

/** BENCH_REACH_PAGE_ONLY=1: the page alone on the kept, rolled-up database; prints and exits. */
async function measurePageOnly(url: string, tenantId: string, commsUserId: string): Promise<never> {
  process.env.DATABASE_URL = url;
  delete process.env.REDIS_URL;
  const { database, closeDatabase } = await import("~/db/client.ts");
  const { withTenant } = await import("~/db/tenant.ts");
  const { createSession } = await import("~/app/modules/auth/session.server.ts");
  const { refreshReachPeriods } = await import("~/app/modules/reach/period-rollup.server.ts");
  const { db } = await database();
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  );
  if (Number(rows.n) === 0) throw new Error(`${DB_NAME} is not rolled up: run the full benchmark once`);
  const { token } = await createSession(db, commsUserId);
  const periodsMs = await timed(() => refreshReachPeriods(db, { tenantId }));
  await closeDatabase();
  await vacuumAnalyze(url, "reach_periods, reach_period_figures");
  const login = await productionDatabaseEnv(url);
  const server = await startServer({
    ...process.env,
    ...login,
    NODE_ENV: "production",
    PORT: String(PORT),
    APP_URL: `http://127.0.0.1:${PORT}`,
    LOG_LEVEL: "warn",
  });
  const summary = (ms: number[]) =>
    `p95 ${Math.round(percentile(ms, 95))} ms, p50 ${Math.round(percentile(ms, 50))} ms (${ms.map((m) => Math.round(m)).join(", ")})`;
  try {
    console.log(`  presets refreshed in ${seconds(periodsMs)} s; load ${loadAverage()}`);
    const page = await measureYearPage(token);
    console.log(`  analytics page, 365 days, with presets: ${summary(page.ms)}`);
    console.log(
      `  its first ${COLD_REQUESTS} requests after the start: ${summary(page.warmupMs.slice(0, COLD_REQUESTS))}`,
    );
    if (process.env.BENCH_REACH_DIRECT !== "0") {
      const { default: pg } = await import("pg");
      const owner = new pg.Client({ connectionString: url });
      await owner.connect();
      await owner.query(`DELETE FROM reach_periods`).finally(() => owner.end());
      const direct = await measureYearPage(token, { warmup: DIRECT_WARMUP, requests: DIRECT_REQUESTS });
      console.log(`  computed from reach_daily: ${summary(direct.ms)}`);
    }
    console.log(`  load ${loadAverage()}; nothing written to bench/results.json or RESULTS.md`);
  } finally {
    await stopServer(server);
  }
  process.exit(0);
}

// ── the benchmark ───────────────────────────────────────────────────────────

export async function runReachBenchmark(): Promise<{ json: ReachFigures; markdown: string }> {
  if (!existsSync("build/server/index.js")) {
    console.log("build/ is missing: running react-router build");
    const built = spawnSync("npx", ["react-router", "build"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("react-router build failed");
  }
  const { url, tenantId, commsUserId, generateMs } = await benchDatabase();
  if (PAGE_ONLY) await measurePageOnly(url, tenantId, commsUserId);
  const loadBefore = loadAverage();
  let server: ChildProcess | undefined;
  try {
    // The app's own modules, on the benchmark database.
    process.env.DATABASE_URL = url;
    delete process.env.REDIS_URL;
    const { database, closeDatabase } = await import("~/db/client.ts");
    const { withTenant } = await import("~/db/tenant.ts");
    const { rollupAll, rollupDays } = await import("~/app/modules/reach/rollup.server.ts");
    const { createSession } = await import("~/app/modules/auth/session.server.ts");
    const { db } = await database();

    const countRuns: number[] = [];
    const fullRuns: number[] = [];
    // The rollup writes only rows that differ, so a rollup over rows it wrote before writes nothing.
    // A full rollup here starts from an empty reach_daily (every row inserted, as for a new tenant or
    // a rebuild); emptying it, as the owner and untimed, is followed by a VACUUM as autovacuum would.
    const { default: pgClient } = await import("pg");
    const emptyReachDaily = async () => {
      const owner = new pgClient.Client({ connectionString: url });
      await owner.connect();
      try {
        await owner.query(`DELETE FROM reach_daily WHERE tenant_id = $1`, [tenantId]);
        await owner.query(`VACUUM reach_daily`);
      } finally {
        await owner.end();
      }
    };
    // Alternating, so a burst of load on the shared machine hits both alike.
    for (let i = 0; i < FULL_REPETITIONS; i++) {
      countRuns.push(
        await timed(() =>
          withTenant(db, tenantId, (tx) =>
            tx
              .selectFrom("click_events")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow(),
          ),
        ),
      );
      await emptyReachDaily();
      fullRuns.push(await timed(() => rollupAll(db, tenantId)));
      console.log(
        `  repetition ${i + 1}: count(*) ${seconds(countRuns.at(-1)!)} s, full rollup ${seconds(fullRuns.at(-1)!)} s`,
      );
    }
    // the same again over the rows just written: nothing differs, nothing is written
    const unchangedRun = await timed(() => rollupAll(db, tenantId));
    console.log(`  full rollup over unchanged rows (writes nothing): ${seconds(unchangedRun)} s`);
    if (ROLLUP_ONLY) {
      const { rows } = await withTenant(db, tenantId, (tx) =>
        sql<{ rows: string; digest: string }>`
          SELECT count(*)::text AS rows,
                 md5(string_agg(concat_ws('|', day, dimension, team_scope, key, shares, clicks, unique_visitors,
                                          impressions_estimated, impressions_measured, reactions, earned_media),
                                ',' ORDER BY day, dimension, team_scope, key)) AS digest
          FROM reach_daily`.execute(tx),
      );
      const ratio = median(fullRuns) / median(countRuns);
      console.log(
        `  medians: count(*) ${seconds(median(countRuns))} s, full rollup ${seconds(median(fullRuns))} s (${Math.round(ratio * 10) / 10}× count(*)); ` +
          `reach_daily ${rows[0]?.rows} rows, digest ${rows[0]?.digest}`,
      );
      // The rollup writes only rows that differ, so the repetitions above (same clicks, same settings)
      // write nothing. What a settings change costs (the rollup-reach job then runs rollupAll): another
      // CPC changes the earned media of every row with clicks; then the CPC back, the same again.
      const { default: pg } = await import("pg");
      const owner = new pg.Client({ connectionString: url });
      await owner.connect();
      try {
        const before = await owner.query<{ cpc: string }>(
          `SELECT cpc FROM reach_settings WHERE tenant_id = $1`,
          [tenantId],
        );
        await owner.query(
          `INSERT INTO reach_settings (tenant_id, cpc) VALUES ($1, 0.77) ON CONFLICT (tenant_id) DO UPDATE SET cpc = 0.77`,
          [tenantId],
        );
        const changed = await timed(() => rollupAll(db, tenantId));
        if (before.rows[0])
          await owner.query(`UPDATE reach_settings SET cpc = $2 WHERE tenant_id = $1`, [
            tenantId,
            before.rows[0].cpc,
          ]);
        else await owner.query(`DELETE FROM reach_settings WHERE tenant_id = $1`, [tenantId]);
        const back = await timed(() => rollupAll(db, tenantId));
        console.log(
          `  full rollup after a CPC change (every row with clicks rewritten): ${seconds(changed)} s, and back ${seconds(back)} s ` +
            `(${Math.round((median([changed, back]) / median(countRuns)) * 10) / 10}× count(*)); load ${loadAverage()}; ` +
            `nothing written to bench/results.json or RESULTS.md`,
        );
      } finally {
        await owner.end();
      }
      await closeDatabase();
      process.exit(0);
    }

    // A busy day a month ago (late clicks make it dirty again).
    const day = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const incrementalRuns: number[] = [];
    for (let i = 0; i < INCREMENTAL_REPETITIONS; i++)
      incrementalRuns.push(await timed(() => rollupDays(db, tenantId, [day])));

    const totals = await withTenant(db, tenantId, async (tx) => {
      const rows = await tx
        .selectFrom("reach_daily")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      const clicks = await tx
        .selectFrom("reach_daily")
        .select((eb) => eb.fn.sum<string>("clicks").as("n"))
        .where("dimension", "=", "tenant")
        .executeTakeFirstOrThrow();
      return { rows: Number(rows.n), clicks: Number(clicks.n) };
    });

    // The page, through the real server (production build), as a signed-in comms lead. First what
    // autovacuum does on its own after a rewrite this size: statistics and the visibility map (the
    // page's sums are index-only scans).
    const { token } = await createSession(db, commsUserId);
    // what the rollup-reach job does after a rollup: the analytics presets ending today
    // (period-rollup.server.ts), which the page for the last 365 days reads
    const { refreshReachPeriods } = await import("~/app/modules/reach/period-rollup.server.ts");
    const periodsMs = await timed(() => refreshReachPeriods(db, { tenantId }));
    await closeDatabase();
    // the presets too: each refresh deletes and rewrites their rows (this machine's PostgreSQL may
    // run without autovacuum, and dead index entries of earlier runs would be read with them)
    await vacuumAnalyze(url, "reach_daily, reach_periods, reach_period_figures");
    // production refuses to log in as the owner: the server connects through a member-only login
    const login = await productionDatabaseEnv(url);
    server = await startServer({
      ...process.env,
      ...login,
      NODE_ENV: "production",
      PORT: String(PORT),
      APP_URL: `http://127.0.0.1:${PORT}`,
      LOG_LEVEL: "warn",
    });
    const page = await measureYearPage(token);
    const pageMs = page.ms;
    const coldMs = page.warmupMs.slice(0, COLD_REQUESTS);
    // the baseline in the same run: the same page computed from reach_daily (periods dropped, as
    // between a rollup batch and the job's refresh, or for a range that is not a preset)
    const { default: pg } = await import("pg");
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    await owner.query(`DELETE FROM reach_periods`).finally(() => owner.end());
    const directMs = (await measureYearPage(token, { warmup: DIRECT_WARMUP, requests: DIRECT_REQUESTS })).ms;

    const json: ReachFigures = {
      clicks: CLICKS,
      full_rollup_s: seconds(median(fullRuns)),
      incremental_rollup_s: seconds(median(incrementalRuns)),
      analytics_p95_ms: Math.round(percentile(pageMs, 95)),
      analytics_cold_p95_ms: Math.round(percentile(coldMs, 95)),
      count_star_s: seconds(median(countRuns)),
    };
    const details: ReachDetails = {
      generate_s: generateMs === null ? null : seconds(generateMs),
      full_runs_s: fullRuns.map(seconds),
      unchanged_rollup_s: seconds(unchangedRun),
      incremental_runs_s: incrementalRuns.map(seconds),
      count_runs_s: countRuns.map(seconds),
      page_ms: pageMs.map((ms) => Math.round(ms)),
      page_p50_ms: Math.round(percentile(pageMs, 50)),
      cold_page_ms: coldMs.map((ms) => Math.round(ms)),
      periods_refresh_s: seconds(periodsMs),
      direct_page_ms: directMs.map((ms) => Math.round(ms)),
      reach_rows: totals.rows,
      tenant_clicks_rolled: totals.clicks,
      load: [loadBefore, loadAverage()],
    };
    if (totals.clicks !== CLICKS)
      throw new Error(`the rollup counted ${totals.clicks} clicks, ${CLICKS} were generated`);
    return { json, markdown: markdown(json, details) };
  } finally {
    // the database is kept for the next run (see DB_NAME)
    if (server) await stopServer(server);
  }
}

function markdown(f: ReachFigures, d: ReachDetails): string {
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const ratio = (s: number) => `${Math.round((s / f.count_star_s) * 10) / 10}× count(*)`;
  return [
    "## reach",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineDescription()}, PostgreSQL and Redis on the same machine. ` +
      `1-minute load average ${d.load[0]} before, ${d.load[1]} after (the machine is shared).`,
    "",
    `Method: \`npm run bench -- reach\`. A fresh migrated PostgreSQL database with one tenant: ${MEMBERS.toLocaleString("en")} members in ${TEAMS} teams, ` +
      `${POSTS} posts, ${SHARES.toLocaleString("en")} shares and ${f.clicks.toLocaleString("en")} click events over the past year (generated set-based${d.generate_s === null ? " by an earlier run with the same generator and migrations" : ` in ${d.generate_s} s`}; clicks decay after the share, some shares draw more than others; VACUUM ANALYZE afterwards). ` +
      `Baseline: \`SELECT count(*)\` over click_events as the app role in the tenant's transaction (what the rollup also runs as). ` +
      `Full rollup: rollupAll (every day of the year, all dimensions) into an emptied reach_daily (every row inserted), ${FULL_REPETITIONS} repetitions alternating with the baseline; ` +
      `once more over the rows just written (nothing differs, nothing is written): ${d.unchanged_rollup_s} s (${ratio(d.unchanged_rollup_s)}); ` +
      `incremental: rollupDays for one day a month back, ${INCREMENTAL_REPETITIONS} repetitions; figures are medians. ` +
      `Analytics page: after VACUUM ANALYZE of reach_daily and the presets' tables (what autovacuum does after a rewrite this size; the page's sums are index-only scans), ` +
      `the production build behind createAppServer, GET /t/${SLUG}/analytics for the last 365 days as a signed-in comms lead, ` +
      `${PAGE_WARMUP} warm-ups then ${PAGE_REQUESTS} sequential requests (full server-rendered HTML); the page computed from reach_daily ${DIRECT_WARMUP} warm-ups then ${DIRECT_REQUESTS}. ` +
      `A server that has just started is slower until V8 has optimised the render path: its first ${COLD_REQUESTS} requests (part of the warm-ups) had p95 ${Math.round(percentile(d.cold_page_ms, 95))} ms, p50 ${Math.round(percentile(d.cold_page_ms, 50))} ms.`,
    "",
    "| figure | value | target |",
    "| --- | --- | --- |",
    `| clicks | ${f.clicks} | 5,000,000 |`,
    `| count_star_s (baseline) | ${f.count_star_s} | |`,
    `| full_rollup_s | ${f.full_rollup_s} (${ratio(f.full_rollup_s)}) | ≤ 10 (aim ≤ 5× count(*)): ${verdict(f.full_rollup_s <= 10)} |`,
    `| incremental_rollup_s | ${f.incremental_rollup_s} (${ratio(f.incremental_rollup_s)}) | ≤ 0.5: ${verdict(f.incremental_rollup_s <= 0.5)} |`,
    `| analytics_p95_ms | ${f.analytics_p95_ms} (p50 ${d.page_p50_ms}; computed from reach_daily: p95 ${Math.round(percentile(d.direct_page_ms, 95))}, p50 ${Math.round(percentile(d.direct_page_ms, 50))}) | ≤ 50: ${verdict(f.analytics_p95_ms <= 50)} |`,
    `| analytics_cold_p95_ms (the first ${COLD_REQUESTS} requests after the server started; p50 ${Math.round(percentile(d.cold_page_ms, 50))}) | ${f.analytics_cold_p95_ms} | ≤ 50: ${verdict(f.analytics_cold_p95_ms <= 50)} |`,
    `| periods_refresh_s | ${d.periods_refresh_s} (the presets 7/30/90/365 days, after the rollup) | |`,
    "",
    `All runs — count(*) s: ${d.count_runs_s.join(", ")}; full rollup s: ${d.full_runs_s.join(", ")}; incremental s: ${d.incremental_runs_s.join(", ")}; ` +
      `page ms: ${d.page_ms.join(", ")}; the first ${COLD_REQUESTS} after the start: ${d.cold_page_ms.join(", ")}; page ms computed from reach_daily: ${d.direct_page_ms.join(", ")}.`,
    "",
    `The rollup wrote ${d.reach_rows.toLocaleString("en")} reach_daily rows; the tenant rows add up to ${d.tenant_clicks_rolled.toLocaleString("en")} clicks, ` +
      `every generated click (checked: the benchmark fails otherwise).`,
  ].join("\n");
}

if (process.argv[2] === "serve") await serveChild();
