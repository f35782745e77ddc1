import type { Logger } from "pino";
import type { z } from "zod";

export interface JobContext {
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** Stable across retries of one job: a natural idempotency key when the payload has none. */
  jobId: string;
  log: Logger;
}

/**
 * What enqueueing a job needs, and nothing more: its name, payload schema and retry policy. Contracts
 * live in jobs/contracts/ and import no handler, so a module that enqueues a job never loads the
 * job's code (or, through it, the modules the job calls back into).
 */
export interface JobContract<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  payload: S;
  /** Total runs including the first. */
  attempts: number;
  /** First retry waits this long; every further retry doubles it. */
  backoffMs: number;
}

export type AnyJobContract = JobContract<string, z.ZodType>;

/** A contract with its handler: what jobs/definitions/<name>.ts exports, loaded by name when the job runs. */
export interface JobDefinition<
  N extends string = string,
  S extends z.ZodType = z.ZodType,
> extends JobContract<N, S> {
  // Method syntax on purpose: it keeps a JobDefinition<"send-email", …> assignable to the generic
  // JobDefinition that the queue and worker dispatch through.
  handler(payload: z.output<S>, ctx: JobContext): Promise<void>;
}

export type AnyJobDefinition = JobDefinition<string, z.ZodType>;

/** A job's contract (jobs/contracts/<name>.ts): 5 attempts and a 2 s first backoff unless it says otherwise. */
export function defineJob<const N extends string, S extends z.ZodType>(def: {
  name: N;
  payload: S;
  attempts?: number;
  backoffMs?: number;
}): JobContract<N, S> {
  return { ...def, attempts: def.attempts ?? 5, backoffMs: def.backoffMs ?? 2000 };
}

/** A job's handler (jobs/definitions/<name>.ts), bound to its contract. */
export function defineHandler<N extends string, S extends z.ZodType>(
  contract: JobContract<N, S>,
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void>,
): JobDefinition<N, S> {
  return { ...contract, handler };
}

/** Throw from a handler when running it again cannot help (the job fails at once, no retries). */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export class InvalidJobPayloadError extends Error {
  constructor(
    readonly job: string,
    readonly fields: string[],
    detail: string,
  ) {
    super(`Invalid payload for job "${job}": ${detail}`);
    this.name = "InvalidJobPayloadError";
  }
}

/** Validates a payload against the job's schema; the error names the job and every bad field. */
export function parseJobPayload<S extends z.ZodType>(
  def: JobContract<string, S>,
  payload: unknown,
): z.output<S> {
  const result = def.payload.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: i.path.map(String).join(".") || "(payload)",
    message: i.message,
  }));
  throw new InvalidJobPayloadError(
    def.name,
    issues.map((i) => i.field),
    issues.map((i) => `${i.field}: ${i.message}`).join("; "),
  );
}
