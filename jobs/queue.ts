import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { z } from "zod";
import {
  parseJobPayload,
  PermanentJobError,
  type AnyJobContract,
  type AnyJobDefinition,
} from "~/jobs/define.ts";
import { loadJobHandler } from "~/jobs/handlers.ts";
import { findJob, type JobByName, type JobName } from "~/jobs/registry.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import { recordJobFailure } from "~/jobs/record-failure.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { redisKeyPrefix } from "~/runtime/redis-keys.ts";

/** One queue for every job type; the BullMQ job name is the definition name. */
export const QUEUE_NAME = "chorus";

export interface EnqueueOptions {
  delayMs?: number;
  /** Deduplicates: a job whose id is already known is not added again (BullMQ semantics). */
  jobId?: string;
}

export type JobPayload<N extends JobName> = z.input<JobByName<N>["payload"]>;

export interface FailedInProcessJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  error: string;
  failedAt: Date;
}

// Read at call time, not through the cached env(): tests (and the CLI) switch between Redis and
// in-process mode within one process.
function redisUrl(): string | undefined {
  return process.env.REDIS_URL || undefined;
}

/** Key prefix in Redis (runtime/redis-keys.ts); a unique one per test run keeps parallel runs apart. */
export function queuePrefix(): string {
  return redisKeyPrefix();
}

/** JOB_BACKOFF_MS overrides every definition's backoff: tests and incident handling want short waits. */
function backoffMs(def: AnyJobContract): number {
  const raw = process.env.JOB_BACKOFF_MS;
  if (raw === undefined || raw === "") return def.backoffMs;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`JOB_BACKOFF_MS must be a whole number of milliseconds, got "${raw}"`);
  return ms;
}

let logger: Logger | undefined;
/** The app's logger, tagged; created on first use so it takes the app logger's level at that time. */
export function jobLogger(): Logger {
  logger ??= appLogger.child({ component: "jobs" });
  return logger;
}

/**
 * Validates the payload, then hands the job to Redis (when REDIS_URL is set) or runs it in this
 * process. Throws an InvalidJobPayloadError naming the job and fields before anything is queued.
 */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  opts: EnqueueOptions = {},
): Promise<{ id: string }> {
  const def = requireJob(name);
  const parsed = parseJobPayload(def, payload);
  // BullMQ refuses these; refusing them in-process too keeps both modes alike.
  if (opts.jobId !== undefined && (opts.jobId.includes(":") || /^\d+$/.test(opts.jobId))) {
    throw new Error(`jobId "${opts.jobId}" is not allowed: it must not contain ":" or be a plain number`);
  }
  const url = redisUrl();
  if (url) {
    // The original payload goes to Redis: the worker validates it again with the same schema.
    const job = await redisQueue(url).add(def.name, payload, {
      jobId: opts.jobId,
      delay: opts.delayMs,
      attempts: def.attempts,
      backoff: { type: "exponential", delay: backoffMs(def) },
      removeOnComplete: { count: 1000 },
      // Failed jobs stay for admins to inspect and retry; bounded so a broken mailer cannot fill Redis.
      removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
    });
    return { id: job.id ?? opts.jobId ?? "" };
  }
  return { id: runInProcess(def, parsed, opts) };
}

/** Validates and runs a handler once, here and now (the CLI's `job run <name>`). */
export async function runJobNow(name: string, payload: unknown): Promise<void> {
  const def = requireJob(name);
  const parsed = parseJobPayload(def, payload);
  const jobId = `now-${randomUUID()}`;
  const job = await requireHandler(def.name);
  await job.handler(parsed, { attempt: 1, jobId, log: jobLogger().child({ job: def.name, jobId }) });
}

function requireJob(name: string): AnyJobContract {
  const def = findJob(name);
  if (!def) throw new Error(`Unknown job "${name}"`);
  return def;
}

/** The job's handler, imported when the job first runs (jobs/handlers.ts): enqueueing never loads it. */
async function requireHandler(name: string): Promise<AnyJobDefinition> {
  const job = await loadJobHandler(name);
  if (!job) throw new Error(`Job "${name}" has no handler`);
  return job;
}

/**
 * Removes every job whose payload `matches` and that no worker holds (waiting, including paused, delayed,
 * prioritized, failed, completed), from Redis or from this process's failed list; returns their ids.
 * An erasure uses it: a pending mail to an erased person must neither go out nor keep their address.
 * An active job is left alone (its worker holds the lock); it is seconds from done.
 */
export async function removeJobs(matches: (name: string, payload: unknown) => boolean): Promise<string[]> {
  const url = redisUrl();
  const removed: string[] = [];
  if (!url) {
    for (let i = failed.length - 1; i >= 0; i--) {
      if (matches(failed[i]!.name, failed[i]!.payload)) removed.push(failed.splice(i, 1)[0]!.id);
    }
    return removed;
  }
  const jobs = await redisQueue(url).getJobs([
    "waiting",
    "delayed",
    "prioritized",
    "waiting-children",
    "failed",
    "completed",
  ]);
  for (const job of jobs) {
    if (!job || !matches(job.name, job.data)) continue;
    await job.remove();
    removed.push(job.id ?? "");
  }
  return removed;
}

