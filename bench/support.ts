/**
 * What the benchmarks share: a migrated PostgreSQL database (throw-away or kept between runs), the
 * production build behind createAppServer in a child process, page timings, medians and percentiles,
 * the machine's description.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database migrated as its owner, like tests/support/global-setup.ts does for tests. */
export async function createBenchDatabase(name: string): Promise<string> {
  const { ensureAppRole } = await import("~/db/rls.ts");
  const { migrateToLatest } = await import("~/db/migrator.ts");
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const owner = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl(name), max: 1 }) }),
  });
  try {
    try {
      await ensureAppRole(owner);
    } catch (error) {
      // roles are cluster-wide: a test run creating it at the same moment wins the race
      if ((error as { code?: string }).code !== "23505") throw error;
      await ensureAppRole(owner);
    }
    await migrateToLatest(owner);
  } finally {
    await owner.destroy();
  }
  return databaseUrl(name);
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which `p` percent of the values lie (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.split(" ").slice(0, 2).join(" ") ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 10) / 10;
}

/**
 * A database kept between runs (generating takes minutes): reused when the marker it was generated
 * under (a comment on the database, written only after a complete generation) equals `marker` and
 * `fresh` is false; otherwise dropped, created, migrated and filled by `generate`.
 */
export async function keptDatabase(
  name: string,
  marker: string,
  fresh: boolean,
  generate: (url: string) => Promise<void>,
): Promise<{ url: string; generated: boolean }> {
  const kept = await admin(async (c) => {
    const { rows } = await c.query<{ marker: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1`,
      [name],
    );
    return rows[0]?.marker ?? null;
  });
  if (kept === marker && !fresh) return { url: databaseUrl(name), generated: false };
  await dropBenchDatabase(name);
  const url = await createBenchDatabase(name);
  await generate(url);
  await admin((c) => c.query(`COMMENT ON DATABASE ${name} IS '${marker.replaceAll("'", "''")}'`));
  return { url, generated: true };
}

/** Taken by every build on this machine (docs: `flock /tmp/chorus-build.lock npm run build`). */
const BUILD_LOCK = "/tmp/chorus-build.lock";

/**
 * The production build: waits for a build in progress (the lock), builds when build/ is missing; a
 * stale one is the caller's to rebuild.
 */
export function ensureBuild(): void {
  const built = spawnSync(
    "flock",
    [
      BUILD_LOCK,
      "sh",
      "-c",
      "test -f build/server/index.js || { echo 'build/ is missing: building'; npm run build; }",
    ],
    { stdio: "inherit" },
  );
  if (built.status !== 0) throw new Error("the build failed");
}

/** The production build behind createAppServer (bench/app-server.ts) in a child process on env.PORT. */
export function startAppServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL("./app-server.ts", import.meta.url)), [], {
    env,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`app server exited early (code ${code})`)));
    child.on("message", (m: { type: string }) => {
      if (m.type === "ready") resolve(child);
    });
  });
}

export function stopAppServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.send({ type: "stop" });
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

/** One GET of a page (whole body read), in ms; anything but a 200 throws, naming the page. */
export async function timePage(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = await response.text();
  const elapsed = performance.now() - start;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}
