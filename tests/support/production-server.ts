import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { ensureAppRole, ensureLoginRole } from "~/db/rls.ts";

/**
 * `server.ts` exactly as production runs it (`NODE_ENV=production node --import tsx server.ts`), in
 * a child process against this test file's database (integration-setup.ts), logged in as
 * TEST_LOGIN with the owner's URL in DATABASE_OWNER_URL, as production is configured. Unlike
 * createAppServer in the test's own process, it shows what a crash would do (the process is gone),
 * and its stdout is the real pino output.
 */
export interface ProductionServer {
  base: string;
  port: number;
  /** every stdout line so far (pino writes one JSON object a line) */
  output(): string;
  /** parsed JSON log lines so far */
  logs(): Record<string, unknown>[];
  /** whether the process is still running */
  alive(): boolean;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/**
 * The login role every production process in the tests connects as (DATABASE_URL): only a member of
 * the app role, as `chorus db roles` makes it, because production refuses the owner or a superuser.
 * Roles are cluster-wide, so it is one fixed name shared by every test file and run; each database
 * grants it CONNECT. Trust auth on 127.0.0.1 ignores the password, but it has one like production's.
 */
export const TEST_LOGIN = "chorus_test_login";
const TEST_LOGIN_PASSWORD = "chorus-test-login-password";

/** PostgreSQL's answers when another session created or changed the same role a moment earlier. */
const CONCURRENT_ROLE_CHANGE = new Set(["23505", "42710", "XX000", "40001", "40P01"]);

/**
 * DATABASE_URL (the test login) and DATABASE_OWNER_URL (`ownerUrl`, a superuser's URL of the
 * database) for a NODE_ENV=production process. Creates the login if needed, tolerating test files
 * (and runs) that create or re-password it at the same moment: the loser retries, as an ALTER.
 */
export async function productionDatabaseEnv(
  ownerUrl: string = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL!,
): Promise<{ DATABASE_URL: string; DATABASE_OWNER_URL: string }> {
  const owner = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1 }) }),
  });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureAppRole(owner);
        await ensureLoginRole(owner, TEST_LOGIN, TEST_LOGIN_PASSWORD);
        break;
      } catch (error) {
        if (attempt >= 8 || !CONCURRENT_ROLE_CHANGE.has((error as { code?: string }).code ?? "")) throw error;
        await sleep(50 + Math.random() * 200);
      }
    }
  } finally {
    await owner.destroy();
  }
  const login = new URL(ownerUrl);
  login.username = TEST_LOGIN;
  login.password = TEST_LOGIN_PASSWORD;
  return { DATABASE_URL: login.toString(), DATABASE_OWNER_URL: ownerUrl };
}

export async function startProductionServer(
  extraEnv: Record<string, string> = {},
): Promise<ProductionServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // production refuses to run as the owner: this file's database through the test login
    ...(await productionDatabaseEnv()),
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: base,
    LOG_LEVEL: "info",
    ...extraEnv,
  };
  // In-process jobs: this server must not share BullMQ queues with other test files.
  delete env.REDIS_URL;
  delete env.PGLITE_DIR;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.on("exit", () => (exited = true));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`server.ts exited before serving:\n${stdout}\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server.ts did not answer /healthz within 90 s:\n${stdout}\n${stderr}`);
    }
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(200);
  }

  return {
    base,
    port,
    output: () => stdout,
    logs: () =>
      stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    alive: () => !exited,
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await done;
      clearTimeout(timer);
    },
  };
}
