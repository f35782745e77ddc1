import { randomBytes } from "node:crypto";
import { database } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { clickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "~/app/modules/tracking/config.server.ts";
import type { ResolvedLink } from "~/app/modules/tracking/resolve-link.server.ts";
import {
  cachedSalt,
  dailySalt,
  ipKey,
  networkKey,
  visitorHash,
} from "~/app/modules/tracking/visitor-hash.server.ts";

/** A click on its way to click_events: a Redis stream entry carries a batch of these, a click_inbox row one. */
export interface PendingClick {
  /** event key, unique per click: the drain inserts each key once */
  k: string;
  /** link code */
  c: string;
  /** clicked at, ms since the epoch */
  t: number;
  /** visitor hash */
  v: string;
  /** referrer host */
  r: string | null;
  /** sessions.id of a signed-in clicker (self-click check in the drain) */
  s: string | null;
  /** IP key (credit: one visitor whatever the user agent); absent from an older process */
  i?: string;
  /** network key (IPv4 /24, IPv6 /48: bursts); absent from an older process */
  n?: string;
}

export interface ClickRequest {
  ip: string;
  userAgent: string;
  referer: string | undefined;
  cookie: string | undefined;
}

// Redis: one XADD per 10 ms or 256 clicks. Database: a multi-row insert per 100 ms or 500 clicks.
// 10 ms rather than 2: each XADD costs the links process a write, a reply and a promise, and Redis
// its own CPU on the same cores; at 30k clicks/s that is ~120 commands a second instead of 500. The
// price: a process that crashes (SIGKILL, OOM; not SIGTERM, which flushes) loses up to 10 ms of
// clicks, at most one batch (256 clicks), instead of up to 2 ms.
const REDIS_BATCH_MS = 10;
const REDIS_BATCH_MAX = 256;
const DB_BATCH_MS = 100;
const DB_BATCH_MAX = 500;
/** If the database is away too, keep this many clicks in memory before dropping the oldest. */
const DB_BACKLOG_MAX = 100_000;
/** Distinct IPs tracked per minute; a flood from more addresses than that records nothing new. */
const RATE_KEYS_MAX = 200_000;

const state = processSingleton("tracking.handoff", () => ({
  /** each click as its JSON (clickJson), so a flush only joins them */
  redisBatch: [] as string[],
  redisTimer: undefined as NodeJS.Timeout | undefined,
  dbBatch: [] as PendingClick[],
  dbTimer: undefined as NodeJS.Timeout | undefined,
  dbFlush: undefined as Promise<void> | undefined,
  inflight: new Set<Promise<unknown>>(),
  rate: { windowStart: 0, counts: new Map<string, number>() },
  stats: { accepted: 0, rateLimited: 0, toRedis: 0, toDatabase: 0, dropped: 0 },
}));

/**
 * Event keys: a random prefix per process (128 bits, base64url) and a counter. As unique as a UUID
 * across processes and restarts, without randomUUID()'s string of 20 pieces (about 600 bytes of
 * garbage a click; this ~120); JSON-safe, as clickJson needs. Only the drain's idempotency uses it.
 */
const eventKeys = processSingleton("tracking.event-keys", () => ({
  prefix: randomBytes(16).toString("base64url"),
  next: 0,
}));

function eventKey(): string {
  return `${eventKeys.prefix}.${(eventKeys.next++).toString(36)}`;
}

/**
 * Records one click of `link`, off the response's critical path: the caller has already ended the
 * response. Synchronous on the usual path (salt cached): a rate-limit check, three sha256 (visitor
 * hash, IP key, network key), a push into a batch. Never throws.
 */
export function recordClick(link: ResolvedLink, request: ClickRequest, now = Date.now()): void {
  if (link.trackingStopped || !allowedByRateLimit(request.ip, now)) return;
  const click: PendingClick = {
    k: eventKey(),
    c: link.code,
    t: now,
    v: "",
    r: referrerHost(request.referer),
    s: sessionIdFromCookie(request.cookie),
  };
  state.stats.accepted++;
  const salt = cachedSalt(now);
  if (salt !== undefined) {
    hashInto(click, salt, request);
    handOff(click);
    return;
  }
  // First click of the day in this process: the salt is fetched once; the raw IP waits in memory meanwhile.
  const waiting = dailySalt(now).then(
    (s) => {
      hashInto(click, s, request);
      handOff(click);
    },
    (err: unknown) => {
      state.stats.dropped++;
      logger.error({ err }, "click dropped: no visitor-hash salt (Redis and database unavailable)");
    },
  );
  track(waiting);
}

/** The visitor hash (analytics) and the credit keys: three sha256, never the raw IP past this point. */
function hashInto(click: PendingClick, salt: string, request: ClickRequest): void {
  click.v = visitorHash(salt, request.ip, request.userAgent);
  click.i = ipKey(salt, request.ip);
  click.n = networkKey(salt, request.ip);
}

function allowedByRateLimit(ip: string, now: number): boolean {
  const rate = state.rate;
  if (now - rate.windowStart >= 60_000) {
    rate.windowStart = now;
    rate.counts.clear();
  }
  const used = rate.counts.get(ip);
  if (used === undefined && rate.counts.size >= RATE_KEYS_MAX) {
    state.stats.rateLimited++;
    return false;
  }
  if ((used ?? 0) >= clickConfig().ratePerMinute) {
    state.stats.rateLimited++;
    return false;
  }
  rate.counts.set(ip, (used ?? 0) + 1);
  return true;
}

function referrerHost(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const host = new URL(referer).hostname;
    return host ? host.slice(0, 253) : null;
  } catch {
    return null;
  }
}

