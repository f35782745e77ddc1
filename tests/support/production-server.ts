import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/**
 * `server.ts` exactly as production runs it (`NODE_ENV=production node --import tsx server.ts`), in
 * a child process against this test file's database (DATABASE_URL from integration-setup.ts). Unlike
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

export async function startProductionServer(extraEnv: Record<string, string> = {}): Promise<ProductionServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
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
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
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
