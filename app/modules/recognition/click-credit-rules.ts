import type { ClickHoldReason } from "~/db/tables/clicks.ts";

/*
 * Which clicks of one sharer's shares on one tenant-local day earn credit (issue 11). Pure: the award
 * job (click-credit.server.ts) loads the clicks and applies this; unit tests pin it.
 *
 * The unit is a visitor key: the IP key (sha256 of the day's salt and the IP), so one person
 * changing user agents stays one visitor. Per share and day:
 * 1. own: a key the sharer's own signed-in requests used that day never counts (own_clicks);
 * 2. held back: a key with any click matching a rule below is held for a comms lead (one reason per
 *    key, the first that matches in HOLD_REASON_ORDER), and counts only if released;
 * 3. counted: every other distinct key. The per-share-day cap of the points rules applies afterwards.
 *
 * The rules (thresholds below):
 * - too_soon: a click less than TOO_SOON_SECONDS after the share was made (nobody reads a post that
 *   fast; a script or the sharer testing their link does);
 * - burst: at least BURST_VISITORS distinct visitors from one network (IPv4 /24, IPv6 /48) on one
 *   share within BURST_WINDOW_MINUTES. Distinct visitors, not raw clicks: one person reloading is one
 *   visitor and counts once anyway, while many addresses of one network at once look bought. Also
 *   slower: more than NETWORK_VISITORS_PER_SHARE_DAY distinct visitors from one network on one share
 *   in a day — the ones after the first few are held (a slow drip from one network, e.g. the 256
 *   /64s of one home connection's IPv6 /56, would otherwise stay under the window);
 * - same_visitor_many_shares: one visitor key clicking at least SAME_VISITOR_SHARES different shares
 *   of the same sharer on one day (a friend — or the sharer — clicking everything they post).
 */

/** too_soon: clicks within this many seconds of the share being made */
export const TOO_SOON_SECONDS = 30;
/** burst: this many distinct visitors from one network on one share… */
export const BURST_VISITORS = 5;
/** …within this many minutes */
export const BURST_WINDOW_MINUTES = 10;
/** burst, slowly: visitors from one network on one share and day beyond this many are held */
export const NETWORK_VISITORS_PER_SHARE_DAY = 3;
/** same_visitor_many_shares: one visitor on at least this many shares of one sharer on one day */
export const SAME_VISITOR_SHARES = 3;

/** When a key matches several rules, the first of these is its reason. */
export const HOLD_REASON_ORDER: readonly ClickHoldReason[] = [
  "too_soon",
  "burst",
  "same_visitor_many_shares",
];

export interface CreditClick {
  shareId: string;
  /** IP key (visitor hash for clicks recorded before keys existed) */
  key: string;
  /** network key (falls back to the IP key) */
  net: string;
  /** ms since the epoch */
  at: number;
}

export interface CreditHold {
  reason: ClickHoldReason;
  /** clicks of the held keys on this share that day */
  clicks: number;
  distinctKeys: number;
}

export interface ShareDayCredit {
  /** distinct keys that clicked (own and held ones included) */
  visitors: number;
  /** distinct keys of the sharer's own addresses */
  ownClicks: number;
  /** distinct keys held back, all reasons */
  heldBack: number;
  /** distinct keys that count (before the cap) */
  counted: number;
  holds: CreditHold[];
}

export interface MemberDayInput {
  clicks: readonly CreditClick[];
  /** when each share was made, ms since the epoch */
  sharedAt: ReadonlyMap<string, number>;
  /** the sharer's own IP keys that day */
  ownKeys: ReadonlySet<string>;
}