/** The session id (= sha256 of the cookie token, what sessions.id stores), never the token itself. */
function sessionIdFromCookie(cookie: string | undefined): string | null {
  if (!cookie) return null;
  const name = sessionCookieName();
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const token = part.slice(eq + 1).trim();
    return /^[a-z2-7]{32}$/.test(token) ? hashToken(token) : null;
  }
  return null;
}

function handOff(click: PendingClick): void {
  if (clickConfig().redisUrl) {
    state.redisBatch.push(clickJson(click));
    if (state.redisBatch.length >= REDIS_BATCH_MAX) flushRedisBatch();
    else state.redisTimer ??= setTimeout(flushRedisBatch, REDIS_BATCH_MS);
  } else {
    toDatabase(click);
  }
}

function flushRedisBatch(): void {
  clearTimeout(state.redisTimer);
  state.redisTimer = undefined;
  const batch = state.redisBatch;
  if (batch.length === 0) return;
  state.redisBatch = [];
  const { redisUrl, streamKey } = clickConfig();
  const client = redisUrl ? clickRedis(redisUrl) : undefined;
  // Not connected (down, or still connecting): straight to the database, nothing waits for Redis.
  if (!client || client.status !== "ready") {
    for (const json of batch) toDatabase(JSON.parse(json) as PendingClick);
    return;
  }
  // One stream entry per batch: one command for Redis and ioredis instead of one per click (on two
  // cores Redis competes with the web process for CPU). The drain unpacks it.
  const sent = client.xadd(streamKey, "*", "b", `[${batch.join(",")}]`).then(
    () => {
      state.stats.toRedis += batch.length;
    },
    () => {
      // A failed (or timed-out) XADD may still have landed: the event keys make a second copy harmless.
      for (const json of batch) toDatabase(JSON.parse(json) as PendingClick);
    },
  );
  track(sent);
}

/**
 * JSON.stringify(click) of a handed-off click (every field set), written out: about a third of the
 * cost, with no intermediate array of objects to stringify per batch. The key, hashes and session id
 * are our own hex, UUID or base64url; the code and the referrer host go through JSON.stringify.
 */
