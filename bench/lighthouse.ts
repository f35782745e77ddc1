/**
 * Lighthouse (pinned 12.2.3) at its default mobile settings (Moto G Power emulation, simulated slow 4G
 * and 4× CPU throttling) against a production server of our own: `npm run build`, then server.ts via
 * startApp (migrate, seed the demo tenant) on a fresh PostgreSQL database, NODE_ENV=production.
 * Debian's Chromium (/usr/bin/chromium, CHROME_PATH to override), headless, one browser per run.
 *
 * Pages: sign-in (signed out), the employee's home, the hub and a share page (as
 * mitarbeiterin@demo.chorus.test), analytics (as kommunikation@demo.chorus.test, a comms lead);
 * signed in with a session made directly in the database and its cookie sent as an extra header.
 * Each page LIGHTHOUSE_RUNS times (default 3); the medians are reported, and for the last run the
 * audits that cost points (a11y and best practices below 1, performance opportunities).
 *
 *   npm run bench -- lighthouse          (LIGHTHOUSE_SKIP_BUILD=1: use the existing build/)
 *
 * Child mode: `node --import tsx bench/lighthouse.ts serve` (spawned by the benchmark).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import {
  createBenchDatabase,
  dropBenchDatabase,
  loadAverage,
  machineDescription,
  median,
} from "~/bench/support.ts";
import { freePort, productionDatabaseEnv } from "~/tests/support/production-server.ts";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS) || 3;
const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const EMPLOYEE = "mitarbeiterin@demo.chorus.test";
const COMMS_LEAD = "kommunikation@demo.chorus.test";

interface Page {
  name: string;
  path: string;
  as?: string;
}

export interface PageFigures {
  page: string;
  path: string;
  performance: number;
  accessibility: number;
  best_practices: number;
  lcp_ms: number;
  tbt_ms: number;
  cls: number;
  fcp_ms: number;
  /** bytes over the wire (total-byte-weight) */
  transferred_bytes: number;
  /** the same resources uncompressed (network-requests' resourceSize) */
  resource_bytes: number;
  /** transferred / resource: 1.0 is nothing compressed */
  compression_ratio: number;
  runs: number;
  /** the last run's audits that cost points, "audit-id (score, what)" */
  issues: string[];
}

// ── child: the app ──────────────────────────────────────────────────────────

async function serveChild(): Promise<void> {
  const { startApp } = await import("~/scripts/start-server.ts");
  await startApp();
}

async function startServer(env: NodeJS.ProcessEnv, base: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "serve"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the app exited while starting (code ${exited})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  child.kill("SIGKILL");
  throw new Error("the app did not start within 3 minutes");
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
  });
}

// ── lighthouse ──────────────────────────────────────────────────────────────

interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  numericValue?: number;
  displayValue?: string;
  details?: { type?: string; items?: Record<string, unknown>[]; overallSavingsMs?: number };
  metricSavings?: Record<string, number>;
}
interface Lhr {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, Audit>;
  runtimeError?: { code: string; message: string };
  runWarnings: string[];
}

async function lighthouseRun(url: string, cookie: string | undefined): Promise<Lhr> {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
    logLevel: "error",
  });
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        logLevel: "error",
        output: "json",
        onlyCategories: [...CATEGORIES],
        ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
      },
      // the default config: mobile form factor, simulated throttling
    );
    if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
    const lhr = result.lhr as unknown as Lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return lhr;
  } finally {
    await chrome.kill();
  }
}

const score = (lhr: Lhr, category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100);

/** Bytes over the wire and as resources, from the network-requests audit (every request of the page). */
function bytes(lhr: Lhr): { transferred: number; resource: number } {
  const items = (lhr.audits["network-requests"]?.details?.items ?? []) as {
    transferSize?: number;
    resourceSize?: number;
  }[];
  return {
    transferred: items.reduce((sum, i) => sum + (i.transferSize ?? 0), 0),
    resource: items.reduce((sum, i) => sum + (i.resourceSize ?? 0), 0),
  };
}

