import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LOCK_FILE, processStartTicks, thisProcess } from "~/db/embedded-lock.ts";
import { chorus } from "~/tests/support/cli.ts";
import { uniqueId } from "~/tests/support/factories.ts";

/**
 * The embedded database (PGlite) is opened by one process at a time: a second process (the CLI
 * while `npm start` runs) is refused with a clear message and a non-zero exit, before it opens
 * PGlite, so it cannot write pages the first never sees.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const TIMEOUT = 180_000;

function embeddedEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  return env;
}

/** Starts the holder and resolves once it has the database open. */
function startHolder(dir: string) {
  const child = spawn(join(root, "node_modules/.bin/tsx"), ["tests/support/hold-embedded-db.ts", dir], {
    cwd: root,
    env: embeddedEnv(dir),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes("ready\n")) resolve();
    });
    child.on("close", (code) => reject(new Error(`holder exited ${code}: ${stderr}`)));
  });
  const finish = () =>
    new Promise<{ code: number | null; tenants: string[] }>((resolve) => {
      child.removeAllListeners("close");
      child.on("close", (code) =>
        resolve({ code, tenants: JSON.parse(stdout.split("\n")[1] ?? "null") as string[] }),
      );
      child.stdin.write("done\n");
    });
  return { ready, finish, kill: () => child.kill("SIGKILL") };
}

describe("the embedded database is opened by one process at a time", () => {
  it(
    "refuses a second process while the first holds it, without touching its data, and lets go when it stops",
    { timeout: TIMEOUT },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "chorus-lock-"));
      const env = embeddedEnv(dir);
      const slug = `lock-${uniqueId()}`;
      let holder: ReturnType<typeof startHolder> | undefined;
      try {
        const created = await chorus(
          ["tenant", "create", "--name", "Lock", "--slug", slug, "--admin-email", "lock@example.test"],
          env,
        );
        expect(created.code, created.stderr).toBe(0);
        expect(existsSync(join(dir, LOCK_FILE)), "the CLI let go of the lock when it finished").toBe(false);

        holder = startHolder(dir);
        await holder.ready;

        // the documented command while "the app" runs: refused fast, non-zero, with the words
        const started = Date.now();
        const second = await chorus(["job", "run", "close-goal-periods"], env);
        expect(second.code).toBe(1);
        expect(second.stderr).toContain("Chorus is running: use the admin page, or stop it first");
        expect(second.stdout).not.toContain("completed");
        // refused before PGlite and the migrations ran (those take several seconds here)
        expect(Date.now() - started).toBeLessThan(60_000);
        // the same directory named as a file:// URL (as PGlite accepts it) is the same database and the same lock
        const viaUrl = await chorus(["tenant", "list", "--json"], { ...env, PGLITE_DIR: `file://${dir}` });
        expect(viaUrl.code).toBe(1);
        expect(JSON.parse(viaUrl.stdout)).toMatchObject({
          error: { message: expect.stringContaining("Chorus is running") },
        });
        const writer = await chorus(
          [
            "tenant",
            "create",
            "--name",
            "Other",
            "--slug",
            `${slug}-2`,
            "--admin-email",
            "other@example.test",
            "--json",
          ],
          env,
        );
        expect(writer.code).toBe(1);
        expect(JSON.parse(writer.stdout)).toMatchObject({
          error: { message: expect.stringContaining("Chorus is running") },
        });

        // the holder's data is intact and it never saw a second writer
        const result = await holder.finish();
        holder = undefined;
        expect(result.code).toBe(0);
        expect(result.tenants).toEqual([slug]);

        // once it stopped, the next process opens the database and finds the same data
        const listed = await chorus(["tenant", "list", "--json"], env);
        expect(listed.code, listed.stderr).toBe(0);
        expect(
          (JSON.parse(listed.stdout) as { tenants: { slug: string }[] }).tenants.map((t) => t.slug),
        ).toEqual([slug]);
      } finally {
        holder?.kill();
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it("takes over the lock of a process that died without letting go", { timeout: TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "chorus-lock-"));
    try {
      // what a killed `npm start` leaves: a lock naming a process that no longer exists
      const gone = spawn(process.execPath, ["-e", ""]);
      await new Promise((resolve) => gone.on("close", resolve));
      await writeFile(
        join(dir, LOCK_FILE),
        JSON.stringify({
          ...thisProcess(),
          pid: gone.pid,
          startedAt: new Date().toISOString(),
          procStart: "1",
        }),
      );
      const listed = await chorus(["tenant", "list", "--json"], embeddedEnv(dir));
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual({ tenants: [] });
      expect(existsSync(join(dir, LOCK_FILE)), "and let go of it again").toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.runIf(processStartTicks(process.pid) !== undefined)(
    "takes over a lock whose pid now belongs to another process (it started at another time than the holder)",
    { timeout: TIMEOUT },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "chorus-lock-"));
      const unrelated = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"]);
      try {
        const ticks = Number(processStartTicks(unrelated.pid!));
        await writeFile(
          join(dir, LOCK_FILE),
          JSON.stringify({ ...thisProcess(), pid: unrelated.pid, procStart: String(ticks - 1000) }),
        );
        const listed = await chorus(["tenant", "list", "--json"], embeddedEnv(dir));
        expect(listed.code, listed.stderr).toBe(0);
        expect(JSON.parse(listed.stdout)).toEqual({ tenants: [] });
        expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      } finally {
        unrelated.kill("SIGKILL");
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    "refuses a lock written on another host (a second container on the same volume), even with a pid dead here, and says how to remove it",
    { timeout: TIMEOUT },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "chorus-lock-"));
      try {
        const gone = spawn(process.execPath, ["-e", ""]);
        await new Promise((resolve) => gone.on("close", resolve));
        const lock = JSON.stringify({ ...thisProcess(), pid: gone.pid, host: "chorus-replica-2" });
        await writeFile(join(dir, LOCK_FILE), lock);
        const listed = await chorus(["tenant", "list", "--json"], embeddedEnv(dir));
        expect(listed.code).toBe(1);
        const message = (JSON.parse(listed.stdout) as { error: { message: string } }).error.message;
        expect(message).toContain("Chorus is running: use the admin page, or stop it first");
        expect(message).toContain("chorus-replica-2");
        expect(message).toContain(`rm ${join(dir, LOCK_FILE)}`);
        expect(readFileSync(join(dir, LOCK_FILE), "utf8"), "the lock is left as it was").toBe(lock);
        expect(existsSync(join(dir, "PG_VERSION")), "PGlite never opened the directory").toBe(false);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