export function clickJson(c: PendingClick): string {
  const s = c.s === null ? "null" : `"${c.s}"`;
  const r = c.r === null ? "null" : JSON.stringify(c.r);
  return `{"k":"${c.k}","c":${JSON.stringify(c.c)},"t":${c.t},"v":"${c.v}","r":${r},"s":${s},"i":"${c.i}","n":"${c.n}"}`;
}

function toDatabase(click: PendingClick): void {
  state.dbBatch.push(click);
  if (state.dbBatch.length >= DB_BATCH_MAX) void flushDatabaseBatch();
  else state.dbTimer ??= setTimeout(() => void flushDatabaseBatch(), DB_BATCH_MS);
}

/** One insert at a time; a failed batch goes back to the front and is retried on the next tick. */
function flushDatabaseBatch(): Promise<void> {
  clearTimeout(state.dbTimer);
  state.dbTimer = undefined;
  if (state.dbFlush) return state.dbFlush.then(() => flushDatabaseBatch());
  const batch = state.dbBatch.splice(0, DB_BATCH_MAX);
  if (batch.length === 0) return Promise.resolve();
  const flush = insertIntoInbox(batch)
    .then(
      () => {
        state.stats.toDatabase += batch.length;
      },
      (err: unknown) => {
        state.dbBatch.unshift(...batch);
        const excess = state.dbBatch.length - DB_BACKLOG_MAX;
        if (excess > 0) {
          state.dbBatch.splice(0, excess);
          state.stats.dropped += excess;
        }
        logger.error({ err, backlog: state.dbBatch.length }, "click inbox insert failed; retrying");
        state.dbTimer ??= setTimeout(() => void flushDatabaseBatch(), 1_000);
      },
    )
    .finally(() => {
      state.dbFlush = undefined;
      if (state.dbBatch.length >= DB_BATCH_MAX) void flushDatabaseBatch();
      else if (state.dbBatch.length > 0)
        state.dbTimer ??= setTimeout(() => void flushDatabaseBatch(), DB_BATCH_MS);
    });
  state.dbFlush = flush;
  return flush;
}

async function insertIntoInbox(batch: PendingClick[]): Promise<void> {
  const { db } = await database();
  await db
    .insertInto("click_inbox")
    .values(
      batch.map((c) => ({
        event_key: c.k,
        code: c.c,
        clicked_at: new Date(c.t),
        visitor_hash: c.v,
        referrer_host: c.r,
        session_id: c.s,
        ip_key: c.i ?? null,
        net_key: c.n ?? null,
      })),
    )
    .onConflict((oc) => oc.column("event_key").doNothing())
    .execute();
}

function track(promise: Promise<unknown>): void {
  state.inflight.add(promise);
  void promise.finally(() => state.inflight.delete(promise));
}

/**
 * Hands every click this process holds to Redis or the database. Graceful shutdown calls it after
 * the server stopped taking requests; tests and the benchmark call it before draining.
 */
export async function flushClicks(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    while (state.inflight.size > 0) await Promise.allSettled([...state.inflight]);
    flushRedisBatch();
    while (state.inflight.size > 0) await Promise.allSettled([...state.inflight]);
    while (state.dbFlush || state.dbBatch.length > 0) {
      const before = state.dbBatch.length;
      await flushDatabaseBatch();
      // the database is away: do not spin; the caller decides how long to wait
      if (state.dbBatch.length >= before && before > 0) break;
    }
    if (state.redisBatch.length === 0 && state.dbBatch.length === 0 && state.inflight.size === 0) return;
  }
  if (state.dbBatch.length > 0)
    logger.error({ backlog: state.dbBatch.length }, "clicks could not be handed off before shutdown");
}

/** Counters for the benchmark and tests: accepted = clicks this process took on for recording. */
export function clickHandOffStats(): Readonly<typeof state.stats> {
  return { ...state.stats };
}

/** Tests: a fresh rate-limit window. */
export function resetClickRateLimit(): void {
  state.rate.windowStart = 0;
  state.rate.counts.clear();
}
