import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import type { ShareChannel } from "~/app/modules/sharing/schemas.ts";
import { isVerifiedShare } from "~/app/modules/sharing/verified.ts";
import {
  countShares,
  decideShares,
  storedDecision,
  type ShareCreditSettings,
  type ShareDecision,
  type ShareFact,
  type StoredShareDecision,
} from "~/app/modules/recognition/share-credit.ts";

export type { ShareDecision } from "~/app/modules/recognition/share-credit.ts";

/*
 * Loading shares and the ledger's decisions, and applying the rule in share-credit.ts. One rule,
 * three readers: the award job (decides and writes each share once), the live figures and a
 * statement's counts (app/modules/goals/figures.server.ts), and `chorus credit show`.
 *
 * The live figures compute with the same rule from the shares table rather than reading only the
 * ledger: a share made since the last award run (every 10 minutes) is judged now exactly as the job
 * will judge it, and one the job has judged is taken as the ledger holds it. So the agreement page,
 * the statement and the ledger agree, and nothing waits for a job run.
 */

export interface MemberShare extends ShareFact {
  membershipId: string;
  channel: ShareChannel;
  postTitle: string;
  /** the ledger has an entry for it (decided, or awarded before the rule existed) */
  inLedger: boolean;
  decision: ShareDecision;
}

export interface ShareScope {
  tenantId: string;
  membershipId: string;
  /** inclusive tenant-local days */
  startsOn: string;
  endsOn: string;
}

async function timeZoneOf(tx: Tx, tenantId: string): Promise<string> {
  const row = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return row.time_zone;
}

/** The tenant's share settings as the rule needs them. */
export async function shareCreditSettings(tx: Tx, tenantId: string): Promise<ShareCreditSettings> {
  const s = await getRecognitionSettings(tx, tenantId);
  return {
    selfReportedSharesEarnPoints: s.selfReportedSharesEarnPoints,
    selfReportedWeeklyCap: s.selfReportedWeeklyCap,
  };
}

/**
 * Every share of the given members (made at or before `until`, when given) with its decision.
 * A decision depends on the member's earlier shares of every period, so all of them are loaded.
 */
export async function decideMembersShares(
  tx: Tx,
  tenantId: string,
  membershipIds: readonly string[],
  opts: { timeZone?: string; until?: Date; settings?: ShareCreditSettings } = {},
): Promise<Map<string, MemberShare[]>> {
  const out = new Map<string, MemberShare[]>();
  if (membershipIds.length === 0) return out;
  const timeZone = opts.timeZone ?? (await timeZoneOf(tx, tenantId));
  const settings = opts.settings ?? (await shareCreditSettings(tx, tenantId));
  let query = tx
    .selectFrom("shares as s")
    .innerJoin("posts as p", (j) =>
      j.onRef("p.id", "=", "s.post_id").onRef("p.tenant_id", "=", "s.tenant_id"),
    )
    .leftJoin("points_ledger as l", (j) =>
      j
        .onRef("l.tenant_id", "=", "s.tenant_id")
        .on("l.source_type", "=", "share")
        .on("l.source_id", "=", sql<string>`s.id::text`),
    )
    .select([
      "s.id",
      "s.membership_id",
      "s.post_id",
      "s.network",
      "s.channel",
      "s.external_id",
      "s.created_at",
      "p.title",
      "l.id as ledger_id",
      "l.detail",
      sql<string>`(s.created_at at time zone ${timeZone})::date::text`.as("day"),
    ])
    .where("s.tenant_id", "=", tenantId)
    .where("s.membership_id", "in", [...membershipIds]);
  if (opts.until) query = query.where("s.created_at", "<=", opts.until);
  const rows = await query.execute();
  const ghosts = await formerShareDecisions(tx, tenantId, membershipIds, opts.until);

  const byMember = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byMember.get(r.membership_id!) ?? [];
    list.push(r);
    byMember.set(r.membership_id!, list);
  }
  for (const [membershipId, list] of byMember) {
    const facts: ShareFact[] = list.map((r) => ({
      id: r.id,
      postId: r.post_id,
      network: r.network,
      verified: isVerifiedShare({ channel: r.channel, externalId: r.external_id }),
      day: r.day,
      at: new Date(r.created_at).getTime(),
    }));
    const stored = new Map<string, StoredShareDecision>();
    for (const r of list) {
      const d = r.ledger_id ? storedDecision(r.detail) : null;
      if (d) stored.set(r.id, d);
    }
    // decisions the ledger holds for shares that are no longer the member's (anonymised on leaving
    // the programme): they still claim their post and network and their week's cap
    for (const g of ghosts.get(membershipId) ?? []) {
      facts.push(g.fact);
      stored.set(g.fact.id, g.decision);
    }
    const decisions = decideShares(facts, stored, settings);
    out.set(
      membershipId,
      list.map((r, i) => ({
        ...facts[i]!,
        membershipId,
        channel: r.channel,
        postTitle: r.title,
        inLedger: r.ledger_id !== null,
        decision: decisions.get(r.id)!,
      })),
    );
  }
  return out;
}

interface FormerShare {
  fact: ShareFact;
  decision: StoredShareDecision;
}

