import { Queue } from "bullmq";
import type { Logger } from "pino";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { enqueue, jobLogger, QUEUE_NAME, queuePrefix } from "~/jobs/queue.ts";
import { findJob, type JobName } from "~/jobs/registry.ts";

interface Schedule {
  /** The BullMQ job scheduler id: one scheduler per id, however often it is upserted. */
  id: string;
  job: JobName;
  everyMs: number;
}

/** Recurring jobs. Each must be idempotent: ticks can overlap or repeat after a restart. */
export const SCHEDULES: readonly Schedule[] = [
  { id: "publish-due-posts", job: "publish-due-posts", everyMs: 60_000 },
  // clicks wait in the Redis stream or click_inbox until this moves them into click_events
  { id: "drain-clicks", job: "drain-clicks", everyMs: 2_000 },
  // days with new clicks, shares or metrics (reach_dirty_days) get their reach_daily rows rewritten
  { id: "rollup-reach", job: "rollup-reach", everyMs: 300_000 },
  // raw clicks past each tenant's retention, once rolled up
  { id: "purge-clicks", job: "purge-clicks", everyMs: 6 * 3_600_000 },
  // click_events partitions of this month and the next three, and of months found in the default partition
  { id: "maintain-click-partitions", job: "maintain-click-partitions", everyMs: 24 * 3_600_000 },
  // sessions, sign-in links, invitations, audit and access log, failed jobs past their retention (daily)
  { id: "purge-expired-data", job: "purge-expired-data", everyMs: 24 * 3_600_000 },
  // seat changes (joins, leaves) reach the Stripe subscription once a tenant has been quiet 10 s
  { id: "sync-seats", job: "sync-seats", everyMs: 30_000 },
  // measured figures from networks that report them (LinkedIn member post analytics, when turned on)
  { id: "fetch-provider-metrics", job: "fetch-provider-metrics", everyMs: 3_600_000 },
  // each tenant's digest goes out from Monday 08:00 tenant-local; hourly ticks find that moment
  { id: "send-weekly-digests", job: "send-weekly-digests", everyMs: 3_600_000 },
  // points and badges for new activity; click days are awarded once settled (2 tenant-local days)
  { id: "award-points", job: "award-points", everyMs: 600_000 },
  // accepted agreements whose period ended lock their credit statement; hourly: tenants' days end at different UTC hours
  { id: "close-goal-periods", job: "close-goal-periods", everyMs: 3_600_000 },
  // Teams/Slack deliveries that are due and still pending: those too far ahead for a job (quiet
  // hours), and those whose job was lost (a restart, in-process timers, Redis without its data)
  { id: "deliver-due-chat-messages", job: "deliver-due-chat-messages", everyMs: 60_000 },
  // the weekly digest in Teams/Slack channels and personal Slack messages, Monday from 08:00 tenant-local
  { id: "send-chat-digests", job: "send-chat-digests", everyMs: 3_600_000 },
];

// Process-wide: the server and its bundled build both import this module, and must not run two
// sets of timers.
const local = processSingleton("jobs.schedules", () => ({ timers: [] as NodeJS.Timeout[] }));

/**
 * Starts the recurring jobs. With REDIS_URL: upserts one BullMQ job scheduler per schedule, so any
 * number of processes (web × N, worker × M, restarts) calling this leave exactly one scheduler and
 * one job per tick. Without REDIS_URL: an in-process timer that enqueues in-process jobs; calling
 * it again is a no-op.
 */
