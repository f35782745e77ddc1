import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { RateLimitedError } from "~/app/lib/errors.ts";
import { env } from "~/app/lib/env.server.ts";
import { redis } from "~/app/lib/redis.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { redisKeyPrefix } from "~/runtime/redis-keys.ts";

interface Limit {
  key: string;
  points: number;
  durationSeconds: number;
}

/** Shared across web processes through Redis when configured; per process otherwise. */
const limiters = processSingleton("rate-limiters", () => new Map<string, RateLimiterAbstract>());

function limiter({ key, points, durationSeconds }: Limit): RateLimiterAbstract {
  let l = limiters.get(key);
  if (!l) {
    const client = env().REDIS_URL ? redis() : undefined;
    // under the deployment's one Redis prefix (runtime/redis-keys.ts), like every other key
    const opts = { keyPrefix: `${redisKeyPrefix()}:chorus-rl:${key}`, points, duration: durationSeconds };
    l = client ? new RateLimiterRedis({ ...opts, storeClient: client }) : new RateLimiterMemory(opts);
    limiters.set(key, l);
  }
  return l;
}

/**
 * Sign-in links. The strict bucket is per address AND client IP (subject `signInSubject`): one
 * network hammering an address uses up only its own bucket, so it cannot lock the person out of
 * signing in from elsewhere. The hourly bucket per address only guards the mailbox against a flood
 * from many networks; unset, it is four strict windows' worth (20 with the defaults), so raising
 * SIGN_IN_LIMIT_PER_EMAIL (tests, a shared NAT) raises it too.
 */
export const signInPerEmailAndIp = (): Limit => ({
  key: "signin-email-ip",
  points: env().SIGN_IN_LIMIT_PER_EMAIL,
  durationSeconds: 15 * 60,
});
export const signInPerEmailHourly = (): Limit => ({
  key: "signin-email-hour",
  points: env().SIGN_IN_LIMIT_PER_EMAIL_HOURLY ?? 4 * env().SIGN_IN_LIMIT_PER_EMAIL,
  durationSeconds: 60 * 60,
});
/** An IP cannot contain "|", so the pair is unambiguous whatever the address holds. */
export const signInSubject = (email: string, ip: string): string => `${ip}|${email}`;
export const signInPerIp = (): Limit => ({
  key: "signin-ip",
  points: env().SIGN_IN_LIMIT_PER_IP,
  durationSeconds: 15 * 60,
});
export const SIGNUP_PER_IP: Limit = { key: "signup-ip", points: 10, durationSeconds: 60 * 60 };
/** Public API requests per token (the subject is the token id, never the secret). */
export const apiPerToken = (): Limit => ({
  key: "api-token",
  points: env().API_RATE_LIMIT_PER_MINUTE,
  durationSeconds: 60,
});

/**
 * Member actions that create records or send mail, each kind counted on its own: a burst of kudos
 * does not use up the posts. Enough for real work (30 in 10 minutes by default), too few for a script
 * or a stuck double-submit to flood a tenant's feed or the mail provider.
 */
export const MEMBER_ACTIONS = [
  "post",
  "suggestion",
  "share",
  "kudos",
  "escalation",
  "invitation",
  "goal",
  "review",
] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];
export const memberActions = (action: MemberAction): Limit => ({
  key: `member-${action}`,
  points: env().MEMBER_ACTION_LIMIT,
  durationSeconds: 10 * 60,
});

/** Consumes one point for `subject`; throws RateLimitedError (429 with Retry-After) when used up. */
export async function consume(limit: Limit, subject: string): Promise<void> {
  try {
    await limiter(limit).consume(subject);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** Tests only: forget all counts. */
export async function resetRateLimits(): Promise<void> {
  limiters.clear();
}
