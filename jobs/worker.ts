import { UnrecoverableError, Worker, type Job } from "bullmq";
import { pathToFileURL } from "node:url";
import type { Logger } from "pino";
import { env } from "~/app/lib/env.server.ts";
import { closeDatabase } from "~/db/client.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { startDrainTimer } from "~/app/modules/tracking/drain-clicks.server.ts";
import { recordJobFailure } from "~/jobs/record-failure.ts";
import { InvalidJobPayloadError, parseJobPayload, PermanentJobError } from "~/jobs/define.ts";
import { closeQueue, jobLogger, QUEUE_NAME, queuePrefix } from "~/jobs/queue.ts";
import { loadJobHandler } from "~/jobs/handlers.ts";
import { findJob } from "~/jobs/registry.ts";
import { registerSchedules, watchSchedules } from "~/jobs/schedules.ts";

/** The worker's own click drain, beside the scheduled job: it needs only the database. */
const DRAIN_TIMER_MS = 2_000;

export interface WorkerOptions {
  concurrency?: number;
  log?: Logger;
}

/** A BullMQ worker on the "chorus" queue that runs every registered job. Close it with `worker.close()`. */
export function startWorker(connectionUrl: string, opts: WorkerOptions = {}): Worker {
  const log = opts.log ?? jobLogger();
  const worker = new Worker(QUEUE_NAME, (job) => runJob(job, log), {
    // maxRetriesPerRequest null: BullMQ's blocking commands must wait for Redis, not give up.
    connection: { url: connectionUrl, maxRetriesPerRequest: null },
    prefix: queuePrefix(),
    concurrency: opts.concurrency ?? 5,
  });
  worker.on("failed", (job, err) => {
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? "error" : "warn"](
      { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err },
      final ? "job failed" : "job attempt failed, will retry",
    );
    // for admins (their tenant's jobs) and the CLI; recordJobFailure never throws
    if (final && job)
      void recordJobFailure({
        jobName: job.name,
        jobId: job.id ?? "",
        payload: job.data,
        error: err.message,
        attempts: job.attemptsMade,
      });
  });
  worker.on("error", (err) => log.error({ err }, "worker error"));
  return worker;
}

async function runJob(job: Job, log: Logger): Promise<void> {
  const def = findJob(job.name);
  // Retrying cannot make an unknown name or a bad payload valid, so both fail at once.
  if (!def) throw new UnrecoverableError(`Unknown job "${job.name}"`);
  let payload: unknown;
  try {
    payload = parseJobPayload(def, job.data);
  } catch (err) {
    if (err instanceof InvalidJobPayloadError) throw new UnrecoverableError(err.message);
    throw err;
  }
  const jobId = job.id ?? "";
  // loaded by name on the job's first run in this process, then cached by the module loader
  const handler = await loadJobHandler(def.name);
  if (!handler) throw new UnrecoverableError(`Job "${job.name}" has no handler`);
  try {
    await handler.handler(payload, {
      attempt: job.attemptsMade + 1,
      jobId,
      log: log.child({ job: def.name, jobId, attempt: job.attemptsMade + 1 }),
    });
  } catch (err) {
    if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

async function main(): Promise<void> {
  const url = env().REDIS_URL;
  if (!url) {
    console.error(
      "REDIS_URL is not set: in-process jobs run inside the web process; set REDIS_URL to run a separate worker",
    );
    process.exit(1);
  }
  const log = jobLogger();
  // click_inbox (where clicks go while Redis is down) must drain while no BullMQ job can run — also
  // for a worker that starts during a Redis outage: the timer and the signal handlers come first,
  // nothing below waits for Redis before them.
  const stopDrain = startDrainTimer({ everyMs: DRAIN_TIMER_MS, log });
  const worker = startWorker(url, { log });
  // Registers the schedules whenever Redis (re)connects without them, and every 30 s.
  const stopWatch = watchSchedules(url, { log });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, "second signal, exiting without waiting for running jobs");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "shutting down: letting running jobs finish");
    try {
      await Promise.all([worker.close(), stopDrain(), stopWatch()]);
      // Handlers may have enqueued follow-up jobs (queue connections) and used the database.
      await closeQueue();
      await closeClickRedis();
      await closeDatabase();
      log.info("worker stopped");
      process.exit(0);
    } catch (err) {
      log.error({ err }, "unclean shutdown");
      process.exit(1);
    }
  };
  process.on("SIGTERM", (s) => void shutdown(s));
  process.on("SIGINT", (s) => void shutdown(s));

  // Upserts: every worker (and every restart) may do this and still leaves one scheduler a schedule.
  // In the background: while Redis is down this waits, and the watch above registers them later.
  void worker
    .waitUntilReady()
    .then(async () => {
      log.info({ queue: QUEUE_NAME, prefix: queuePrefix() }, "worker started");
      await registerSchedules({ log });
    })
    .catch((err: unknown) =>
      log.error({ err }, "schedules not registered at start; the schedule watch retries"),
    );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
