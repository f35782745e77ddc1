/**
 * The tracked-link hot path under load: (a) a bare node:http server answering 302, (b) Chorus's
 * real server (createAppServer + the production build) on /s/:code with click recording into the
 * Redis stream. Each server runs in its own child process; autocannon drives them from this
 * process, so the server under test has a core to itself and the load generator the other, as it
 * would if they were separate machines (both share the box with Redis and PostgreSQL).
 *
 * After every Chorus run the clicks are drained into click_events and counted against what was sent.
 *
 * Child mode: `node --import tsx bench/redirect.ts serve baseline|chorus` (spawned by the benchmark).
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import { admin, createBenchDatabase, median } from "~/bench/support.ts";

// ── settings ────────────────────────────────────────────────────────────────

const CONNECTIONS = 50;
const DURATION_S = 10;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS) || 3;
const WARMUP_S = 3;
/** The per-IP click limit would stop recording from the single load generator after 60 clicks. */
const BENCH_RATE_LIMIT = 1_000_000_000;
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

// autocannon ships no types; the slice we use:
interface AutocannonResult {
  requests: { average: number; total: number; sent: number };
  latency: { average: number; p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "3xx": number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface RedirectRun {
  kind: "baseline" | "chorus";
  repetition: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  responses: number;
  sent: number;
  non302: number;
  errors: number;
  /** CPU time (user + system) of the server process per answered request: independent of other load on the machine */
  cpu_us_per_req: number;
  /** chorus only: clicks the server took on (its own counter), and rows that reached click_events */
  accepted?: number;
  recorded?: number;
}

export interface RedirectFigures {
  rps: number;
  baseline_rps: number;
  ratio: number;
  p99_ms: number;
  lost_clicks: number;
  doubled_clicks: number;
}

export interface BenchmarkOutcome {
  json: RedirectFigures;
  markdown: string;
}

// ── child processes ─────────────────────────────────────────────────────────

type ChildMessage =
  { type: "ready"; port: number } | { type: "stats"; accepted: number; dropped: number; cpuMicros: number };

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function serveChild(kind: string): Promise<void> {
  const port = Number(process.env.PORT);
  const send = (m: ChildMessage) => process.send?.(m);
  if (kind === "baseline") {
    const location = process.env.BENCH_DESTINATION ?? "https://www.example.com/";
    const server = createServer((_req, res) => {
      res
        .writeHead(302, { Location: location, "Cache-Control": "private, no-store", "Content-Length": "0" })
        .end();
    });
    server.listen(port, "127.0.0.1", () => send({ type: "ready", port }));
    process.on("message", (m: { type: string }) => {
      if (m.type === "stats") send({ type: "stats", accepted: 0, dropped: 0, cpuMicros: cpuMicros() });
      if (m.type === "stop") server.close(() => process.exit(0));
    });
    return;
  }
  const { createAppServer, loadProductionBuild } = await import("~/server.ts");
  const { flushClicks, clickHandOffStats } = await import("~/app/modules/tracking/record-click.server.ts");
  const { closeDatabase } = await import("~/db/client.ts");
  const { closeClickRedis } = await import("~/app/modules/tracking/click-redis.server.ts");
  const server = createAppServer({ build: await loadProductionBuild() });
  server.listen(port, "127.0.0.1", () => send({ type: "ready", port }));
  process.on("message", (m: { type: string }) => {
    if (m.type === "stats") {
      void flushClicks().then(() => {
        const s = clickHandOffStats();
        send({ type: "stats", accepted: s.accepted, dropped: s.dropped, cpuMicros: cpuMicros() });
      });
    }
    if (m.type === "stop") {
      server.close();
      void flushClicks()
        .then(() => Promise.allSettled([closeClickRedis(), closeDatabase()]))
        .then(() => process.exit(0));
    }
  });
}

function startChild(
  kind: "baseline" | "chorus",
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(import.meta.url);
  const child = fork(script, ["serve", kind], {
    env,
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} server exited early (code ${code})`)));
    child.on("message", (m: ChildMessage) => {
      if (m.type === "ready") resolve({ child, url: `http://127.0.0.1:${m.port}` });
    });
  });
}

function ask(child: ChildProcess, type: "stats"): Promise<Extract<ChildMessage, { type: "stats" }>> {
  return new Promise((resolve) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type === type) {
        child.off("message", onMessage);
        resolve(m);
      }
    };
    child.on("message", onMessage);
    child.send({ type });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.send({ type: "stop" });
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

