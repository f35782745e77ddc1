import { Redis } from "ioredis";
import { logger } from "~/runtime/logger.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";

/**
 * The click pipeline's own Redis connection (one per URL and process), not the app's shared one:
 * the hot path wants a command to fail at once when Redis is away (no offline queue, short
 * timeout) so the click falls back to the database, while BullMQ and the rate limiter prefer to
 * wait for a reconnect.
 */
const clients = processSingleton("tracking.redis", () => new Map<string, Redis>());

export function clickRedis(url: string): Redis {
  let client = clients.get(url);
  if (!client) {
    const created = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    let lastLog = 0;
    created.on("error", (err: Error) => {
      // ioredis emits an error per reconnect attempt; one line every 10 s is enough
      const now = Date.now();
      if (now - lastLog < 10_000) return;
      lastLog = now;
      logger.warn(
        { err: err.message },
        "click pipeline: Redis unavailable, clicks fall back to the database",
      );
    });
    clients.set(url, created);
    client = created;
  }
  return client;
}

/** The client once connected, or an error after `timeoutMs` (the drain job may wait; the hot path does not). */
export async function readyClickRedis(url: string, timeoutMs = 3_000): Promise<Redis> {
  const client = clickRedis(url);
  if (client.status === "ready") return client;
  // Lost and waiting for its next reconnect attempt: Redis is down, do not wait for it.
  if (client.status === "reconnecting") throw new Error(`Redis at ${new URL(url).host} is not reachable`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off("ready", onReady);
      reject(new Error(`Redis at ${new URL(url).host} is not reachable`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once("ready", onReady);
  });
  return client;
}

export async function closeClickRedis(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
}
