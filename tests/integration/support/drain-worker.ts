/**
 * A worker for tests/integration/reach-crash.test.ts, run as its own process (node --import tsx):
 * what the scheduled drain-clicks and rollup-reach jobs do, in a loop, until the click stream is
 * empty and no day is left to roll up; then it exits 0. The test kills one of these mid-batch.
 *
 * Environment: DATABASE_URL, REDIS_URL, QUEUE_PREFIX (the test's own stream), CLICK_CLAIM_IDLE_MS.
 */
import { Redis } from "ioredis";
import { rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { closeDatabase, database } from "~/db/client.ts";

const { db } = await database();
const { redisUrl, streamKey } = clickConfig();
if (!redisUrl) throw new Error("REDIS_URL is not set");
const redis = new Redis(redisUrl);

for (;;) {
  // one stream batch (20 entries) per tick, as a slow worker would
  const drained = await drainClicks({ maxBatches: 1 });
  const rolled = await rollupDirty(db);
  process.stdout.write(`${JSON.stringify({ drained, rolled })}\n`);
  if (drained.read === 0 && rolled.days === 0 && (await redis.xlen(streamKey)) === 0) break;
}
await redis.quit();
await closeClickRedis();
await closeDatabase();
process.exit(0);
