import { sql } from "kysely";
import { database } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { dailySalt, ipKey } from "~/app/modules/tracking/visitor-hash.server.ts";

/*
 * The sharer's own addresses (issue 11): clicks from an IP a member used that day never count for
 * their shares. A signed-in advocate's request (in the programme under the current consent text,
 * which says so) notes (user, IP key, UTC day) in member_ip_keys, keyed with the same daily salt as
 * the clicks, so the raw IP is never stored.
 *
 * At most one write per user, IP and UTC day per process (an in-memory set), after the response's
 * data is computed: the caller does not wait, and a failed write is forgotten so a later request
 * retries it.
 *
 * Retention: MEMBER_IP_KEY_RETENTION_DAYS. Click days are evaluated once settled (two tenant-local
 * days, award.server.ts SETTLE_DAYS); ten days leave room for a stopped award job, and the drain
 * deletes older rows hourly.
 */

export const MEMBER_IP_KEY_RETENTION_DAYS = 10;
/** Remembered (user, IP) pairs per process and day; beyond this the set starts over (a few repeated writes). */
const SEEN_MAX = 50_000;
const DAY_MS = 86_400_000;

/** How long a "not in the programme under the current consent" answer is trusted before asking again. */
const NOT_CONSENTED_RECHECK_MS = 10 * 60_000;

const state = processSingleton("tracking.member-ip", () => ({
  day: -1,
  seen: new Set<string>(),
  /** user and tenant → until when they count as not consented there (no query per page load for them) */
  notConsented: new Map<string, number>(),
  inflight: new Set<Promise<void>>(),
}));

/**
 * Notes that `userId` made a request from `ip` now. Never throws, never waits.
 *
 * `consented`, when given, is asked first (once per user, IP and day while it says yes; again after
 * NOT_CONSENTED_RECHECK_MS while it says no): only people who agreed to the consent text that
 * describes this record (in the programme under the current version) have their addresses noted.
 * Without it (the share action: the person is sharing right now, which needs that consent) the key
 * is written.
 */
export function noteMemberIp(
  userId: string,
  ip: string,
  consented?: { tenantId: string; check: () => Promise<boolean> },
  now = Date.now(),
): void {
  if (!ip) return;
  const dayNumber = Math.floor(now / DAY_MS);
  if (state.day !== dayNumber || state.seen.size >= SEEN_MAX) {
    state.day = dayNumber;
    state.seen.clear();
    state.notConsented.clear();
  }
  const seenKey = `${userId}\n${ip}`;
  if (state.seen.has(seenKey)) return;
  const consentKey = consented ? `${userId}\n${consented.tenantId}` : "";
  if (consented && (state.notConsented.get(consentKey) ?? 0) > now) return;
  state.seen.add(seenKey);
  const day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
  const write = (consented ? consented.check() : Promise.resolve(true))
    .then(async (yes) => {
      if (!yes) {
        state.seen.delete(seenKey);
        state.notConsented.set(consentKey, now + NOT_CONSENTED_RECHECK_MS);
        return;
      }
      const salt = await dailySalt(now);
      const { db } = await database();
      await db
        .insertInto("member_ip_keys")
        .values({ user_id: userId, day, ip_key: ipKey(salt, ip) })
        .onConflict((oc) => oc.columns(["user_id", "day", "ip_key"]).doNothing())
        .execute();
    })
    .catch((err: unknown) => {
      if (state.day === dayNumber) state.seen.delete(seenKey);
      logger.warn({ err: (err as Error).message }, "member IP key not recorded; the next request retries");
    });
  state.inflight.add(write);
  void write.finally(() => state.inflight.delete(write));
}

/** Tests and shutdown: every noted key written. */
export async function flushMemberIps(): Promise<void> {
  while (state.inflight.size > 0) await Promise.allSettled([...state.inflight]);
}

/** Tests: forget which pairs this process has written. */
export function resetMemberIpNotes(): void {
  state.seen.clear();
  state.notConsented.clear();
}

/** Deletes keys older than the retention (called by the drain, hourly). */
export async function purgeMemberIpKeys(): Promise<void> {
  const { db } = await database();
  await db
    .deleteFrom("member_ip_keys")
    .where("day", "<", sql<string>`current_date - ${MEMBER_IP_KEY_RETENTION_DAYS}::int`)
    .execute();
}
