import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { closeQueue, drainInProcessJobs, listFailedInProcessJobs, QUEUE_NAME } from "~/jobs/queue.ts";
import { registerSchedules, SCHEDULES, stopSchedules } from "~/jobs/schedules.ts";
import { createTenant, uniqueId } from "~/tests/support/factories.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const savedRedisUrl = process.env.REDIS_URL;
let queue: Queue;

beforeAll(() => {
  process.env.REDIS_URL = redisUrl;
  // Own Redis keys, so parallel runs and other test files never see this file's schedulers.
  process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
  logger.level = "silent";
  queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
});

afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  await closeQueue();
  stopSchedules();
  if (savedRedisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedisUrl;
});

describe("job schedules on Redis", () => {
  it("registering twice (two processes, or a restart) leaves exactly one scheduler", async () => {
    await registerSchedules();
    await registerSchedules();

    const schedulers = await queue.getJobSchedulers();
    // one scheduler per schedule, however often registered (the list grows with the product)
    expect(schedulers.map((s) => s.key).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    expect(schedulers.map((s) => s.key)).toEqual(
      expect.arrayContaining(["drain-clicks", "publish-due-posts"]),
    );
    // retention: expired sessions, links, invitations, old audit and access log rows, failed jobs, once a day
    expect(Number(schedulers.find((s) => s.key === "purge-expired-data")?.every)).toBe(24 * 3_600_000);
    const publish = schedulers.find((s) => s.key === "publish-due-posts");
    expect(publish?.key).toBe("publish-due-posts");
    expect(publish?.name).toBe("publish-due-posts");
    expect(Number(publish?.every)).toBe(60_000);
    // One tick is waiting, not one per registration.
    const waiting = await queue.getJobs(["delayed", "wait", "prioritized"]);
    expect(waiting.filter((j) => j.name === "publish-due-posts")).toHaveLength(1);
    expect(waiting.filter((j) => j.name === "drain-clicks")).toHaveLength(1);
    expect(waiting.every((j) => JSON.stringify(j.data) === "{}")).toBe(true);
  });
});

describe("job schedules in-process (no REDIS_URL)", () => {
  const savedBackoff = process.env.JOB_BACKOFF_MS;
  beforeAll(() => {
    delete process.env.REDIS_URL;
    // The first tick starts every scheduled job, and the drain below waits for all of them. One that
    // fails its first attempt would wait out its own backoff (10–60 s) before the retry and time the
    // test out (seen once in a fresh-clone CI run); retried at once here, and logged, so the CI
    // output names it. This test's claim is only about publish-due-posts.
    process.env.JOB_BACKOFF_MS = "50";
    logger.level = "warn";
  });
  afterAll(() => {
    stopSchedules();
    process.env.REDIS_URL = redisUrl;
    if (savedBackoff === undefined) delete process.env.JOB_BACKOFF_MS;
    else process.env.JOB_BACKOFF_MS = savedBackoff;
    logger.level = "silent";
  });

  it("publishes a due post on the first tick, without waiting a minute", async () => {
    const { db } = await database();
    const tenant = await createTenant(db);
    const post = await withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("posts")
        .values({
          tenant_id: tenant.id,
          slug: `due-${uniqueId()}`,
          kind: "text",
          title: "Fällig",
          status: "approved",
          publish_at: new Date(Date.now() - 60_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );

    await registerSchedules();
    // A second call (e.g. the server's bundled copy of this module) must not start a second timer.
    await registerSchedules();
    await drainInProcessJobs();

    const saved = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("posts")
        .select(["status", "published_at"])
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", post.id)
        .executeTakeFirstOrThrow(),
    );
    expect(saved.status).toBe("published");
    expect(saved.published_at).toBeInstanceOf(Date);
    expect(listFailedInProcessJobs().filter((j) => j.name === "publish-due-posts")).toEqual([]);
  });
});
