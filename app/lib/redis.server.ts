import { Redis } from "ioredis";
import { env } from "~/app/lib/env.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";

const slot = processSingleton("redis", () => ({ client: undefined as Redis | undefined }));

/** The process's shared Redis connection (only when REDIS_URL is set). */
export function redis(): Redis {
  const url = env().REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set");
  slot.client ??= new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  return slot.client;
}

export async function closeRedis(): Promise<void> {
  const c = slot.client;
  slot.client = undefined;
  if (c) await c.quit().catch(() => c.disconnect());
}
