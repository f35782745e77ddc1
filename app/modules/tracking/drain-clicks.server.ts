import { sql } from "kysely";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import type { Redis } from "ioredis";
import { readyClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "~/app/modules/tracking/config.server.ts";
import type { PendingClick } from "~/app/modules/tracking/record-click.server.ts";
import { linkCodeRows } from "~/app/modules/tracking/resolve-link.server.ts";
import { purgeMemberIpKeys } from "~/app/modules/tracking/member-ip.server.ts";
import { purgeOldSalts } from "~/app/modules/tracking/visitor-hash.server.ts";

export interface DrainResult {
  /** clicks read from the stream and the inbox (a replayed click is read again) */
  read: number;
  /** new click_events rows */
  inserted: number;
  selfClicks: number;
  /** unknown codes, or tracking stopped before the click */
  skipped: number;
  /** another process was draining (ifIdle): this run did nothing */
  busy?: true;
}

/** Stream entries per read (each holds up to 256 clicks), inbox rows per read. */
const BATCH = 1_000;
const STREAM_BATCH = 20;
const GROUP = "chorus-drain";
/** pg_advisory lock key of the drain (advisory locks are per database): one drain at a time. */
export const DRAIN_LOCK_KEY = 7_304_110_321;
/** How long a drain waits for a Redis that is not connected before it drains only the inbox. */
const REDIS_WAIT_MS = 1_000;

const state = processSingleton("tracking.drain", () => ({ groups: new Set<string>(), lastSaltPurge: 0 }));

export interface DrainOptions {
  /** stream reads and inbox reads per run (each up to 20 stream entries or 1000 rows) */
  maxBatches?: number;
  /**
   * Timers and scheduled ticks: return at once (busy) when another process is draining. Without it
   * the call waits for that drain to end and then drains (tests, `job run`).
   */
  ifIdle?: boolean;
}

/**
 * Moves handed-off clicks into click_events: the Redis stream (consumer group; acknowledged and
 * deleted only after the batch committed) and the click_inbox table (deleted after commit).
 * Idempotent: click_events is unique on (tenant_id, event_key, clicked_at) and inserts do nothing on
 * conflict, so a batch replayed after a crash between commit and acknowledgement adds nothing.
 * clicked_at belongs to the key because the table is partitioned by it (0027); it is part of the
 * stream entry or inbox row (set once, at the redirect), so a replayed click has the same one.
 *
 * One drain at a time per database (PostgreSQL advisory lock, held by a transaction for the whole
 * run and released by the server if the process dies): every worker's timer and every scheduled
 * tick may call this without two of them reading the inbox at once.
 */
export async function drainClicks(opts: DrainOptions = {}): Promise<DrainResult> {
  const handle = await database();
  // PGlite is one process with one connection: nothing to exclude, and a held transaction would block it.
  if (handle.kind !== "postgres") return drainUnlocked(opts);
  return handle.db.transaction().execute(async (tx) => {
    if (opts.ifIdle) {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${DRAIN_LOCK_KEY}::bigint) as locked`.execute(tx);
      if (!rows[0]?.locked) return { read: 0, inserted: 0, selfClicks: 0, skipped: 0, busy: true as const };
    } else {
      await sql`select pg_advisory_xact_lock(${DRAIN_LOCK_KEY}::bigint)`.execute(tx);
    }
    // The work itself runs on other pooled connections: this transaction only holds the lock.
    return drainUnlocked(opts);
  });
}

async function drainUnlocked(opts: DrainOptions): Promise<DrainResult> {
  const result: DrainResult = { read: 0, inserted: 0, selfClicks: 0, skipped: 0 };
  const maxBatches = opts.maxBatches ?? 200;
  const { redisUrl } = clickConfig();
  if (redisUrl) {
    try {
      await drainStream(redisUrl, result, maxBatches);
    } catch (err) {
      // The stream keeps its entries; the next run takes them. The inbox still drains now.
      logger.warn({ err: (err as Error).message }, "click stream not drained this time");
    }
  }
  await drainInbox(result, maxBatches);
  if (Date.now() - state.lastSaltPurge > 3_600_000) {
    state.lastSaltPurge = Date.now();
    await purgeOldSalts();
    await purgeMemberIpKeys();
  }
  return result;
}

/**
 * A database-driven drain in this process, every `everyMs` after the previous run ended. The
 * worker runs it beside the scheduled drain-clicks job, so click_inbox (the fallback while Redis is
 * down) drains when no BullMQ job can run, and a crashed worker's share is picked up within one
 * period instead of after BullMQ's stalled-job check. Returns a stop function that waits for a run
 * in progress.
 */
export function startDrainTimer(opts: { everyMs: number; log: Logger }): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = drainClicks({ ifIdle: true })
      .then((result) => {
        if (result.read > 0) opts.log.debug(result, "clicks drained (timer)");
      })
      .catch((err: unknown) =>
        opts.log.warn({ err: (err as Error).message }, "click drain failed; next try in one period"),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, opts.everyMs);
      });
  };
  timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

type StreamEntry = [id: string, fields: string[] | null];

async function drainStream(url: string, result: DrainResult, maxBatches: number): Promise<void> {
  const client = await readyClickRedis(url, REDIS_WAIT_MS);
  const { streamKey } = clickConfig();
  try {
    await drainStreamWith(client, result, maxBatches);
  } catch (err) {
    // Redis lost its data (restarted without AOF, flushed, failed over to an empty replica): the
    // stream and its consumer group are gone while this process still remembers creating the group.
    // New clicks recreate the stream with XADD; the group must be recreated here, or the drain stays
    // stuck on NOGROUP until a restart.
    if (!(err as Error).message.includes("NOGROUP")) throw err;
    logger.warn(
      { stream: streamKey },
      "click stream consumer group was gone (Redis lost its data?): recreating it",
    );
    state.groups.delete(streamKey);
    await drainStreamWith(client, result, maxBatches);
  }
}

async function drainStreamWith(client: Redis, result: DrainResult, maxBatches: number): Promise<void> {
  // claimIdleMs: a consumer silent this long is presumed crashed
  const { streamKey, claimIdleMs } = clickConfig();
  if (!state.groups.has(streamKey)) {
    try {
      // "0": a group created after clicks were already added still sees them
      await client.xgroup("CREATE", streamKey, GROUP, "0", "MKSTREAM");
    } catch (err) {
      if (!(err as Error).message.includes("BUSYGROUP")) throw err;
    }
    state.groups.add(streamKey);
  }
  const consumer = `${hostname()}:${process.pid}`;

  const store = async (entries: StreamEntry[]) => {
    if (entries.length === 0) return;
    const clicks: PendingClick[] = [];
    for (const [, fields] of entries) clicks.push(...parseEntry(fields));
    result.read += clicks.length;
    await storeClicks(clicks, result);
    const ids = entries.map(([id]) => id);
    // Only now, with the rows committed: a crash before this line replays the batch, harmlessly.
    await client
      .pipeline()
      .xack(streamKey, GROUP, ...ids)
      .xdel(streamKey, ...ids)
      .exec();
  };

  // 1. entries of a consumer that crashed mid-batch (idle for claimIdleMs) become ours
  let cursor = "0-0";
  for (let i = 0; i < maxBatches; i++) {
    const [next, claimed] = (await client.xautoclaim(
      streamKey,
      GROUP,
      consumer,
      claimIdleMs,
      cursor,
      "COUNT",
      STREAM_BATCH,
    )) as [string, StreamEntry[], string[]?];
    await store(claimed.filter(([, fields]) => fields !== null));
    cursor = next;
    if (cursor === "0-0") break;
  }
  // 2. our own unacknowledged entries (an earlier run of this process failed after reading), then new ones
  for (const from of ["0", ">"]) {
    for (let i = 0; i < maxBatches; i++) {
      const reply = (await client.xreadgroup(
        "GROUP",
        GROUP,
        consumer,
        "COUNT",
        STREAM_BATCH,
        "STREAMS",
        streamKey,
        from,
      )) as [string, StreamEntry[]][] | null;
      const entries = reply?.[0]?.[1] ?? [];
      const live = entries.filter(([, fields]) => fields !== null);
      // entries deleted while pending come back with null fields: acknowledge them away
      const gone = entries.filter(([, fields]) => fields === null).map(([id]) => id);
      if (gone.length > 0) await client.xack(streamKey, GROUP, ...gone);
      await store(live);
      if (entries.length < STREAM_BATCH || from === "0") break;
    }
  }
}

/** An entry holds a batch of clicks (field "b", a JSON array); invalid clicks are logged and dropped. */
function parseEntry(fields: string[] | null): PendingClick[] {
  if (!fields) return [];
  const at = fields.indexOf("b");
  const json = at >= 0 ? fields[at + 1] : undefined;
  let parsed: unknown;
  try {
    parsed = json ? JSON.parse(json) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) {
    // acknowledged with its batch: it can never become valid
    logger.error({ fields }, "malformed click stream entry dropped");
    return [];
  }
  return parsed.filter((click: Partial<PendingClick> | null): click is PendingClick => {
    const ok =
      !!click &&
      typeof click.k === "string" &&
      typeof click.c === "string" &&
      typeof click.t === "number" &&
      typeof click.v === "string";
    if (!ok) logger.error({ click }, "malformed click dropped");
    return ok;
  });
}

async function drainInbox(result: DrainResult, maxBatches: number): Promise<void> {
  const { db } = await database();
  for (let i = 0; i < maxBatches; i++) {
    const rows = await db.selectFrom("click_inbox").selectAll().orderBy("clicked_at").limit(BATCH).execute();
    if (rows.length === 0) return;
    const clicks = rows.map((row): PendingClick => ({
      k: row.event_key,
      c: row.code,
      t: row.clicked_at.getTime(),
      v: row.visitor_hash,
      r: row.referrer_host,
      s: row.session_id,
      ...(row.ip_key ? { i: row.ip_key } : {}),
      ...(row.net_key ? { n: row.net_key } : {}),
    }));
    result.read += clicks.length;
    await storeClicks(clicks, result);
    // Only after the rows are in click_events: a crash before this replays the batch, harmlessly.
    await db
      .deleteFrom("click_inbox")
      .where(
        "event_key",
        "in",
        rows.map((r) => r.event_key),
      )
      .execute();
    if (rows.length < BATCH) return;
  }
}

/** Resolves codes and sessions for the whole batch (two queries), then one insert per tenant. */
async function storeClicks(clicks: PendingClick[], result: DrainResult): Promise<void> {
  if (clicks.length === 0) return;
  const { db } = await database();
  const codes = [...new Set(clicks.map((c) => c.c))];
  const links = new Map((await linkCodeRows(db, codes)).map((l) => [l.code, l]));
  const sessionIds = [...new Set(clicks.flatMap((c) => (c.s ? [c.s] : [])))];
  const sessionUsers = new Map(
    sessionIds.length === 0
      ? []
      : (
          await db.selectFrom("sessions").select(["id", "user_id"]).where("id", "in", sessionIds).execute()
        ).map((s) => [s.id, s.user_id]),
  );

  const byTenant = new Map<
    string,
    {
      tenant_id: string;
      share_id: string;
      event_key: string;
      clicked_at: Date;
      visitor_hash: string;
      is_bot: boolean;
      referrer_host: string | null;
      ip_key: string | null;
      net_key: string | null;
    }[]
  >();
  for (const click of clicks) {
    const link = links.get(click.c);
    if (!link || (link.tracking_stopped_at && link.tracking_stopped_at.getTime() <= click.t)) {
      result.skipped++;
      continue;
    }
    if (click.s && sessionUsers.get(click.s) === link.sharer_user_id) {
      result.selfClicks++;
      continue;
    }
    let rows = byTenant.get(link.tenant_id);
    if (!rows) byTenant.set(link.tenant_id, (rows = []));
    rows.push({
      tenant_id: link.tenant_id,
      share_id: link.share_id,
      event_key: click.k,
      clicked_at: new Date(click.t),
      visitor_hash: click.v,
      // bots are answered but never handed off
      is_bot: false,
      referrer_host: click.r,
      // entries of an older process have no keys: credit falls back to the visitor hash for them
      ip_key: typeof click.i === "string" ? click.i : null,
      net_key: typeof click.n === "string" ? click.n : null,
    });
  }
  for (const [tenantId, rows] of byTenant) {
    const inserted = await withTenant(db, tenantId, async (tx) => {
      const stored = await tx
        .insertInto("click_events")
        .values(rows)
        .onConflict((oc) => oc.columns(["tenant_id", "event_key", "clicked_at"]).doNothing())
        .returning("clicked_at")
        .execute();
      // in the same transaction: the rollup that takes these days waits for this commit
      await markDirtyDays(
        tx,
        tenantId,
        stored.map((r) => r.clicked_at),
      );
      return stored.length;
    });
    result.inserted += inserted;
  }
}