/** Audits that cost points: a11y and best-practice failures, performance opportunities worth ≥ 100 ms or ≥ 10 KiB. */
function issues(lhr: Lhr): string[] {
  const found: string[] = [];
  for (const category of ["accessibility", "best-practices"]) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      // what exactly: the console's messages, the Issues panel's kinds, the elements that fail
      const what = (audit.details?.items ?? [])
        .slice(0, 3)
        .map((item) => {
          const i = item as { description?: string; issueType?: string; node?: { snippet?: string } };
          return (i.description ?? i.issueType ?? i.node?.snippet ?? "").slice(0, 160);
        })
        .filter(Boolean);
      found.push(`${category}: ${audit.id} (${audit.title}${what.length ? `: ${what.join(" | ")}` : ""})`);
    }
  }
  for (const audit of Object.values(lhr.audits)) {
    const savings = audit.metricSavings ?? {};
    const ms = Math.max(savings.LCP ?? 0, savings.FCP ?? 0, savings.TBT ?? 0);
    const wasted = (audit.details as { overallSavingsBytes?: number } | undefined)?.overallSavingsBytes ?? 0;
    if (audit.score !== null && audit.score < 0.9 && (ms >= 100 || wasted >= 10 * 1024))
      found.push(
        `performance: ${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ""}` +
          (ms ? `, ~${Math.round(ms)} ms` : "") +
          (wasted ? `, ${Math.round(wasted / 1024)} KiB` : ""),
      );
  }
  const lcpElement = lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0] as
    { items?: { node?: { snippet?: string } }[] } | undefined;
  const snippet = lcpElement?.items?.[0]?.node?.snippet;
  if (snippet) found.push(`LCP element: ${snippet.slice(0, 120)}`);
  return found;
}

// ── the benchmark ───────────────────────────────────────────────────────────

