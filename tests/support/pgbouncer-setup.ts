import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureLoginRole } from "~/db/rls.ts";
import { adminUrl } from "~/tests/support/database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** set in the pgbouncer project only: where its PgBouncer listens and the login the app uses */
    pgbouncer: PgBouncerTarget | undefined;
  }
}

export interface PgBouncerTarget {
  host: string;
  port: number;
  /** a LOGIN role that is only a member of chorus_app, with the role default `SET role = chorus_app` */
  login: string;
}

/** The ports PgBouncer may take in tests (one free one is used). */
const PORTS = [6432, 6433, 6434, 6435, 6436, 6437, 6438, 6439];
/** Debian's package puts it here; PGBOUNCER_BIN overrides. */
const BINARY = process.env.PGBOUNCER_BIN || "/usr/sbin/pgbouncer";
/**
 * The app's login behind PgBouncer, made by the same ensureLoginRole as `chorus db roles` (which sets
 * the role default). Roles are cluster-wide: every run shares it, and it stays (like chorus_app).
 */
export const PGBOUNCER_LOGIN = "chorus_t_pgbouncer";
/** Server connections per (database, user): small, so the app's 10 client connections really share them. */
export const PGBOUNCER_POOL_SIZE = 2;

/**
 * Runs after global-setup.ts (the template database): starts a PgBouncer of this run's own in
 * transaction mode in front of the test cluster, on a free port of 6432–6439, and makes the login
 * the app connects through it with. tests/support/integration-setup.ts points DATABASE_URL at it
 * (DATABASE_POOL_MODE=transaction); DATABASE_OWNER_URL stays direct. Stopped at teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    accessSync(BINARY, constants.X_OK);
  } catch {
    throw new Error(
      `The pgbouncer test project needs PgBouncer at ${BINARY} (Debian: apt-get install pgbouncer; ` +
        `.ci/run installs it; PGBOUNCER_BIN points elsewhere), but it is not there or not executable.`,
    );
  }
  const server = new URL(adminUrl());
  await ensureTestLogin();

  const dir = await mkdtemp(join(tmpdir(), "chorus-pgbouncer-"));
  // PgBouncer refuses to run as root; as root it drops to `nobody` (-u), which must read these files
  await chmod(dir, 0o755);
  let started: { child: ChildProcess; port: number } | undefined;
  const failures: string[] = [];
  for (const port of PORTS) {
    if (!(await portIsFree(port))) continue;
    const ini = join(dir, `pgbouncer-${port}.ini`);
    await writeFile(join(dir, "users.txt"), `"${PGBOUNCER_LOGIN}" ""\n"${server.username}" ""\n`, {
      mode: 0o644,
    });
    await writeFile(ini, pgbouncerIni(port, server, dir), { mode: 0o644 });
    const attempt = await startPgBouncer(ini, port);
    if ("child" in attempt) {
      started = { child: attempt.child, port };
      break;
    }
    failures.push(`port ${port}: ${attempt.error}`);
  }
  if (!started) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `Could not start PgBouncer on any port of ${PORTS[0]}–${PORTS.at(-1)}` +
        (failures.length ? `: ${failures.join("; ")}` : " (all in use)"),
    );
  }
  const { child, port } = started;
  project.provide("pgbouncer", { host: "127.0.0.1", port, login: PGBOUNCER_LOGIN });

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
}

function pgbouncerIni(port: number, server: URL, dir: string): string {
  return [
    "[databases]",
    // every database of the test cluster, the per-file clones included
    `* = host=${server.hostname} port=${server.port || 5432}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${join(dir, "users.txt")}`,
    "pool_mode = transaction",
    `default_pool_size = ${PGBOUNCER_POOL_SIZE}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    "max_client_conn = 500",
    // what a managed PgBouncer does too: nothing is reset between clients in transaction mode
    "server_reset_query =",
    "ignore_startup_parameters = extra_float_digits",
    // a test database dropped WITH (FORCE) ends its server connections: no need to log each one
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
}

/** Starts it and waits until it answers a query; the error text if it exits or stays silent. */
async function startPgBouncer(
  ini: string,
  port: number,
): Promise<{ child: ChildProcess } | { error: string }> {
  const asRoot = process.getuid?.() === 0;
  const child = spawn(BINARY, [...(asRoot ? ["-u", "nobody"] : []), ini], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code) => resolve(`exited with ${code}: ${stderr.trim()}`)),
  );
  child.once("error", () => undefined);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const ready = await Promise.race([answers(port).then((ok) => (ok ? "ready" : "")), exited]);
    if (ready === "ready") return { child };
    if (ready) return { error: ready };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGTERM");
  return { error: `no answer within 15 s: ${stderr.trim()}` };
}

async function answers(port: number): Promise<boolean> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: PGBOUNCER_LOGIN,
    database: "postgres",
    connectionTimeoutMillis: 1_000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The app's login, as `chorus db roles` makes it; two runs at once race on CREATE ROLE, so retry once. */
async function ensureTestLogin(): Promise<void> {
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrl(), max: 1 }) }),
  });
  const password = randomBytes(18).toString("base64url");
  try {
    await ensureLoginRole(admin, PGBOUNCER_LOGIN, password).catch(async (error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code !== "23505" && code !== "42710") throw error;
      await ensureLoginRole(admin, PGBOUNCER_LOGIN, password);
    });
  } finally {
    await admin.destroy();
  }
}
