import { z } from "zod";

const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);

/**
 * The click pipeline's settings. Read from process.env on first use and cached (the hot path must
 * not parse per click); tests that switch REDIS_URL mid-file call resetClickConfig(). Validated
 * with zod like the app's env: a bad value fails loudly instead of silently disabling the limit.
 */
export const ClickTrackingEnv = z.object({
  REDIS_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .optional(),
  ),
  /**
   * The Redis key prefix of this deployment (shared with BullMQ and the rate limits; the same rule as
   * runtime/redis-keys.ts): the stream is <prefix>:chorus-clicks. Hash-tagged on Redis Cluster.
   */
  QUEUE_PREFIX: z.preprocess(blankIsUnset, z.string().min(1).default("bull")),
  /** Clicks recorded per client IP per minute and process; beyond it the redirect still answers. */
  CLICK_RATE_LIMIT_PER_MINUTE: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).default(60)),
  /**
   * A drain consumer silent this long (ms) is presumed crashed and its unacknowledged stream entries
   * are claimed by another. Short by default: drains take an advisory lock (one at a time per
   * database), so a live drain rarely holds entries while another runs; if it does, its batch is
   * stored twice (harmless: inserts are idempotent, only wasted work).
   */
  CLICK_CLAIM_IDLE_MS: z.preprocess(
    blankIsUnset,
    z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  ),
});

export interface ClickConfig {
  redisUrl: string | undefined;
  streamKey: string;
  saltKeyPrefix: string;
  ratePerMinute: number;
  claimIdleMs: number;
}

let cached: ClickConfig | undefined;

export function clickConfig(): ClickConfig {
  if (cached) return cached;
  const result = ClickTrackingEnv.safeParse(process.env);
  if (!result.success) {
    throw new Error(
      `Invalid click tracking settings: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const e = result.data;
  cached = {
    redisUrl: e.REDIS_URL,
    streamKey: `${e.QUEUE_PREFIX}:chorus-clicks`,
    saltKeyPrefix: `${e.QUEUE_PREFIX}:chorus-click-salt:`,
    ratePerMinute: e.CLICK_RATE_LIMIT_PER_MINUTE,
    claimIdleMs: e.CLICK_CLAIM_IDLE_MS,
  };
  return cached;
}

/** Tests (and the benchmark) change the environment within one process. */
export function resetClickConfig(): void {
  cached = undefined;
}
