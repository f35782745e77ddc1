/**
 * The tracked-link hot path under load: (a) a bare node:http server answering 302, (b) the links
 * process (links.ts, what `npm run links` and fly.toml's links group run) on /s/:code with click
 * recording into the Redis stream, and (c) for comparison the same path in-process in the web server
 * (createAppServer + the production build). Each server runs in its own child process
 * (bench/redirect-server.ts); autocannon drives them from this process, so the server under test has
 * a core to itself and the load generator the other, as it would if they were separate machines
 * (both share the box with Redis and PostgreSQL).
 *
 * After every links and web run the clicks are drained into click_events and counted against what was sent.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import type { ChildMessage } from "~/bench/redirect-server.ts";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { admin, createBenchDatabase, median } from "~/bench/support.ts";

// ── settings ────────────────────────────────────────────────────────────────

const CONNECTIONS = 50;
/**
 * Short runs, many repetitions: this shared machine's speed drifts by up to 2× within one run (see
 * the repetitions table in bench/RESULTS.md), so each server is compared with the bare 302 of its
 * own repetition, less than a minute apart, and the ratios are the medians of those per-repetition
 * ratios. The order rotates each repetition, so no server always runs right after the bare one.
 */
const DURATION_S = Number(process.env.BENCH_DURATION_S) || 5;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS) || 7;
const WARMUP_S = 3;
/**
 * Workers of the clustered links process (LINKS_WORKERS): one per core, as on a machine that runs
 * only links (fly.toml's links group); at least 2. The load generator shares the same cores here.
 */
const CLUSTER_WORKERS = Math.max(2, Number(process.env.BENCH_LINKS_WORKERS) || cpus().length);
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
  kind: Kind;
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
  /** of which in the kernel (socket writes and reads) */
  system_us_per_req: number;
  /** rps / the bare 302's rps in the same repetition */
  ratio_to_baseline?: number;
  /** links and web: clicks the server took on (its own counter), and rows that reached click_events */
  accepted?: number;
  recorded?: number;
}

export interface RedirectFigures {
  /** medians over the repetitions, each server's own (not from one repetition) */
  rps: number;
  baseline_rps: number;
  /** the median of the per-repetition ratios links / bare 302 (the headline; see DURATION_S) */
  ratio: number;
  /** rps / baseline_rps, the estimator before 2026-12-07: comparable with older figures */
  ratio_of_medians: number;
  p99_ms: number;
  lost_clicks: number;
  doubled_clicks: number;
  /** the same path in-process in the web server (the embedded default), for comparison */
  web_rps: number;
  web_ratio: number;
  web_p99_ms: number;
  web_lost_clicks: number;
  web_doubled_clicks: number;
  /** the links process with LINKS_WORKERS=cluster_workers (node:cluster; one per core is its deployment) */
  cluster_workers: number;
  cluster_rps: number;
  cluster_ratio: number;
  cluster_p99_ms: number;
  cluster_lost_clicks: number;
  cluster_doubled_clicks: number;
  /**
   * (e) the bare server sending every header of the links process's 302 (issue 12's security
   * headers): what those headers alone cost, and the links process against it (what the click costs)
   */
  headers_rps: number;
  headers_ratio: number;
  ratio_to_headers: number;
}

export interface BenchmarkOutcome {
  json: RedirectFigures;
  markdown: string;
}

// ── child processes ─────────────────────────────────────────────────────────

type Kind = "baseline" | "headers" | "links" | "cluster" | "web";
/** The bare servers: no click recorded, nothing to drain or count. */
const isBare = (kind: Kind) => kind === "baseline" || kind === "headers";
/**
 * BENCH_REDIRECT_SERVERS=baseline,links measures only those (quicker comparisons while tuning; the
 * figures of a server left out are NaN, so such a run is not one to keep in bench/results.json).
 */
const KINDS: readonly Kind[] = (["baseline", "headers", "links", "cluster", "web"] as const).filter(
  (k) => !process.env.BENCH_REDIRECT_SERVERS || process.env.BENCH_REDIRECT_SERVERS.split(",").includes(k),
);

