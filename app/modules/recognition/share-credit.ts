/*
 * Which shares count (issue 11), as a pure rule shared by the award job, the live figures, the
 * statements and `chorus credit show`: the same inputs always give the same decisions.
 *
 * Per member, in the order the shares were made:
 * - only the member's first share of a post on a network counts; every later one of the same post
 *   and network is a repeat ("repeat_share") and earns nothing, whatever its channel;
 * - a self-reported share (share page, copied text) counts only while fewer than the tenant's
 *   weekly cap of self-reported shares have counted in that tenant-local ISO week ("weekly_cap");
 *   verified shares (posted through the API and confirmed) have no weekly cap;
 * - a counted share earns the per-share points, except a self-reported one where the tenant turned
 *   points for self-reported shares off ("self_reported_no_points": it still counts toward a
 *   "shares" objective).
 *
 * Decided once: the award job writes a ledger entry for every share (points 0 for excluded ones)
 * with `counted`, `verified` and `reason` in its detail, and never looks at it again. Shares already
 * decided are taken as the ledger says (a later settings change does not reach back), and they
 * claim their post and network and their week's cap before any undecided share is judged — so even
 * a share whose transaction committed late can never make a second counted share of one post.
 * Entries written before this rule existed (no `counted` in their detail) keep their points but are
 * judged again here for counting.
 */

import type { ExclusionReason } from "~/app/modules/goals/statement.ts";

export interface ShareFact {
  id: string;
  postId: string;
  network: string;
  verified: boolean;
  /** tenant-local day the share was made, "YYYY-MM-DD" */
  day: string;
  /** when it was made (ms since epoch): the order of "first" */
  at: number;
}

/** A decision the ledger already holds for a share. */
export interface StoredShareDecision {
  counted: boolean;
  reason: ShareReason | null;
}

export type ShareReason = Extract<ExclusionReason, "repeat_share" | "weekly_cap" | "self_reported_no_points">;

export interface ShareDecision {
  counted: boolean;
  /** whether it earns the per-share points (counted, and verified or self-reported shares earn points) */
  earnsPoints: boolean;
  /** why it does not count (repeat_share, weekly_cap) or earns nothing (self_reported_no_points); null otherwise */
  reason: ShareReason | null;
  verified: boolean;
  /** taken from the ledger rather than decided now */
  stored: boolean;
}

export interface ShareCreditSettings {
  selfReportedSharesEarnPoints: boolean;
  selfReportedWeeklyCap: number;
}

const SHARE_REASONS: readonly ShareReason[] = ["repeat_share", "weekly_cap", "self_reported_no_points"];

/** The ISO week of a calendar day ("2026-12-06" → "2026-W49"; weeks start on Monday, week 1 holds the 4th of January). */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a day: ${day}`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // the Thursday of this week decides the week's year
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const week = Math.floor((thursday.getTime() - firstMonday) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The decision in a ledger entry's detail, or null when the entry predates the rule (or is not a share's). */
export function storedDecision(detail: unknown): StoredShareDecision | null {
  if (!detail || typeof detail !== "object") return null;
  const d = detail as Record<string, unknown>;
  if (typeof d.counted !== "boolean") return null;
  const reason =
    typeof d.reason === "string" && (SHARE_REASONS as readonly string[]).includes(d.reason)
      ? (d.reason as ShareReason)
      : null;
  return { counted: d.counted, reason };
}

const keyOf = (s: ShareFact) => `${s.postId}\u0000${s.network}`;

/**
 * Decides one member's shares. `shares` are all of the member's shares (any order); `stored` the
 * ledger's decisions by share id. Returns a decision for every share.
 */
export function decideShares(
  shares: readonly ShareFact[],
  stored: ReadonlyMap<string, StoredShareDecision>,
  settings: ShareCreditSettings,
): Map<string, ShareDecision> {
  const ordered = [...shares].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const claimed = new Set<string>();
  const selfReportedCounted = new Map<string, number>();
  const out = new Map<string, ShareDecision>();
  const cap = Math.max(0, Math.floor(settings.selfReportedWeeklyCap));

  for (const s of ordered) {
    const decided = stored.get(s.id);
    if (!decided) continue;
    claimed.add(keyOf(s));
    if (decided.counted && !s.verified)
      selfReportedCounted.set(isoWeek(s.day), (selfReportedCounted.get(isoWeek(s.day)) ?? 0) + 1);
    const earnsPoints = decided.counted && decided.reason !== "self_reported_no_points";
    out.set(s.id, {
      counted: decided.counted,
      earnsPoints,
      reason: decided.reason,
      verified: s.verified,
      stored: true,
    });
  }

  for (const s of ordered) {
    if (out.has(s.id)) continue;
    const key = keyOf(s);
    if (claimed.has(key)) {
      out.set(s.id, {
        counted: false,
        earnsPoints: false,
        reason: "repeat_share",
        verified: s.verified,
        stored: false,
      });
      continue;
    }
    claimed.add(key);
    if (s.verified) {
      out.set(s.id, { counted: true, earnsPoints: true, reason: null, verified: true, stored: false });
      continue;
    }
    const week = isoWeek(s.day);
    const used = selfReportedCounted.get(week) ?? 0;
    if (used >= cap) {
      out.set(s.id, {
        counted: false,
        earnsPoints: false,
        reason: "weekly_cap",
        verified: false,
        stored: false,
      });
      continue;
    }
    selfReportedCounted.set(week, used + 1);
    const earnsPoints = settings.selfReportedSharesEarnPoints;
    out.set(s.id, {
      counted: true,
      earnsPoints,
      reason: earnsPoints ? null : "self_reported_no_points",
      verified: false,
      stored: false,
    });
  }
  return out;
}

/** Verified, self-reported and counted shares among decisions (e.g. one period's). */
export function countShares(decisions: Iterable<ShareDecision>): {
  verified: number;
  selfReported: number;
  counted: number;
} {
  const counts = { verified: 0, selfReported: 0, counted: 0 };
  for (const d of decisions) {
    if (d.verified) counts.verified++;
    else counts.selfReported++;
    if (d.counted) counts.counted++;
  }
  return counts;
}
