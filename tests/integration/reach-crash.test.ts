import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import type { PendingClick } from "~/app/modules/tracking/record-click.server.ts";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

// A drain worker (its own process, tests/integration/support/drain-worker.ts) is SIGKILLed in the
// middle of a batch: it has read the batch from the Redis stream and written part of it, and waits
// for a lock this test holds. A second worker, started with a short claim time, takes over the
// dead one's unacknowledged entries. In the end every click is in click_events once and in the
// rollup once.
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `chorus-test-${randomUUID()}`;
const streamKey = `${prefix}:chorus-clicks`;
const GROUP = "chorus-drain";
const WORKER = fileURLToPath(new URL("./support/drain-worker.ts", import.meta.url));
let db: DB;
let redis: Redis;

beforeAll(async () => {
  logger.level = "silent";
  db = (await database()).db;
  redis = new Redis(redisUrl);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const DA = new Date("2026-02-10T12:00:00Z"); // 2026-02-10 in Berlin
const DB_ = new Date("2026-02-11T12:00:00Z"); // 2026-02-11
const CLICKS_PER_ENTRY = 10;
const ENTRIES = 100;

async function tenantWithLink(): Promise<{ tenantId: string; code: string }> {
  const tenantId = (await createTenant(db)).id;
  const user = await createUser(db);
  const member = await addMember(db, tenantId, user.id, ["employee"]);
  const code = `x${uniqueId()}`;
  const shareId = await withTenant(db, tenantId, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
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
        tenant_id: tenantId,
        post_id: post.id,
        membership_id: member.id,
        network: "linkedin",
        text: "Lesenswert",
        channel: "intent",
        code,
        created_at: DA,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return share.id;
  });
  // link_codes has RLS (0015): written in its tenant, as create-share does
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("link_codes")
      .values({
        code,
        tenant_id: tenantId,
        share_id: shareId,
        sharer_user_id: user.id,
        destination: "https://firma.example/",
      })
      .execute(),
  );
  return { tenantId, code };
}

function startWorker(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function clickCount(tenantId: string): Promise<{ rows: number; keys: number }> {
  const { rows } = await withTenant(db, tenantId, (tx) =>
    sql<{
      rows: string;
      keys: string;
    }>`SELECT count(*) AS rows, count(DISTINCT event_key) AS keys FROM click_events WHERE tenant_id = ${tenantId}`.execute(
      tx,
    ),
  );
  return { rows: Number(rows[0]!.rows), keys: Number(rows[0]!.keys) };
}

async function rolledClicks(tenantId: string): Promise<number> {
  const row = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .select((eb) => eb.fn.sum<string>("clicks").as("n"))
      .where("tenant_id", "=", tenantId)
      .where("dimension", "=", "tenant")
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n ?? 0);
}

/** Polls until `check` holds (the other process's progress), or fails after ~60 s. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe("a drain worker killed mid-batch", () => {
  it("ends, after a restart, with every click counted once", { timeout: 180_000 }, async () => {
    const x = await tenantWithLink();
    const y = await tenantWithLink();
    // The stream as the redirect leaves it: entries of 10 clicks each; a worker reads 20 entries a batch.
    //  - entries 1–20 (batch 1): Y's clicks on DA
    //  - entry 21: X's clicks on DA; entries 22–40: Y's clicks on DB_ (batch 2: X is stored first)
    //  - entries 41–100: alternately X and Y, on DA
    const expected = { [x.tenantId]: 0, [y.tenantId]: 0 };
    for (let e = 1; e <= ENTRIES; e++) {
      const link = e <= 20 ? y : e === 21 ? x : e <= 40 ? y : e % 2 ? x : y;
      const at = e >= 22 && e <= 40 ? DB_ : DA;
      const clicks: PendingClick[] = Array.from({ length: CLICKS_PER_ENTRY }, (_, i) => ({
        k: randomUUID(),
        c: link.code,
        t: at.getTime() + e * 1000 + i,
        v: `visitor-${e}-${i % 3}`,
        r: null,
        s: null,
      }));
      expected[link.tenantId]! += clicks.length;
      await redis.xadd(streamKey, "*", "b", JSON.stringify(clicks));
    }
    const total = ENTRIES * CLICKS_PER_ENTRY;
    expect(expected[x.tenantId]! + expected[y.tenantId]!).toBe(total);

    // Y's marker for DB_ is locked by a transaction of ours (as a concurrent drain would hold it):
    // the worker's batch 2 stores X's clicks, then waits on that lock with Y's uncommitted.
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holdsLock = new Promise<void>((resolve) => (locked = resolve));
    const holder = withTenant(db, y.tenantId, async (tx) => {
      await markDirtyDays(tx, y.tenantId, [DB_]);
      locked();
      await mayCommit;
    });
    await holdsLock;

    const first = startWorker({});
    let firstExit: number | null | undefined;
    void first.exited.then((code) => (firstExit = code));
    try {
      // batch 1 is in, and the worker is stuck inside batch 2
      await until("batch 1 is stored and batch 2 waits for the lock", async () => {
        if (firstExit !== undefined)
          throw new Error(`the first worker exited (${firstExit}): ${first.output()}`);
        const waiting = await sql<{ n: string }>`
          SELECT count(*) AS n FROM pg_locks l
          WHERE NOT l.granted AND l.pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`.execute(
          db,
        );
        return (await clickCount(y.tenantId)).rows >= 200 && Number(waiting.rows[0]!.n) > 0;
      });
      expect(await clickCount(x.tenantId)).toEqual({ rows: 10, keys: 10 }); // batch 2's X part is committed…
      expect(await clickCount(y.tenantId)).toEqual({ rows: 200, keys: 200 }); // …Y's is not
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull(); // killed, not finished
    } finally {
      if (firstExit === undefined) first.child.kill("SIGKILL");
      release();
      await holder;
    }
    // mid-batch: batch 2 (20 entries) was read but never acknowledged, and most of the stream is left
    const pending = (await redis.xpending(streamKey, GROUP)) as [number, ...unknown[]];
    expect(pending[0]).toBe(20);
    expect(await redis.xlen(streamKey)).toBe(ENTRIES - 20);

    // the restart: a new worker claims the dead one's entries after 200 ms of silence
    const second = startWorker({ CLICK_CLAIM_IDLE_MS: "200" });
    const code = await Promise.race([
      second.exited,
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 150_000).unref()),
    ]);
    if (code !== 0) second.child.kill("SIGKILL");
    expect(code, second.output()).toBe(0);

    expect(await redis.xlen(streamKey)).toBe(0);
    expect(((await redis.xpending(streamKey, GROUP)) as [number])[0]).toBe(0);
    expect(await clickCount(x.tenantId)).toEqual({ rows: expected[x.tenantId], keys: expected[x.tenantId] });
    expect(await clickCount(y.tenantId)).toEqual({ rows: expected[y.tenantId], keys: expected[y.tenantId] });
    // X: entry 21 and the 30 odd entries of 41–99 → 310 clicks; Y: the other 690
    expect(expected[x.tenantId]).toBe(310);
    expect(await rolledClicks(x.tenantId)).toBe(310);
    expect(await rolledClicks(y.tenantId)).toBe(690);
    for (const t of [x.tenantId, y.tenantId]) {
      const dirty = await withTenant(db, t, (tx) =>
        tx.selectFrom("reach_dirty_days").select("day").where("tenant_id", "=", t).execute(),
      );
      expect(dirty).toEqual([]);
    }
  });
});