/** Credit of every share in `clicks` (one sharer, one tenant-local day). */
export function evaluateMemberDay(input: MemberDayInput): Map<string, ShareDayCredit> {
  const byShare = groupBy(input.clicks, (c) => c.shareId);
  const strangers = input.clicks.filter((c) => !input.ownKeys.has(c.key));

  // same_visitor_many_shares works across the sharer's shares
  const sharesOfKey = new Map<string, Set<string>>();
  for (const c of strangers) {
    let s = sharesOfKey.get(c.key);
    if (!s) sharesOfKey.set(c.key, (s = new Set()));
    s.add(c.shareId);
  }
  const manyShares = new Set(
    [...sharesOfKey].filter(([, shares]) => shares.size >= SAME_VISITOR_SHARES).map(([key]) => key),
  );

  const out = new Map<string, ShareDayCredit>();
  for (const [shareId, clicks] of byShare) {
    const sharedAt = input.sharedAt.get(shareId);
    const own = new Set<string>();
    const flagged = new Map<ClickHoldReason, Set<string>>(
      HOLD_REASON_ORDER.map((r) => [r, new Set<string>()]),
    );
    const mine = clicks.filter((c) => {
      if (!input.ownKeys.has(c.key)) return true;
      own.add(c.key);
      return false;
    });
    for (const c of mine) {
      if (sharedAt !== undefined && c.at - sharedAt < TOO_SOON_SECONDS * 1000)
        flagged.get("too_soon")!.add(c.key);
      if (manyShares.has(c.key)) flagged.get("same_visitor_many_shares")!.add(c.key);
    }
    for (const key of burstKeys(mine)) flagged.get("burst")!.add(key);

    // one reason per key, in HOLD_REASON_ORDER
    const reasonOf = new Map<string, ClickHoldReason>();
    for (const reason of HOLD_REASON_ORDER)
      for (const key of flagged.get(reason)!) if (!reasonOf.has(key)) reasonOf.set(key, reason);
    const holds: CreditHold[] = [];
    for (const reason of HOLD_REASON_ORDER) {
      const keys = new Set([...reasonOf].filter(([, r]) => r === reason).map(([k]) => k));
      if (keys.size === 0) continue;
      holds.push({ reason, clicks: mine.filter((c) => keys.has(c.key)).length, distinctKeys: keys.size });
    }
    const visitors = new Set(clicks.map((c) => c.key));
    const counted = new Set(mine.filter((c) => !reasonOf.has(c.key)).map((c) => c.key));
    out.set(shareId, {
      visitors: visitors.size,
      ownClicks: own.size,
      heldBack: reasonOf.size,
      counted: counted.size,
      holds,
    });
  }
  return out;
}

/** Keys inside any window of BURST_WINDOW_MINUTES in which one network brought BURST_VISITORS distinct keys, and each network's keys after its first NETWORK_VISITORS_PER_SHARE_DAY of the day. */
export function burstKeys(clicks: readonly CreditClick[]): Set<string> {
  const windowMs = BURST_WINDOW_MINUTES * 60_000;
  const out = new Set<string>();
  for (const group of groupBy(clicks, (c) => c.net).values()) {
    const sorted = [...group].sort((a, b) => a.at - b.at);
    const inWindow = new Map<string, number>();
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
      const c = sorted[end]!;
      inWindow.set(c.key, (inWindow.get(c.key) ?? 0) + 1);
      while (c.at - sorted[start]!.at >= windowMs) {
        const old = sorted[start++]!;
        const n = inWindow.get(old.key)! - 1;
        if (n === 0) inWindow.delete(old.key);
        else inWindow.set(old.key, n);
      }
      if (inWindow.size >= BURST_VISITORS) for (const key of inWindow.keys()) out.add(key);
    }
    // the whole day: the first few visitors of a network count, later ones wait for a comms lead
    const firstSeen = [...new Set(sorted.map((c) => c.key))];
    for (const key of firstSeen.slice(NETWORK_VISITORS_PER_SHARE_DAY)) out.add(key);
  }
  return out;
}

/**
 * What a released hold adds to its share-day: its distinct keys, but never beyond the cap together
 * with what the day already earned (the base entry and earlier releases).
 */
export function releasedAddition(distinctKeys: number, alreadyCounted: number, cap: number): number {
  return Math.max(0, Math.min(distinctKeys, cap - alreadyCounted));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(item);
  }
  return out;
}