// ── Redis ───────────────────────────────────────────────────────────────────

const queues = processSingleton("jobs.queues", () => new Map<string, Queue>());

function redisQueue(url: string): Queue {
  const key = `${url} ${queuePrefix()}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = new Queue(QUEUE_NAME, { connection: { url }, prefix: queuePrefix() });
    queues.set(key, queue);
  }
  return queue;
}

// ── In-process ──────────────────────────────────────────────────────────────

// Process-wide (see processSingleton): the server and its bundled build must share one in-process queue.
const inProcess = processSingleton("jobs.in-process", () => ({
  pending: new Set<Promise<void>>(),
  failed: [] as FailedInProcessJob[],
  knownIds: new Set<string>(),
  sequence: 0,
  /** holdInProcessJobsForTests: while set, accepted jobs wait for it before they start */
  held: null as Promise<void> | null,
}));
const { pending, failed } = inProcess;
/** Ids of pending and recently finished jobs, for jobId deduplication (like BullMQ's kept jobs). */
const knownIds = inProcess.knownIds;
const KNOWN_IDS_LIMIT = 1000;

function runInProcess(def: AnyJobContract, payload: unknown, opts: EnqueueOptions): string {
  const id = opts.jobId ?? `local-${++inProcess.sequence}`;
  if (knownIds.has(id)) return id;
  knownIds.add(id);
  if (knownIds.size > KNOWN_IDS_LIMIT) knownIds.delete(knownIds.values().next().value ?? id);

  const run = (async () => {
    // Never inside the caller's request: the caller only learns that the job was accepted.
    if (opts.delayMs) await sleep(opts.delayMs);
    else await new Promise((resolve) => setImmediate(resolve));
    while (inProcess.held) await inProcess.held;
    const delay = backoffMs(def);
    for (let attempt = 1; ; attempt++) {
      const log = jobLogger().child({ job: def.name, jobId: id, attempt });
      try {
        // inside the attempt: a handler that cannot be loaded fails (and is retried) like any other run
        const job = await requireHandler(def.name);
        await job.handler(payload, { attempt, jobId: id, log });
        return;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof PermanentJobError || attempt >= def.attempts) {
          log.error({ err }, "job failed");
          failed.push({
            id,
            name: def.name,
            payload,
            attempts: attempt,
            error: message,
            failedAt: new Date(),
          });
          // for admins (their tenant's jobs) and the CLI; never throws
          await recordJobFailure({
            jobName: def.name,
            jobId: id,
            payload,
            error: message,
            attempts: attempt,
          });
          return;
        }
        // Same curve as BullMQ's "exponential": delay, 2×delay, 4×delay, …
        const wait = delay * 2 ** (attempt - 1);
        log.warn({ err, retryInMs: wait }, "job attempt failed, retrying");
        await sleep(wait);
      }
    }
  })();
  pending.add(run);
  void run.finally(() => pending.delete(run));
  return id;
}

/** Resolves once every in-process job, including its retries and any jobs it enqueued, is done. */
export async function drainInProcessJobs(): Promise<void> {
  // held jobs would never finish: a test that holds them releases them first
  if (inProcess.held) throw new Error("in-process jobs are held: release them before draining");
  while (pending.size > 0) await Promise.all(pending);
}

/**
 * Tests only (refused outside Vitest): in-process jobs that have not started yet (and those accepted
 * from now on) wait until the returned release() is called. A test of a race between requests holds them so that a job started by the
 * first request cannot finish before the second request has made its checks (the member export's
 * "two clicks at once": without the hold, the first export could be built and no longer pending by
 * then). Release in a finally block.
 */
export function holdInProcessJobsForTests(): () => void {
  if (!process.env.VITEST) throw new Error("holdInProcessJobsForTests is for tests only");
  if (inProcess.held) throw new Error("in-process jobs are held already");
  let open: () => void = () => {};
  inProcess.held = new Promise<void>((resolve) => (open = resolve));
  return () => {
    inProcess.held = null;
    open();
  };
}

/** In-process jobs that used up their attempts (or failed permanently), oldest first. */
export function listFailedInProcessJobs(): readonly FailedInProcessJob[] {
  return [...failed];
}

/**
 * Graceful shutdown: closes Redis connections and gives in-process jobs up to `timeoutMs` to
 * finish, since they live only in this process's memory.
 */
export async function closeQueue(opts: { timeoutMs?: number } = {}): Promise<void> {
  const closing = [...queues.values()].map((q) => q.close());
  queues.clear();
  await Promise.all(closing);
  // Unreferenced: an early drain must not leave the process waiting for this timer.
  const timeout = sleep(opts.timeoutMs ?? 10_000, "timeout" as const, { ref: false });
  const outcome = await Promise.race([drainInProcessJobs().then(() => "drained" as const), timeout]);
  if (outcome === "timeout")
    jobLogger().warn({ abandoned: pending.size }, "in-process jobs still running at shutdown");
}
