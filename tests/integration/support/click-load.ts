/**
 * Pieces for the fault tests of the click pipeline (graceful-deploy, redis-loss): a seeded share
 * with its link code, the production server and worker as child processes (`node --import tsx`,
 * as the Dockerfile and fly.toml run them), a Redis of the test's own, and a bounded click load.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { sql } from "kysely";
import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";
import { freePort } from "~/tests/support/production-server.ts";

export { freePort };

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export interface SeededLink {
  tenantId: string;
  shareId: string;
  code: string;
}

/** A tenant, a sharer, a published link post, a share of it and its link code. */
export async function seedLink(db: DB, tenantId?: string): Promise<SeededLink> {
  const tenant = tenantId ?? (await createTenant(db)).id;
  const sharer = await createUser(db);
  const member = await addMember(db, tenant, sharer.id, ["employee"]);
  const code = `f${uniqueId()}`;
  const shareId = await withTenant(db, tenant, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenant,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "Post",
        url: "https://firma.example/",
        status: "published",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const share = await tx
      .insertInto("shares")
      .values({
        tenant_id: tenant,
        post_id: post.id,
        membership_id: member.id,
        network: "linkedin",
        text: "Lesenswert",
        channel: "intent",
        code,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return share.id;
  });
  // link_codes has RLS (0015): written in its tenant, as create-share does
  await withTenant(db, tenant, (tx) =>
    tx
      .insertInto("link_codes")
      .values({
        code,
        tenant_id: tenant,
        share_id: shareId,
        sharer_user_id: sharer.id,
        destination: "https://firma.example/",
      })
      .execute(),
  );
  return { tenantId: tenant, shareId, code };
}

/** click_events rows of a share, and how many distinct event keys they have. */
export async function clickEventCount(db: DB, link: SeededLink): Promise<{ rows: number; keys: number }> {
  const { rows } = await withTenant(db, link.tenantId, (tx) =>
    sql<{ rows: string; keys: string }>`
      SELECT count(*) AS rows, count(DISTINCT event_key) AS keys FROM click_events WHERE tenant_id = ${link.tenantId} AND share_id = ${link.shareId}`.execute(
      tx,
    ),
  );
  return { rows: Number(rows[0]!.rows), keys: Number(rows[0]!.keys) };
}

export interface Child {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A repository entry point under node itself (`node --import tsx <file>`), as production runs it. */
export function spawnNode(file: string, env: Record<string, string | undefined>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls `check` every 100 ms until it holds, or throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for the server's /healthz; fails at once, with its output, if the server exits. */
export async function serverUp(base: string, server: Child): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(
        `the server exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.output()}`,
      );
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`the server did not answer /healthz in 90 s:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface LoadResult {
  /** 302 answers received */
  answered: number;
  /** requests that got no answer (connection refused or reset: the server was going away) */
  failed: number;
  /** any other status */
  other: number;
}

/**
 * `concurrency` loops of GET /s/<code> until `stop()` resolves or `maxMs` passes, whichever is
 * first. A loop whose request fails waits 20 ms and tries again (unless `stopOnFailure`), so a
 * server that goes away is not hammered. Bounded in time: it never runs past maxMs.
 */
export async function clickLoad(
  base: string,
  code: string,
  opts: { concurrency: number; maxMs: number; stop?: Promise<unknown>; stopOnFailure?: boolean },
): Promise<LoadResult> {
  const result: LoadResult = { answered: 0, failed: 0, other: 0 };
  let stopped = false;
  void opts.stop?.then(() => (stopped = true));
  const deadline = Date.now() + opts.maxMs;
  let n = 0;
  const loop = async () => {
    while (!stopped && Date.now() < deadline) {
      const ip = `198.51.${(n >> 8) & 255}.${n++ & 255}`;
      try {
        const res = await fetch(`${base}/s/${code}`, {
          redirect: "manual",
          headers: { "User-Agent": BROWSER, "X-Forwarded-For": ip },
        });
        await res.arrayBuffer();
        if (res.status === 302) result.answered++;
        else result.other++;
      } catch {
        result.failed++;
        if (opts.stopOnFailure) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  return result;
}

export interface OwnRedis {
  url: string;
  port: number;
  /** SIGKILL: everything in memory is gone, as after a crash without AOF */
  kill(): Promise<void>;
  /** a new, empty redis-server on the same port */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test's own on a free port, without persistence (no RDB, no AOF): killing
 * it loses everything, which is what the test is about. Never the shared Redis on 6379.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "chorus-redis-"));
  const url = `redis://127.0.0.1:${port}`;
  let current: ChildProcess | undefined;
  const start = async () => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    current = child;
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined); // refused until the server is up: expected, polled below
    try {
      await until(
        `redis-server on ${port} answers`,
        async () => {
          if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
          if (probe.status !== "ready") await probe.connect().catch(() => undefined);
          return (await probe.ping()) === "PONG";
        },
        15_000,
      );
    } finally {
      probe.disconnect();
    }
  };
  const kill = async () => {
    const child = current;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    url,
    port,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