/**
 * The member's share entries in the ledger whose share row no longer belongs to them (anonymised
 * when they left the programme with "anonymise", or deleted). The entry stays with the member, and
 * so does the decision it records: without it, leaving and rejoining would make every post "first"
 * again and empty the week's cap. Only the ledger's detail is used (postId, network, counted,
 * verified) and the day it was booked on.
 */
async function formerShareDecisions(
  tx: Tx,
  tenantId: string,
  membershipIds: readonly string[],
  until?: Date,
): Promise<Map<string, FormerShare[]>> {
  const { rows } = await sql<{
    membership_id: string;
    source_id: string;
    detail: unknown;
    occurred_on: string;
    at: Date | string;
  }>`
    SELECT l.membership_id, l.source_id, l.detail, l.occurred_on::text AS occurred_on, coalesce(s.created_at, l.created_at) AS at
    FROM points_ledger l
    LEFT JOIN shares s ON s.tenant_id = l.tenant_id AND s.id::text = l.source_id
    WHERE l.tenant_id = ${tenantId}::uuid AND l.source_type = 'share'
      AND l.membership_id = ANY(${[...membershipIds]}::uuid[])
      AND s.membership_id IS DISTINCT FROM l.membership_id`.execute(tx);
  const out = new Map<string, FormerShare[]>();
  for (const r of rows) {
    const at = new Date(r.at).getTime();
    if (until && at > until.getTime()) continue;
    const d = (r.detail && typeof r.detail === "object" ? r.detail : {}) as Record<string, unknown>;
    // an entry from before the rule has no post in its detail: it claims no post, but was counted
    const postId = typeof d.postId === "string" ? d.postId : `\u0000former:${r.source_id}`;
    const network = typeof d.network === "string" ? d.network : "";
    // entries before the share-credit rule have no "counted": they were all counted
    const decision = storedDecision(r.detail) ?? { counted: true, reason: null };
    const list = out.get(r.membership_id) ?? [];
    list.push({
      fact: { id: r.source_id, postId, network, verified: d.verified === true, day: r.occurred_on, at },
      decision,
    });
    out.set(r.membership_id, list);
  }
  return out;
}

/** One member's shares made on startsOn..endsOn (tenant-local), each with its decision, newest first. */
export async function sharesInPeriod(tx: Tx, scope: ShareScope): Promise<MemberShare[]> {
  const all =
    (await decideMembersShares(tx, scope.tenantId, [scope.membershipId])).get(scope.membershipId) ?? [];
  return all
    .filter((s) => s.day >= scope.startsOn && s.day <= scope.endsOn)
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
}

/**
 * A statement's share counts for one member and period: shares made (verified, self-reported) and
 * the shares that count toward a "shares" objective (first share per post and network, within the
 * weekly cap of self-reported shares). verified + selfReported is every share made; counted ≤ that.
 */
export async function shareCounts(
  tx: Tx,
  scope: ShareScope,
): Promise<{ verified: number; selfReported: number; counted: number }> {
  return countShares((await sharesInPeriod(tx, scope)).map((s) => s.decision));
}

/** A share the award job writes now: one ledger entry, counted or not. */
export interface ShareAward {
  membershipId: string;
  shareId: string;
  postId: string;
  network: string;
  day: string;
  decision: ShareDecision;
}

/**
 * Shares not yet in the ledger (made at or before `now`), decided, for up to `memberLimit` members;
 * fewer than `memberLimit` members in the answer means none is left. Anonymised shares (no member)
 * are never decided: they earn nothing for anyone.
 */
export async function undecidedShareAwards(
  tx: Tx,
  tenantId: string,
  timeZone: string,
  now: Date,
  memberLimit: number,
  settings?: ShareCreditSettings,
): Promise<{ awards: ShareAward[]; members: number }> {
  const { rows } = await sql<{ membership_id: string }>`
    SELECT DISTINCT s.membership_id
    FROM shares s
    WHERE s.tenant_id = ${tenantId}::uuid AND s.membership_id IS NOT NULL AND s.created_at <= ${now.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.tenant_id = s.tenant_id AND l.source_type = 'share' AND l.source_id = s.id::text)
    ORDER BY s.membership_id
    LIMIT ${memberLimit}`.execute(tx);
  const members = rows.map((r) => r.membership_id);
  // all of their shares: a decided share claims its post and week even if made after `now`
  // (a run with an earlier `now`, as the period close does); only shares up to `now` are written
  const decided = await decideMembersShares(tx, tenantId, members, {
    timeZone,
    ...(settings ? { settings } : {}),
  });
  const awards: ShareAward[] = [];
  for (const list of decided.values()) {
    for (const s of list) {
      if (s.inLedger || s.at > now.getTime()) continue;
      awards.push({
        membershipId: s.membershipId,
        shareId: s.id,
        postId: s.postId,
        network: s.network,
        day: s.day,
        decision: s.decision,
      });
    }
  }
  awards.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.shareId < b.shareId ? -1 : 1));
  return { awards, members: members.length };
}

/** What a share's ledger entry records besides points and rules: the decision, readable later without recomputing. */
export function shareAwardDetail(a: ShareAward): Record<string, unknown> {
  return {
    shareId: a.shareId,
    postId: a.postId,
    network: a.network,
    counted: a.decision.counted,
    verified: a.decision.verified,
    ...(a.decision.reason ? { reason: a.decision.reason } : {}),
  };
}
