import { Redis } from "ioredis";
import { QUEUE_NAME, queuePrefix } from "~/jobs/queue.ts";

/**
 * BullMQ keeps a log of job events in a Redis stream (<prefix>:chorus:events, up to ~10,000
 * entries): a failed mail's entry carries its failedReason ("Resend refused the email to
 * <address> …") after the job itself is removed. An entry names no tenant: the erasure passes
 * `matches` (the jobs it removed, and the address or user id only when the person is gone from every
 * tenant). Deletes the entries whose fields match; returns how many. Nothing to do without Redis (the
 * in-process queue keeps no such log).
 */
export async function eraseFromQueueEvents(
  matches: (fields: Record<string, string>) => boolean,
): Promise<number> {
  const url = process.env.REDIS_URL || undefined;
  if (!url) return 0;
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    const key = `${queuePrefix()}:${QUEUE_NAME}:events`;
    let removed = 0;
    let start = "-";
    for (;;) {
      const entries = await client.xrange(key, start, "+", "COUNT", 1000);
      const doomed = entries.filter(([, fields]: [string, string[]]) =>
        matches(
          Object.fromEntries(fields.flatMap((f, i) => (i % 2 === 0 ? [[f, fields[i + 1] ?? ""]] : []))),
        ),
      );
      if (doomed.length > 0) removed += await client.xdel(key, ...doomed.map(([id]) => id));
      if (entries.length < 1000) break;
      start = `(${entries.at(-1)![0]}`;
    }
    return removed;
  } finally {
    await client.quit().catch(() => client.disconnect());
  }
}
