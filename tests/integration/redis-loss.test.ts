import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { database, type DB } from "~/db/client.ts";
import { QUEUE_NAME } from "~/jobs/queue.ts";
import { missingSchedules } from "~/jobs/schedules.ts";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import {
  clickEventCount,
  clickLoad,
  freePort,
  seedLink,
  serverUp,
  spawnNode,
  startOwnRedis,
  until,
  type Child,
  type OwnRedis,
} from "~/tests/integration/support/click-load.ts";

// Redis dies under click load and comes back EMPTY (no AOF): its stream, the drain's consumer group
// and every job scheduler are gone. The production server and worker run as their own processes
// (`node --import tsx`), against a redis-server of this test's own (never the shared one). Without
// any manual step:
//  - clicks answered while Redis is down go to click_inbox, and the worker's database timer drains
//    them into click_events while Redis is still down;
//  - once Redis is back, clicks go to the new stream again, the drain recreates its consumer group
//    (NOGROUP), the worker registers the schedules again, and every click reaches click_events.
// Clicks that were only in the lost Redis are the documented cost of running it without AOF.
const prefix = `chorus-test-${randomUUID()}`;
let db: DB;
let redis: OwnRedis;
let server: Child;
let worker: Child;
let base: string;

beforeAll(async () => {
  logger.level = "silent";
  db = (await database()).db;
  redis = await startOwnRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const common = {
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "warn",
    CLICK_RATE_LIMIT_PER_MINUTE: "1000000",
  };
  // production refuses to serve as the owner: the test login, the owner's URL for migrations
  server = spawnNode("server.ts", {
    ...common,
    ...(await productionDatabaseEnv()),
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: base,
    TRUST_PROXY: "true",
  });
  worker = spawnNode("jobs/worker.ts", common);
  await serverUp(base, server);
}, 120_000);

afterAll(async () => {
  for (const child of [server, worker]) {
    if (child && child.child.exitCode === null && child.child.signalCode === null) {
      child.child.kill("SIGTERM");
      await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.child.exitCode === null) child.child.kill("SIGKILL");
    }
  }
  await redis?.stop();
});

async function inboxCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from click_inbox`.execute(db);
  return Number(rows[0]!.n);
}

describe("Redis lost its data under click load", () => {
  it(
    "every click answered while it was down or after it came back reaches click_events without a manual step",
    { timeout: 240_000 },
    async () => {
      const before = await seedLink(db);
      const during = await seedLink(db, before.tenantId);
      const after = await seedLink(db, before.tenantId);
      const context = () =>
        `\n--- worker ---\n${worker.output().slice(-4000)}\n--- server ---\n${server.output().slice(-4000)}`;

      // 1. Load on the first link; Redis is killed (SIGKILL) in the middle of it.
      const killed = new Promise<void>((resolve) => setTimeout(() => void redis.kill().then(resolve), 1_500));
      const loadBefore = await clickLoad(base, before.code, { concurrency: 16, maxMs: 3_000 });
      await killed;
      expect(loadBefore.answered).toBeGreaterThan(50);

      // 2. Redis is down: clicks on the second link (requested only now, so none can be in the lost
      //    Redis) are answered, go to click_inbox, and the worker drains them — Redis still down.
      const loadDuring = await clickLoad(base, during.code, { concurrency: 16, maxMs: 2_000 });
      expect(loadDuring.answered).toBeGreaterThan(50);
      expect(loadDuring.other + loadDuring.failed).toBe(0);
      await until(
        "the clicks answered while Redis is down are in click_events",
        async () => (await clickEventCount(db, during)).rows === loadDuring.answered,
        60_000,
      ).catch(async (err: Error) => {
        throw new Error(
          `${err.message}: ${(await clickEventCount(db, during)).rows} of ${loadDuring.answered}${context()}`,
        );
      });
      expect(await clickEventCount(db, during)).toEqual({
        rows: loadDuring.answered,
        keys: loadDuring.answered,
      });

      // 3. Redis comes back empty; clicks on the third link.
      await redis.restart();
      const fresh = new Redis(redis.url);
      try {
        // came back without the click stream (and its consumer group) the killed Redis held; not
        // dbsize() === 0: the worker may already have reconnected and registered its schedules again
        expect(await fresh.exists(`${prefix}:chorus-clicks`)).toBe(0);
        // the server's click pipeline reconnects (≤ 2 s) and writes to the new stream again
        const loadAfter = await clickLoad(base, after.code, { concurrency: 16, maxMs: 5_000 });
        expect(loadAfter.answered).toBeGreaterThan(50);
        expect(loadAfter.other + loadAfter.failed).toBe(0);

        await until(
          "the clicks answered after Redis came back are in click_events",
          async () => (await clickEventCount(db, after)).rows === loadAfter.answered,
          90_000,
        ).catch(async (err: Error) => {
          throw new Error(
            `${err.message}: ${(await clickEventCount(db, after)).rows} of ${loadAfter.answered}${context()}`,
          );
        });
        expect(await clickEventCount(db, after)).toEqual({
          rows: loadAfter.answered,
          keys: loadAfter.answered,
        });

        // the new stream was used (so its consumer group had to be recreated), and is drained
        const streamKey = `${prefix}:chorus-clicks`;
        const info = (await fresh.call("XINFO", "STREAM", streamKey)) as (string | number)[];
        const entriesAdded = Number(info[info.indexOf("entries-added") + 1]);
        expect(entriesAdded).toBeGreaterThan(0);
        const groups = (await fresh.xinfo("GROUPS", streamKey)) as unknown[][];
        expect(groups.map((g) => g[g.indexOf("name") + 1])).toEqual(["chorus-drain"]);
        await until("the new stream is empty", async () => (await fresh.xlen(streamKey)) === 0, 30_000);

        // the worker registered the schedules again (a reconnect check, or the periodic one)
        const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix });
        try {
          await until(
            "every job scheduler is back in Redis",
            async () => (await missingSchedules(queue)).length === 0,
            60_000,
          );
        } finally {
          await queue.close();
        }
      } finally {
        fresh.disconnect();
      }
      await until("click_inbox is empty", async () => (await inboxCount()) === 0, 30_000);

      // Before the crash: what was already drained counts; what sat only in the killed Redis is lost
      // (no AOF). Never more than answered, never twice.
      const first = await clickEventCount(db, before);
      expect(first.rows).toBe(first.keys);
      expect(first.rows).toBeLessThanOrEqual(loadBefore.answered);
      expect(worker.child.exitCode).toBeNull();
      expect(server.child.exitCode).toBeNull();
    },
  );
});