export async function registerSchedules(opts: { log?: Logger } = {}): Promise<void> {
  const log = opts.log ?? jobLogger();
  const url = process.env.REDIS_URL || undefined;
  if (url) {
    // Its own short-lived connection: jobs/queue.ts keeps its Queue private, and a scheduler
    // lives in Redis, not in this object.
    const queue = new Queue(QUEUE_NAME, { connection: { url }, prefix: queuePrefix() });
    try {
      await upsertSchedulers(queue);
    } finally {
      await queue.close();
    }
    log.info({ schedules: SCHEDULES.map((s) => s.id), mode: "redis" }, "job schedules registered");
    return;
  }

  if (local.timers.length > 0) return;
  for (const schedule of SCHEDULES) {
    const tick = () => {
      enqueue(schedule.job, {}).catch((err: unknown) =>
        log.error({ err, schedule: schedule.id }, "scheduled job could not be enqueued"),
      );
    };
    const timer = setInterval(tick, schedule.everyMs);
    // The schedule alone must not keep a process alive that is otherwise done (CLI, tests, shutdown).
    timer.unref();
    local.timers.push(timer);
    // Posts that fell due while the process was down are published now, not a minute later.
    tick();
  }
  log.info({ schedules: SCHEDULES.map((s) => s.id), mode: "in-process" }, "job schedules registered");
}

/** Stops the in-process timers (Redis schedulers stay: they belong to the deployment, not a process). */
export function stopSchedules(): void {
  for (const timer of local.timers) clearInterval(timer);
  local.timers.length = 0;
}

async function upsertSchedulers(queue: Queue): Promise<void> {
  for (const schedule of SCHEDULES) {
    const def = findJob(schedule.job);
    if (!def) throw new Error(`Schedule "${schedule.id}" names unknown job "${schedule.job}"`);
    await queue.upsertJobScheduler(
      schedule.id,
      { every: schedule.everyMs },
      {
        name: def.name,
        data: {},
        opts: {
          attempts: def.attempts,
          backoff: { type: "exponential", delay: def.backoffMs },
          // Frequent ticks: keep a little history, not the full record.
          removeOnComplete: { count: 100 },
          removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
        },
      },
    );
  }
}

/** The schedules that have no scheduler in Redis (none, after Redis lost its data). */
export async function missingSchedules(queue: Queue): Promise<string[]> {
  const present = new Set((await queue.getJobSchedulers(0, -1)).map((s) => s.key));
  return SCHEDULES.map((s) => s.id).filter((id) => !present.has(id));
}

/**
 * Schedulers live only in Redis: a Redis that lost its data (restarted without AOF, flushed, failed
 * over to an empty replica) has none, and nothing would ever tick again. The worker keeps a watch:
 * on every reconnect and every `everyMs` it checks that each schedule still has its scheduler, and
 * upserts them all when one is missing (upserts are idempotent, so several workers may race).
 * Returns a stop function.
 */
export function watchSchedules(
  url: string,
  opts: { everyMs?: number; log?: Logger } = {},
): () => Promise<void> {
  const log = opts.log ?? jobLogger();
  const queue = new Queue(QUEUE_NAME, { connection: { url }, prefix: queuePrefix() });
  let checking: Promise<void> | undefined;
  let stopped = false;
  const check = (reason: string) => {
    if (checking || stopped) return;
    checking = (async () => {
      const missing = await missingSchedules(queue);
      if (missing.length === 0) return;
      await upsertSchedulers(queue);
      log.warn(
        { missing, reason },
        "job schedulers were missing in Redis (it lost its data?): registered again",
      );
    })()
      .catch((err: unknown) =>
        log.warn(
          { err: (err as Error).message, reason },
          "job schedulers could not be checked; next try later",
        ),
      )
      .finally(() => (checking = undefined));
  };
  let connects = 0;
  void queue.getBackend().client.then(
    (client) => {
      if (client.status === "ready") connects = 1;
      // the first "ready" is the start (the caller has just registered); later ones are reconnects
      client.on("ready", () => {
        if (++connects > 1) check("reconnect");
      });
    },
    (err: unknown) => log.warn({ err: (err as Error).message }, "schedule watch could not connect to Redis"),
  );
  const timer = setInterval(() => check("periodic"), opts.everyMs ?? 30_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await checking;
    await queue.close();
  };
}
