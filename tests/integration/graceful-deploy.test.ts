import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { database, type DB } from "~/db/client.ts";
import { QUEUE_NAME } from "~/jobs/queue.ts";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import {
  clickEventCount,
  clickLoad,
  freePort,
  seedLink,
  serverUp,
  spawnNode,
} from "~/tests/integration/support/click-load.ts";

// A deploy as Fly and Docker do it: the production server (`node --import tsx server.ts`, the
// command fly.toml and the Dockerfile run) gets SIGTERM while clicks pour in. Every click that got
// its 302 must end in click_events: the server stops taking connections, finishes what it answered,
// and hands the clicks it still holds in memory to Redis or click_inbox before it exits.
const sharedRedis = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const savedRedis = process.env.REDIS_URL;
const savedPrefix = process.env.QUEUE_PREFIX;
let db: DB;

beforeAll(async () => {
  logger.level = "silent";
  db = (await database()).db;
});

afterAll(async () => {
  await closeClickRedis();
  if (savedRedis === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedis;
  if (savedPrefix === undefined) delete process.env.QUEUE_PREFIX;
  else process.env.QUEUE_PREFIX = savedPrefix;
  resetClickConfig();
});

describe.each([
  { name: "with Redis (click stream)", redisUrl: sharedRedis },
  { name: "without Redis (click_inbox)", redisUrl: undefined },
])("SIGTERM to the production server under click load, $name", ({ redisUrl }) => {
  const prefix = `chorus-test-${randomUUID()}`;

  afterAll(async () => {
    if (!redisUrl) return;
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("loses no answered click", { timeout: 180_000 }, async () => {
    const link = await seedLink(db);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawnNode("server.ts", {
      // production refuses to serve as the owner: the test login, the owner's URL for migrations
      ...(await productionDatabaseEnv()),
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: base,
      TRUST_PROXY: "true",
      CLICK_RATE_LIMIT_PER_MINUTE: "1000000",
      REDIS_URL: redisUrl ?? "",
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: "warn",
    });
    try {
      await serverUp(base, server);
      // SIGTERM once the load is in full swing; the load ends when the server is gone (or after 20 s)
      const exitCode = new Promise<number | null>((resolve) => {
        setTimeout(() => {
          server.child.kill("SIGTERM");
          resolve(server.exited);
        }, 1_500);
      });
      const load = await clickLoad(base, link.code, { concurrency: 24, maxMs: 20_000, stopOnFailure: true });
      expect(await exitCode, server.output()).toBe(0);
      // mid-load: clicks were answered, and requests after the SIGTERM found the server gone
      expect(load.answered).toBeGreaterThan(100);
      expect(load.failed).toBeGreaterThan(0);
      expect(load.other).toBe(0);

      // what the worker would do next: drain the stream (or click_inbox) into click_events
      if (redisUrl) process.env.REDIS_URL = redisUrl;
      else delete process.env.REDIS_URL;
      process.env.QUEUE_PREFIX = prefix;
      resetClickConfig();
      await drainClicks();
      expect(await clickEventCount(db, link)).toEqual({ rows: load.answered, keys: load.answered });
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    }
  });
});