export async function runLighthouseBenchmark(): Promise<{ json: unknown; markdown: string }> {
  const started = Date.now();
  if (!process.env.LIGHTHOUSE_SKIP_BUILD) {
    console.log("npm run build");
    const built = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("npm run build failed");
  }
  const id = randomBytes(4).toString("hex");
  const dbName = `chorus_bench_lh_${id}`;
  const url = await createBenchDatabase(dbName);
  const mailDir = mkdtempSync(join(tmpdir(), "chorus-lighthouse-mail-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    const login = await productionDatabaseEnv(url);
    const env: NodeJS.ProcessEnv = { ...process.env, ...login };
    Object.assign(env, {
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: base,
      LOG_LEVEL: "warn",
      MAIL_DIR: mailDir,
    });
    // in-process jobs, the embedded database and real mail are not what we measure
    for (const name of ["REDIS_URL", "PGLITE_DIR", "RESEND_API_KEY", "STRIPE_SECRET_KEY", "METRICS_PORT"])
      delete env[name];
    console.log(`starting the app at ${base} (database ${dbName})`);
    server = await startServer(env, base);

    // Sessions and the post to share, straight from the database the app just seeded.
    Object.assign(process.env, { DATABASE_URL: url, DATABASE_OWNER_URL: url, NODE_ENV: "production" });
    delete process.env.PGLITE_DIR;
    const { openDatabase } = await import("~/db/client.ts");
    const { createSession } = await import("~/app/modules/auth/session.server.ts");
    const { sessionCookieName } = await import("~/app/modules/auth/cookie.server.ts");
    const handle = await openDatabase({ url });
    const cookies = new Map<string, string>();
    let postId: string;
    try {
      for (const email of [EMPLOYEE, COMMS_LEAD]) {
        const { rows } = await sql<{ id: string }>`select id from users where email = ${email}`.execute(
          handle.owner,
        );
        if (!rows[0]) throw new Error(`${email} is not in the seeded database`);
        const { token } = await createSession(handle.db, rows[0].id);
        cookies.set(email, `${sessionCookieName(true)}=${encodeURIComponent(token)}`);
      }
      const { rows: posts } = await sql<{ id: string }>`
        select p.id from posts p join tenants t on t.id = p.tenant_id
        where t.slug = 'demo' and p.status = 'published' order by p.published_at desc limit 1`.execute(
        handle.owner,
      );
      const post = posts[0];
      if (!post) throw new Error("the demo tenant has no published post");
      postId = post.id;
    } finally {
      await handle.close();
    }

    const pages: Page[] = [
      { name: "sign-in", path: "/login" },
      { name: "employee home", path: "/t/demo", as: EMPLOYEE },
      { name: "hub", path: "/t/demo/hub", as: EMPLOYEE },
      { name: "share", path: `/t/demo/hub/${postId}/share`, as: EMPLOYEE },
      { name: "analytics", path: "/t/demo/analytics", as: COMMS_LEAD },
    ];
    // A first look at every page so that the first measured run does not pay for cold caches (JIT, queries).
    for (const page of pages) {
      const res = await fetch(base + page.path, {
        headers: page.as ? { Cookie: cookies.get(page.as)! } : {},
        redirect: "manual",
      });
      await res.arrayBuffer();
      if (res.status !== 200)
        throw new Error(`${page.path}: ${res.status} ${res.headers.get("location") ?? ""} (expected 200)`);
    }

    const figures: PageFigures[] = [];
    for (const page of pages) {
      const runs: Lhr[] = [];
      for (let i = 0, failures = 0; i < RUNS; i++) {
        let lhr: Lhr;
        try {
          lhr = await lighthouseRun(base + page.path, page.as ? cookies.get(page.as) : undefined);
        } catch (error) {
          // a trace Lighthouse could not read (NO_NAVSTART, NO_FCP on a busy machine): once more, twice at most
          if (++failures > 2) throw error;
          console.log(`${page.name}: ${(error as Error).message}; running again`);
          i--;
          continue;
        }
        runs.push(lhr);
        console.log(
          `${page.name} run ${i + 1}/${RUNS}: ` +
            CATEGORIES.map((c) => `${c} ${score(lhr, c)}`).join(", ") +
            `, LCP ${Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0)} ms`,
        );
      }
      const med = (f: (l: Lhr) => number) => median(runs.map(f));
      const transferred = med((l) => bytes(l).transferred);
      const resource = med((l) => bytes(l).resource);
      figures.push({
        page: page.name,
        path: page.path.replace(postId, ":postId"),
        performance: med((l) => score(l, "performance")),
        accessibility: med((l) => score(l, "accessibility")),
        best_practices: med((l) => score(l, "best-practices")),
        lcp_ms: Math.round(med((l) => l.audits["largest-contentful-paint"]?.numericValue ?? 0)),
        tbt_ms: Math.round(med((l) => l.audits["total-blocking-time"]?.numericValue ?? 0)),
        cls: Math.round(med((l) => l.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
        fcp_ms: Math.round(med((l) => l.audits["first-contentful-paint"]?.numericValue ?? 0)),
        transferred_bytes: transferred,
        resource_bytes: resource,
        compression_ratio: resource ? Math.round((transferred / resource) * 100) / 100 : 1,
        runs: RUNS,
        issues: issues(runs[runs.length - 1]!),
      });
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    return {
      json: { pages: figures, seconds, machine: machineDescription() },
      markdown: markdown(figures, seconds),
    };
  } finally {
    if (server) await stopServer(server);
    await dropBenchDatabase(dbName).catch(() => undefined);
    rmSync(mailDir, { recursive: true, force: true });
  }
}

const kib = (n: number) => `${Math.round(n / 1024)} KiB`;

function markdown(pages: PageFigures[], seconds: number): string {
  const rows = pages.map(
    (p) =>
      `| ${p.page} | ${p.performance} | ${p.accessibility} | ${p.best_practices} | ${(p.lcp_ms / 1000).toFixed(1)} s | ${p.tbt_ms} ms | ${p.cls} | ${kib(p.transferred_bytes)} | ${kib(p.resource_bytes)} | ${p.compression_ratio} |`,
  );
  const notes = pages.flatMap((p) => (p.issues.length ? [`- **${p.page}**: ${p.issues.join("; ")}`] : []));
  return [
    "## lighthouse",
    "",
    `Lighthouse 12.2.3, default mobile settings (simulated throttling), Debian Chromium headless, against a`,
    `production build on a fresh database with the demo tenant; median of ${pages[0]?.runs ?? RUNS} run(s) per page (\`npm run bench -- lighthouse\`, LIGHTHOUSE_RUNS).`,
    `Targets: performance ≥ 90, accessibility 100, best practices 100. Machine: ${machineDescription()},`,
    `load average ${loadAverage()} when it finished; the whole benchmark took ${seconds} s.`,
    `"Resources" is what the page loads uncompressed, "transferred" what went over the wire (the ratio: 1.0 = nothing compressed).`,
    "",
    "| page | performance | accessibility | best practices | LCP | TBT | CLS | transferred | resources | ratio |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    ...(notes.length ? ["What cost points (last run of each page):", "", ...notes, ""] : []),
  ].join("\n");
}

if (process.argv[2] === "serve" && import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await serveChild();
}
