import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, signInPerIp } from "~/app/lib/rate-limit.server.ts";
import { closeRedis } from "~/app/lib/redis.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { flushClicks, recordClick } from "~/app/modules/tracking/record-click.server.ts";
import { clearLinkCache, resolveLink } from "~/app/modules/tracking/resolve-link.server.ts";
import { database } from "~/db/client.ts";
import { closeQueue, enqueue, QUEUE_NAME } from "~/jobs/queue.ts";
import { registerSchedules, stopSchedules } from "~/jobs/schedules.ts";
import { startWorker } from "~/jobs/worker.ts";
import { logger } from "~/runtime/logger.server.ts";
import { seedLink, until } from "~/tests/integration/support/click-load.ts";

/**
 * Redis Cluster readiness: every key Chorus writes starts with QUEUE_PREFIX, so a hash-tagged prefix
 * ("{chorus}") puts all keys one operation touches — BullMQ's scripts take several keys of the queue
 * at once — into one slot. Runs with such a prefix on plain Redis, in a logical database of its own
 * (no other test writes there), and lists every key a click, its drain, a rate-limited request, the
 * schedules and a job left behind.
 */
const base = new URL(process.env.REDIS_URL || "redis://127.0.0.1:6379");
base.pathname = "/13";
const redisUrl = base.toString();
const prefix = `{chorus-test-${randomUUID()}}`;
let redis: Redis;

beforeAll(async () => {
  logger.level = "silent";
  process.env.REDIS_URL = redisUrl;
  process.env.QUEUE_PREFIX = prefix;
  resetClickConfig();
  clearLinkCache();
  redis = new Redis(redisUrl);
});

afterAll(async () => {
  stopSchedules();
  const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await closeQueue();
  await closeClickRedis();
  await closeRedis();
});

describe("Redis keys", () => {
  it("all start with QUEUE_PREFIX: the click stream and salt, the rate limits, the queue and its schedules", async () => {
    const { db } = await database();
    const link = await seedLink(db);

    // a click, handed to the stream, then drained (consumer group, acknowledgement)
    const resolved = await resolveLink(link.code);
    expect(resolved).not.toBeNull();
    recordClick(resolved!, {
      ip: "203.0.113.40",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
      referer: undefined,
      cookie: undefined,
    });
    await flushClicks();
    expect((await drainClicks()).read).toBe(1);

    // a rate-limited request (sign-in links per client IP)
    await consume(signInPerIp(), "203.0.113.40");

    // the schedules and a job that a worker runs
    await registerSchedules();
    const worker = startWorker(redisUrl, { concurrency: 1 });
    try {
      const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix });
      try {
        await enqueue("drain-clicks", {}, { jobId: `keys-${randomUUID()}` });
        await until(
          "the job ran",
          async () => ((await queue.getJobCounts("completed")).completed ?? 0) >= 1,
          15_000,
        );
      } finally {
        await queue.close();
      }
    } finally {
      await worker.close();
    }

    const keys = (await redis.keys("*")).sort();
    // in case another run of this file shares the logical database: its keys carry its own tag
    const ours = keys.filter((k) => k.startsWith(prefix));
    expect(keys.filter((k) => !k.startsWith("{chorus-test-"))).toEqual([]);
    expect(ours.length).toBeGreaterThan(0);
    for (const expected of [
      `${prefix}:chorus-clicks`,
      `${prefix}:chorus-click-salt:`,
      `${prefix}:chorus-rl:signin-ip:`,
      `${prefix}:chorus:meta`,
      `${prefix}:chorus:completed`,
      `${prefix}:chorus:repeat`,
    ])
      expect(
        ours.some((k) => k.startsWith(expected)),
        `a key starting ${expected} in ${ours.join(", ")}`,
      ).toBe(true);
    // the hash tag is the first {…} of every key: one slot on Redis Cluster
    for (const key of ours) expect(key.indexOf("{")).toBe(0);
  });
});
