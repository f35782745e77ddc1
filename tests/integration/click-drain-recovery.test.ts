import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { DRAIN_LOCK_KEY, drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import type { PendingClick } from "~/app/modules/tracking/record-click.server.ts";
import { database, type DB } from "~/db/client.ts";
import { QUEUE_NAME } from "~/jobs/queue.ts";
import { missingSchedules, registerSchedules, SCHEDULES, watchSchedules } from "~/jobs/schedules.ts";
import { clickEventCount, seedLink, until, type SeededLink } from "~/tests/integration/support/click-load.ts";

// The drain and the schedules after Redis lost its data, on the shared Redis under a key prefix of
// this file's own (the whole-Redis loss under load is tests/integration/redis-loss.test.ts).
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const savedRedis = process.env.REDIS_URL;
const prefix = `chorus-test-${randomUUID()}`;
const streamKey = `${prefix}:chorus-clicks`;
let db: DB;
let redis: Redis;
let link: SeededLink;

beforeAll(async () => {
  logger.level = "silent";
  process.env.REDIS_URL = redisUrl;
  process.env.QUEUE_PREFIX = prefix;
  resetClickConfig();
  db = (await database()).db;
  redis = new Redis(redisUrl);
  link = await seedLink(db);
});

afterAll(async () => {
  const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await closeClickRedis();
  if (savedRedis === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedis;
  resetClickConfig();
});

const clicks = (n: number): PendingClick[] =>
  Array.from({ length: n }, (_, i) => ({
    k: randomUUID(),
    c: link.code,
    t: Date.now() - i,
    v: `visitor-${i}`,
    r: null,
    s: null,
  }));

describe("the click drain after Redis lost its data", () => {
  it("recreates its consumer group on NOGROUP instead of failing until a restart", async () => {
    await redis.xadd(streamKey, "*", "b", JSON.stringify(clicks(5)));
    expect((await drainClicks()).inserted).toBe(5); // the group exists, and this process remembers it
    // Redis loses the stream and its group (restart without AOF); the redirect's next XADD makes a new stream
    await redis.del(streamKey);
    await redis.xadd(streamKey, "*", "b", JSON.stringify(clicks(7)));
    const after = await drainClicks();
    expect(after.inserted).toBe(7);
    expect(await clickEventCount(db, link)).toEqual({ rows: 12, keys: 12 });
    expect(await redis.xlen(streamKey)).toBe(0);
    const groups = (await redis.xinfo("GROUPS", streamKey)) as unknown[][];
    expect(groups.map((g) => g[g.indexOf("name") + 1])).toEqual(["chorus-drain"]);
  });

  it("drains one at a time: a timer tick while another process drains does nothing, and the next one drains", async () => {
    await db
      .insertInto("click_inbox")
      .values(
        clicks(3).map((c) => ({
          event_key: c.k,
          code: c.c,
          clicked_at: new Date(c.t),
          visitor_hash: c.v,
          referrer_host: null,
          session_id: null,
        })),
      )
      .execute();
    const before = (await clickEventCount(db, link)).rows;
    // another process's drain holds the lock
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const other = db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${DRAIN_LOCK_KEY}::bigint)`.execute(tx);
      locked();
      await released;
    });
    await holding;
    try {
      expect(await drainClicks({ ifIdle: true })).toMatchObject({ busy: true, read: 0 });
      expect((await clickEventCount(db, link)).rows).toBe(before);
    } finally {
      release();
      await other;
    }
    expect(await drainClicks({ ifIdle: true })).toMatchObject({ read: 3, inserted: 3 });
    expect((await clickEventCount(db, link)).rows).toBe(before + 3);
  });
});

describe("the schedule watch", () => {
  it("registers every schedule again when Redis has lost them", async () => {
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix });
    const stop = watchSchedules(redisUrl, { everyMs: 200 });
    try {
      await registerSchedules();
      expect(await missingSchedules(queue)).toEqual([]);
      // what an emptied Redis looks like to the worker: no scheduler at all
      for (const s of SCHEDULES) await queue.removeJobScheduler(s.id);
      expect(await missingSchedules(queue)).toEqual(SCHEDULES.map((s) => s.id));
      await until(
        "the watch registered them again",
        async () => (await missingSchedules(queue)).length === 0,
        10_000,
      );
    } finally {
      await stop();
      await queue.close();
    }
  });
});