function startChild(kind: Kind, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL("redirect-server.ts", import.meta.url));
  const child = fork(script, [kind], {
    env,
    execArgv: [
      ...((kind === "links" || kind === "cluster") && process.env.BENCH_LINKS_FLAGS
        ? process.env.BENCH_LINKS_FLAGS.split(" ")
        : []),
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

function rotated<T>(items: readonly T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length]!);
}

function load(url: string, duration: number): Promise<AutocannonResult> {
  return autocannon({ url, connections: CONNECTIONS, duration, headers: { "user-agent": BROWSER_UA } });
}

export async function runRedirectBenchmark(): Promise<BenchmarkOutcome> {
  if (KINDS.includes("web") && !existsSync("build/server/index.js")) {
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
    // Ports 4101–4105 (this benchmark's range).
    const servers = {} as Record<Kind, { child: ChildProcess; url: string }>;
    for (const [kind, port] of [
      ["baseline", 4101],
      ["links", 4102],
      ["web", 4103],
      ["cluster", 4104],
      ["headers", 4105],
    ] as const) {
      if (!KINDS.includes(kind)) continue;
      const env =
        kind === "cluster" ? { ...childEnv(port), LINKS_WORKERS: String(CLUSTER_WORKERS) } : childEnv(port);
      const started = await startChild(kind, env);
      children.push(started.child);
      servers[kind] = { child: started.child, url: `${started.url}/s/${seeded.code}` };
    }

    // Sanity: all answer the same redirect.
    for (const { url: target } of Object.values(servers)) {
      const res = await fetch(target, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
      if (res.status !== 302 || res.headers.get("location") !== seeded.destination)
        throw new Error(`${target} did not redirect to the destination`);
    }
    // (b)–(e) must send exactly the production 302's headers (shortLinkHeaders), (e) above all, or it
    // measures something else. Node adds Date, Connection and Keep-Alive to every answer itself.
    const { shortLinkHeaders } = await import("~/app/modules/tracking/redirect.server.ts");
    const expected = Object.entries({ ...shortLinkHeaders(true).redirectBase, Location: seeded.destination })
      .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
      .sort()
      .join("\n");
    for (const kind of KINDS.filter((k) => k !== "baseline")) {
      const res = await fetch(servers[kind].url, {
        redirect: "manual",
        headers: { "user-agent": BROWSER_UA },
      });
      const sent = [...res.headers]
        .filter(([name]) => !["date", "connection", "keep-alive"].includes(name))
        .map(([name, value]) => `${name}: ${value}`)
        .sort()
        .join("\n");
      if (sent !== expected)
        throw new Error(`${kind} does not send the links process's 302 headers:\n${sent}\n---\n${expected}`);
    }
    console.log(`warm-up ${WARMUP_S} s each (JIT, link cache, salt)`);
    for (const kind of KINDS) await load(servers[kind].url, WARMUP_S);
    for (const kind of KINDS) if (!isBare(kind)) await ask(servers[kind].child, "stats");
    await drainAll();

    const loadBefore = loadavg()[0] ?? 0;
    const runs: RedirectRun[] = [];
    const lost: Record<Kind, number> = { baseline: 0, headers: 0, links: 0, cluster: 0, web: 0 };
    const doubled: Record<Kind, number> = { baseline: 0, headers: 0, links: 0, cluster: 0, web: 0 };
    for (let rep = 1; rep <= REPETITIONS; rep++) {
      // rotated by one server per repetition: no server always runs right after the bare 302
      for (const kind of rotated(KINDS, rep - 1)) {
        const server = servers[kind].child;
        const before = isBare(kind)
          ? undefined
          : { stats: await ask(server, "stats"), clicks: await countClicks() };
        const cpuBefore = before?.stats ?? (await ask(server, "stats"));
        const result = await load(servers[kind].url, DURATION_S);
        const after = await ask(server, "stats");
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
          // includes the flush of the last batch (asked for with the stats): part of the clicks' cost
          cpu_us_per_req:
            Math.round(((after.cpuMicros - cpuBefore.cpuMicros) / Math.max(1, result.requests.total)) * 10) /
            10,
          system_us_per_req:
            Math.round(
              ((after.systemMicros - cpuBefore.systemMicros) / Math.max(1, result.requests.total)) * 10,
            ) / 10,
        };
        if (before) {
          await drainAll();
          const clicks = await countClicks();
          run.accepted = after.accepted - before.stats.accepted;
          run.recorded = clicks.n - before.clicks.n;
          // The server's own count of clicks it took on is exact; autocannon's request count stops
          // at the responses it saw (requests in flight at the end reach the server uncounted).
          lost[kind] += Math.max(0, run.accepted - run.recorded) + Math.max(0, run.responses - run.accepted);
          doubled[kind] += Math.max(0, run.recorded - run.accepted) + (clicks.n - clicks.keys);
          if (after.dropped > before.stats.dropped)
            console.warn(`${kind} dropped ${after.dropped - before.stats.dropped} clicks`);
        }
        runs.push(run);
        console.log(
          `${kind.padEnd(8)} #${rep}: ${run.rps} req/s, p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms, ${run.cpu_us_per_req} µs CPU/req (${run.system_us_per_req} system), ${run.responses} responses` +
            (run.accepted !== undefined ? `, ${run.accepted} clicks taken, ${run.recorded} recorded` : "") +
            `, load ${(loadavg()[0] ?? 0).toFixed(1)}`,
        );
      }
    }
    const streamLeft = await clickRedis(REDIS_URL).xlen(clickConfig().streamKey);

    const of = (kind: Kind) => runs.filter((r) => r.kind === kind);
    for (const run of runs) {
      const bare = runs.find((r) => r.kind === "baseline" && r.repetition === run.repetition);
      if (bare) run.ratio_to_baseline = Math.round((run.rps / bare.rps) * 100) / 100;
    }
    /** the median of a server's per-repetition ratios to the bare 302 (see DURATION_S) */
    const ratioOf = (kind: Kind) =>
      Math.round(median(of(kind).map((r) => r.ratio_to_baseline ?? Number.NaN)) * 100) / 100;
    const rps = median(of("links").map((r) => r.rps));
    const baselineRps = median(of("baseline").map((r) => r.rps));
    const webRps = median(of("web").map((r) => r.rps));
    const clusterRps = median(of("cluster").map((r) => r.rps));
    const headersRps = median(of("headers").map((r) => r.rps));
    const figures: RedirectFigures = {
      rps,
      baseline_rps: baselineRps,
      ratio: ratioOf("links"),
      ratio_of_medians: Math.round((rps / baselineRps) * 100) / 100,
      p99_ms: median(of("links").map((r) => r.p99_ms)),
      lost_clicks: lost.links,
      doubled_clicks: doubled.links,
      web_rps: webRps,
      web_ratio: ratioOf("web"),
      web_p99_ms: median(of("web").map((r) => r.p99_ms)),
      web_lost_clicks: lost.web,
      web_doubled_clicks: doubled.web,
      cluster_workers: CLUSTER_WORKERS,
      cluster_rps: clusterRps,
      cluster_ratio: ratioOf("cluster"),
      cluster_p99_ms: median(of("cluster").map((r) => r.p99_ms)),
      cluster_lost_clicks: lost.cluster,
      cluster_doubled_clicks: doubled.cluster,
      headers_rps: headersRps,
      headers_ratio: ratioOf("headers"),
      ratio_to_headers:
        Math.round(
          median(
            of("links").map((r) => {
              const bare = runs.find((h) => h.kind === "headers" && h.repetition === r.repetition);
              return bare ? r.rps / bare.rps : Number.NaN;
            }),
          ) * 100,
        ) / 100,
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
  const cpuOf = (kind: Kind) => median(runs.filter((r) => r.kind === kind).map((r) => r.cpu_us_per_req));
  const cpuBase = cpuOf("baseline");
  const cpuLinks = cpuOf("links");
  const cpuWeb = cpuOf("web");
  const cpuCluster = cpuOf("cluster");
  const cpuHeaders = cpuOf("headers");
  const spread = (kind: Kind) => {
    const ratios = runs.flatMap((r) => (r.kind === kind && r.ratio_to_baseline ? [r.ratio_to_baseline] : []));
    return ratios.length > 0 ? `${Math.min(...ratios)}–${Math.max(...ratios)}` : "none";
  };
  // bare CPU / links CPU, per repetition like the ratios, then the median
  const cpuRatio =
    Math.round(
      median(
        runs.flatMap((r) => {
          const bare = runs.find((b) => b.kind === "baseline" && b.repetition === r.repetition);
          return r.kind === "links" && bare ? [bare.cpu_us_per_req / r.cpu_us_per_req] : [];
        }),
      ) * 100,
    ) / 100;
  const lines = [
    "## redirect",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, Redis and PostgreSQL on the same machine. ` +
      `1-minute load average ${extra.load[0].toFixed(1)} before the measured runs, ${extra.load[1].toFixed(1)} after ` +
      `(the machine is shared: other work running at the same time lowers every server's figures alike, and widens the tails).`,
    "",
    `Method: \`npm run bench -- redirect\`. Five servers, each in its own child process (bench/redirect-server.ts): (a) a bare node:http ` +
      `server answering 302, (b) the links process (links.ts: \`npm run links\`, fly.toml's links group), (c) the same path in-process in ` +
      `the web server (createAppServer with the production build, the embedded default), (d) the links process with ` +
      `LINKS_WORKERS=${f.cluster_workers} (node:cluster, one worker per core; the workers' CPU and the primary's are summed), (e) the bare server of (a) sending every header ` +
      `the links process's 302 carries (the security headers issue 12 requires on every response). Before the load, (b)–(e) are checked to send exactly the headers of production's 302 (\`shortLinkHeaders\`; Date, Connection and Keep-Alive, which Node adds, aside). (b)–(d) run with NODE_ENV=production, ` +
      `REDIS_URL set, a fresh migrated PostgreSQL database and one seeded share, loaded on \`/s/:code\` with a browser user agent ` +
      `(every request is a click). autocannon runs in the parent process: ${CONNECTIONS} connections, ${DURATION_S} s, ${REPETITIONS} ` +
      `repetitions, in the order a, e, b, d, c rotated by one server each repetition (so no server always follows the bare one), after a ${WARMUP_S} s warm-up of each; the rps figures are each server's median over its repetitions; a ratio is the median over the repetitions of the server's rps / the bare 302's rps ` +
      `in the same repetition (the machine's speed drifts between repetitions, see the table; ratio_of_medians in results.json is the estimator used before 2026-12-07, ${f.ratio_of_medians} here); the headline figures are the links process's. CLICK_RATE_LIMIT_PER_MINUTE=${BENCH_RATE_LIMIT} ` +
      `(all load comes from one IP; the limiter still runs on every click). The drain job does not run during the load (in production ` +
      `it runs in the worker process); after each links or web run the server flushes and the stream is drained into click_events, then ` +
      `counted: lost = clicks the server took on (its own counter) or autocannon saw answered but missing from click_events; ` +
      `doubled = rows beyond that count or repeated event keys.`,
    "",
    "| figure | value | target |",
    "| --- | --- | --- |",
    `| rps (links process, /s/:code) | ${f.rps} | |`,
    `| baseline_rps (bare 302) | ${f.baseline_rps} | |`,
    `| ratio | ${f.ratio} (repetitions ${spread("links")}) | ≥ 0.7 (aim 0.85): ${verdict(f.ratio >= 0.7)} |`,
    `| p99_ms | ${f.p99_ms} | ≤ 10: ${verdict(f.p99_ms <= 10)} |`,
    `| lost_clicks | ${f.lost_clicks} | 0: ${verdict(f.lost_clicks === 0)} |`,
    `| doubled_clicks | ${f.doubled_clicks} | 0: ${verdict(f.doubled_clicks === 0)} |`,
    `| web_rps (in-process in the web server) | ${f.web_rps} | |`,
    `| web_ratio | ${f.web_ratio} | |`,
    `| web_p99_ms | ${f.web_p99_ms} | |`,
    `| web lost / doubled clicks | ${f.web_lost_clicks} / ${f.web_doubled_clicks} | 0 / 0 |`,
    `| cluster_rps (links, ${f.cluster_workers} workers) | ${f.cluster_rps} | |`,
    `| cluster_ratio | ${f.cluster_ratio} | |`,
    `| cluster_p99_ms | ${f.cluster_p99_ms} | |`,
    `| cluster lost / doubled clicks | ${f.cluster_lost_clicks} / ${f.cluster_doubled_clicks} | 0 / 0 |`,
    `| headers_rps (bare 302 with the links headers) | ${f.headers_rps} | |`,
    `| headers_ratio (its headers alone, against the bare 302) | ${f.headers_ratio} | |`,
    `| ratio_to_headers (links process against it: the click and the lookup) | ${f.ratio_to_headers} | |`,
    "",
    `Server CPU per request (median, the flush of the last click batch included; not in results.json): bare 302 ${cpuBase} µs, bare 302 with the links headers ${cpuHeaders} µs, ` +
      `links process ${cpuLinks} µs, web server ${cpuWeb} µs, links with ${f.cluster_workers} workers ${cpuCluster} µs, so on an otherwise idle core the links process would keep about (median of the per-repetition CPU ratios) ` +
      `${cpuRatio}× of the bare server's throughput (Redis's own CPU for the XADDs, about one per 10 ms batch, is not included).`,
    "",
    "All repetitions:",
    "",
    "| server | # | req/s | ratio to (a) in its repetition | p50 ms | p99 ms | max ms | CPU µs/req | of it system | responses | requests sent | non-302 | errors | clicks taken | in click_events |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...runs.map(
      (r) =>
        `| ${r.kind} | ${r.repetition} | ${r.rps} | ${r.ratio_to_baseline ?? ""} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.cpu_us_per_req} | ${r.system_us_per_req} | ${r.responses} | ${r.sent} | ${r.non302} | ${r.errors} | ${r.accepted ?? ""} | ${r.recorded ?? ""} |`,
    ),
    "",
    `Stream entries left after the final drain: ${extra.streamLeft}.${extra.anyFailures ? " **Some responses were not 302 or failed: see the table.**" : " Every response was a 302."}`,
    "",
  ];
  return lines.join("\n");
}