// ── the benchmark ───────────────────────────────────────────────────────────

function load(url: string, duration: number): Promise<AutocannonResult> {
  return autocannon({ url, connections: CONNECTIONS, duration, headers: { "user-agent": BROWSER_UA } });
}

export async function runRedirectBenchmark(): Promise<BenchmarkOutcome> {
  if (!existsSync("build/server/index.js")) {
    console.log("build/ is missing: running react-router build");
    const built = spawnSync("npx", ["react-router", "build"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("react-router build failed");
  }
  const id = randomBytes(4).toString("hex");
  const dbName = `chorus_bench_${id}`;
  const prefix = `chorus-bench-${id}`;
  const url = await createBenchDatabase(dbName);
  // This process drains and counts, with the same settings as the server it measures.
  Object.assign(process.env, {
    DATABASE_URL: url,
    DATABASE_OWNER_URL: url,
    REDIS_URL: REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "warn",
  });
  delete process.env.PGLITE_DIR;
  const { database, closeDatabase } = await import("~/db/client.ts");
  const { withTenant } = await import("~/db/tenant.ts");
  const { drainClicks } = await import("~/app/modules/tracking/drain-clicks.server.ts");
  const { closeClickRedis, clickRedis } = await import("~/app/modules/tracking/click-redis.server.ts");
  const { clickConfig } = await import("~/app/modules/tracking/config.server.ts");
  const { logger } = await import("~/runtime/logger.server.ts");
  logger.level = "warn";

  const children: ChildProcess[] = [];
  try {
    const { db } = await database();
    const seeded = await seed(db, withTenant);
    const countClicks = async () =>
      withTenant(db, seeded.tenantId, async (tx) => {
        const row = await tx
          .selectFrom("click_events")
          .select([
            sql<number>`count(*)::int`.as("n"),
            sql<number>`count(distinct event_key)::int`.as("keys"),
          ])
          .where("share_id", "=", seeded.shareId)
          .executeTakeFirstOrThrow();
        return row;
      });
    const drainAll = async () => {
      for (;;) {
        const r = await drainClicks({ maxBatches: 1_000 });
        if (r.read === 0) return;
      }
    };

    // Production refuses to log in as the owner: the servers connect through a member-only login.
    const login = await productionDatabaseEnv(url);
    const childEnv = (port: number): NodeJS.ProcessEnv => ({
      ...process.env,
      ...login,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      CLICK_RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT),
      BENCH_DESTINATION: seeded.destination,
    });
    const baseline = await startChild("baseline", childEnv(4701));
    children.push(baseline.child);
    const chorus = await startChild("chorus", childEnv(4702));
    children.push(chorus.child);
    const baselineUrl = `${baseline.url}/s/${seeded.code}`;
    const chorusUrl = `${chorus.url}/s/${seeded.code}`;

    // Sanity: both answer the same redirect.
    for (const target of [baselineUrl, chorusUrl]) {
      const res = await fetch(target, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
      if (res.status !== 302 || res.headers.get("location") !== seeded.destination)
        throw new Error(`${target} did not redirect to the destination`);
    }
    console.log(`warm-up ${WARMUP_S} s each (JIT, link cache, salt)`);
    await load(baselineUrl, WARMUP_S);
    await load(chorusUrl, WARMUP_S);
    await ask(chorus.child, "stats");
    await drainAll();

    const loadBefore = loadavg()[0] ?? 0;
    const runs: RedirectRun[] = [];
    let lost = 0;
    let doubled = 0;
    for (let rep = 1; rep <= REPETITIONS; rep++) {
      for (const kind of ["baseline", "chorus"] as const) {
        const server = kind === "baseline" ? baseline.child : chorus.child;
        const cpuBefore = (await ask(server, "stats")).cpuMicros;
        const before =
          kind === "chorus"
            ? { stats: await ask(chorus.child, "stats"), clicks: await countClicks() }
            : undefined;
        const result = await load(kind === "baseline" ? baselineUrl : chorusUrl, DURATION_S);
        const cpuAfter = (await ask(server, "stats")).cpuMicros;
        const run: RedirectRun = {
          kind,
          repetition: rep,
          rps: Math.round(result.requests.average),
          p50_ms: result.latency.p50,
          p99_ms: result.latency.p99,
          max_ms: result.latency.max,
          responses: result.requests.total,
          sent: result.requests.sent,
          non302: result.requests.total - result["3xx"],
          errors: result.errors + result.timeouts,
          cpu_us_per_req: Math.round(((cpuAfter - cpuBefore) / Math.max(1, result.requests.total)) * 10) / 10,
        };
        if (before) {
          const after = await ask(chorus.child, "stats");
          await drainAll();
          const clicks = await countClicks();
          run.accepted = after.accepted - before.stats.accepted;
          run.recorded = clicks.n - before.clicks.n;
          // The server's own count of clicks it took on is exact; autocannon's request count stops
          // at the responses it saw (requests in flight at the end reach the server uncounted).
          lost += Math.max(0, run.accepted - run.recorded) + Math.max(0, run.responses - run.accepted);
          doubled += Math.max(0, run.recorded - run.accepted) + (clicks.n - clicks.keys);
          if (after.dropped > before.stats.dropped)
            console.warn(`chorus dropped ${after.dropped - before.stats.dropped} clicks`);
        }
        runs.push(run);
        console.log(
          `${kind.padEnd(8)} #${rep}: ${run.rps} req/s, p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms, ${run.cpu_us_per_req} µs CPU/req, ${run.responses} responses` +
            (run.accepted !== undefined ? `, ${run.accepted} clicks taken, ${run.recorded} recorded` : ""),
        );
      }
    }
    const streamLeft = await clickRedis(REDIS_URL).xlen(clickConfig().streamKey);

    const chorusRuns = runs.filter((r) => r.kind === "chorus");
    const baselineRuns = runs.filter((r) => r.kind === "baseline");
    const rps = median(chorusRuns.map((r) => r.rps));
    const baselineRps = median(baselineRuns.map((r) => r.rps));
    const figures: RedirectFigures = {
      rps,
      baseline_rps: baselineRps,
      ratio: Math.round((rps / baselineRps) * 100) / 100,
      p99_ms: median(chorusRuns.map((r) => r.p99_ms)),
      lost_clicks: lost,
      doubled_clicks: doubled,
    };
    const anyFailures = runs.some((r) => r.non302 > 0 || r.errors > 0);
    return {
      json: figures,
      markdown: markdown(figures, runs, { streamLeft, anyFailures, load: [loadBefore, loadavg()[0] ?? 0] }),
    };
  } finally {
    await Promise.all(children.map(stopChild));
    // Cleanup must not hide the error that brought us here (e.g. a child that refused to start).
    try {
      const keys = await clickRedis(REDIS_URL).keys(`${prefix}:*`);
      if (keys.length > 0) await clickRedis(REDIS_URL).del(...keys);
    } catch (err) {
      console.warn(`bench keys under ${prefix}: not removed (${(err as Error).message})`);
    }
    await closeClickRedis();
    await closeDatabase();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

type WithTenant = (typeof import("~/db/tenant.ts"))["withTenant"];
type DB = import("~/db/client.ts").DB;

/** One tenant, a sharer, a published link post, a share and its link code. */
async function seed(db: DB, withTenant: WithTenant) {
  const tenant = await db
    .insertInto("tenants")
    .values({ slug: "bench", name: "Bench GmbH" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ email: "sharer@bench.example", name: "Sharer", locale: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const code = "BenchLink01";
  const slug = "bench-post";
  const destination = `https://www.example.com/blog/${slug}?utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=${slug}`;
  const shareId = await withTenant(db, tenant.id, async (tx) => {
    const membership = await tx
      .insertInto("memberships")
      .values({
        tenant_id: tenant.id,
        user_id: user.id,
        roles: ["employee"],
        team_id: null,
        manager_id: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { rows: posts } = await sql<{ id: string }>`
      insert into posts (tenant_id, slug, kind, title, url, status)
      values (${tenant.id}, ${slug}, 'link', 'Bench post', 'https://www.example.com/blog/bench-post', 'published') returning id`.execute(
      tx,
    );
    const { rows: shares } = await sql<{ id: string }>`
      insert into shares (tenant_id, post_id, membership_id, network, text, channel, code)
      values (${tenant.id}, ${posts[0]!.id}, ${membership.id}, 'linkedin', 'Bench', 'intent', ${code}) returning id`.execute(
      tx,
    );
    // link_codes has RLS (0015): its row is written inside the tenant, like createShare does
    await tx
      .insertInto("link_codes")
      .values({ code, tenant_id: tenant.id, share_id: shares[0]!.id, sharer_user_id: user.id, destination })
      .execute();
    return shares[0]!.id;
  });
  return { tenantId: tenant.id, shareId, code, destination };
}

function markdown(
  f: RedirectFigures,
  runs: RedirectRun[],
  extra: { streamLeft: number; anyFailures: boolean; load: [number, number] },
): string {
  const cpu = cpus();
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const cpuBase = median(runs.filter((r) => r.kind === "baseline").map((r) => r.cpu_us_per_req));
  const cpuChorus = median(runs.filter((r) => r.kind === "chorus").map((r) => r.cpu_us_per_req));
  const cpuRatio = Math.round((cpuBase / cpuChorus) * 100) / 100;
  const lines = [
    "## redirect",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, Redis and PostgreSQL on the same machine. ` +
      `1-minute load average ${extra.load[0].toFixed(1)} before the measured runs, ${extra.load[1].toFixed(1)} after ` +
      `(the machine is shared: other work running at the same time lowers both servers' figures alike, and widens the tails).`,
    "",
    `Method: \`npm run bench -- redirect\`. Two servers, each in its own child process: (a) a bare node:http server answering 302, ` +
      `(b) Chorus's createAppServer with the production build, NODE_ENV=production, REDIS_URL set, a fresh migrated PostgreSQL database ` +
      `and one seeded share, loaded on \`/s/:code\` with a browser user agent (every request is a click). autocannon runs in the parent ` +
      `process: ${CONNECTIONS} connections, ${DURATION_S} s, ${REPETITIONS} repetitions alternating a/b after a ${WARMUP_S} s warm-up of each; ` +
      `figures are medians (ratio = median rps / median baseline rps). CLICK_RATE_LIMIT_PER_MINUTE=${BENCH_RATE_LIMIT} ` +
      `(all load comes from one IP; the limiter still runs on every click). The drain job does not run during the load (in production ` +
      `it runs in the worker process); after each Chorus run the server flushes and the stream is drained into click_events, then ` +
      `counted: lost = clicks the server took on (its own counter) or autocannon saw answered but missing from click_events; ` +
      `doubled = rows beyond that count or repeated event keys.`,
    "",
    "| figure | value | target |",
    "| --- | --- | --- |",
    `| rps (Chorus /s/:code) | ${f.rps} | |`,
    `| baseline_rps (bare 302) | ${f.baseline_rps} | |`,
    `| ratio | ${f.ratio} | ≥ 0.5 (aim 0.7): ${verdict(f.ratio >= 0.5)} |`,
    `| p99_ms | ${f.p99_ms} | < 20: ${verdict(f.p99_ms < 20)} |`,
    `| lost_clicks | ${f.lost_clicks} | 0: ${verdict(f.lost_clicks === 0)} |`,
    `| doubled_clicks | ${f.doubled_clicks} | 0: ${verdict(f.doubled_clicks === 0)} |`,
    "",
    `Server CPU per request (median; not in results.json): bare 302 ${cpuBase} µs, Chorus ${cpuChorus} µs, so on an otherwise idle core ` +
      `Chorus would keep about ${cpuRatio}× of the bare server's throughput (Redis's own CPU for the XADDs, about one per 2 ms batch, is not included).`,
    "",
    "All repetitions:",
    "",
    "| server | # | req/s | p50 ms | p99 ms | max ms | CPU µs/req | responses | requests sent | non-302 | errors | clicks taken | in click_events |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...runs.map(
      (r) =>
        `| ${r.kind} | ${r.repetition} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.cpu_us_per_req} | ${r.responses} | ${r.sent} | ${r.non302} | ${r.errors} | ${r.accepted ?? ""} | ${r.recorded ?? ""} |`,
    ),
    "",
    `Stream entries left after the final drain: ${extra.streamLeft}.${extra.anyFailures ? " **Some responses were not 302 or failed: see the table.**" : " Every response was a 302."}`,
    "",
  ];
  return lines.join("\n");
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === "serve"
) {
  await serveChild(process.argv[3] ?? "");
}
