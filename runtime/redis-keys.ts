/**
 * The prefix of every Redis key Chorus writes (QUEUE_PREFIX, default "bull"):
 *
 *   <prefix>:chorus:…                 BullMQ's queue (jobs, schedulers, events; jobs/queue.ts)
 *   <prefix>:chorus-clicks            the click stream (app/modules/tracking/config.server.ts)
 *   <prefix>:chorus-click-salt:<day>  the daily visitor-hash salts
 *   <prefix>:chorus-rl:<limit>:<who>  the rate limits (app/lib/rate-limit.server.ts)
 *
 * On Redis Cluster the prefix carries a hash tag, e.g. QUEUE_PREFIX={chorus}: BullMQ's scripts touch
 * several keys of the queue in one call, and a key's slot is then computed from "chorus" alone, so all
 * of them share one slot. The default stays "bull": changing it on a running deployment would orphan
 * the queued jobs and the undrained clicks under the old keys.
 */
export function redisKeyPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return env.QUEUE_PREFIX || "bull";
}
