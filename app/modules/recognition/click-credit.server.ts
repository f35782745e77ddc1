import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { ClickHoldReason, ClickHoldStatus } from "~/db/tables/clicks.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { addDays } from "~/app/lib/days.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import type { ExclusionReason } from "~/app/modules/goals/statement.ts";
import {
  evaluateMemberDay,
  releasedAddition,
  type CreditClick,
  type ShareDayCredit,
} from "~/app/modules/recognition/click-credit-rules.ts";
import {
  clickPoints,
  versionInForce,
  type PointsRules,
  type RulesVersion,
} from "~/app/modules/recognition/rules.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";

/*
 * Unique clicks for credit (issue 11). Analytics (reach_daily) keeps raw unique visitors; points and
 * the goals' "unique_clicks" figure count credit clicks instead:
 *
 * - The award job (award.server.ts, its reach loop) calls clickCreditEntries for every settled
 *   share-day (SETTLE_DAYS) it has not awarded: the sharer's clicks of that tenant-local day are
 *   evaluated (click-credit-rules.ts: own addresses, held-back patterns), the holds are stored in
 *   click_holds, and one ledger entry "<share>:<day>" records counted, heldBack, ownClicks, cap and
 *   factor — also when nothing counted, so every decided day can be traced.
 * - A comms lead releases or discards a hold (decideClickHold, audited). A released hold earns a
 *   ledger entry "<share>:<day>:release:<hold id>" on the next award run (releasedHoldEntries),
 *   never beyond the per-share-day cap together with what the day already earned; a discarded one
 *   never counts.
 * - Figures (clickCreditFigure, clickCounts) read these ledger entries and holds: a share-day counts
 *   only once it is decided, i.e. settled (two tenant-local days after the click).
 */

/** The permission of the review page: comms leads (content review), who are not the sharer. */
export const CLICK_REVIEW_PERMISSION = "content.approve" as const;

export interface ClickCreditEntry {
  membershipId: string;
  sourceType: "unique_clicks";
  sourceId: string;
  day: string;
  points: number;
  rules: RulesVersion;
  detail: Record<string, unknown>;
}

function rulesDetail(rules: PointsRules, c: ReturnType<typeof clickPoints>) {
  const n = rules.normalisation;
  return {
    cap: c.cap,
    perUniqueClick: c.perUniqueClick,
    followers: c.followers,
    factor: c.factor,
    referenceFollowers: n.referenceFollowers,
    followerFloor: n.followerFloor,
    minFactor: n.minFactor,
    maxFactor: n.maxFactor,
  };
}

/** The instants bounding a tenant-local day, as SQL. */
const dayStart = (day: string, timeZone: string) =>
  sql<Date>`(${day}::date::timestamp AT TIME ZONE ${timeZone})`;

/**
 * Evaluates the clicks of one tenant-local day for these sharers (every share of theirs clicked that
 * day): one read of the day's clicks through (tenant_id, clicked_at), grouped per sharer here.
 */
export async function evaluateSharerDays(
  tx: Tx,
  input: { tenantId: string; timeZone: string; day: string; membershipIds: readonly string[] },
): Promise<Map<string, Map<string, ShareDayCredit>>> {
  const out = new Map<string, Map<string, ShareDayCredit>>();
  if (input.membershipIds.length === 0) return out;
  const members = sql.join(input.membershipIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<{
    membership_id: string;
    share_id: string;
    key: string;
    net: string;
    at: Date;
    shared_at: Date;
  }>`
    SELECT s.membership_id, c.share_id, coalesce(c.ip_key, c.visitor_hash) AS key, coalesce(c.net_key, c.ip_key, c.visitor_hash) AS net,
           c.clicked_at AS at, s.created_at AS shared_at
    FROM click_events c
    JOIN shares s ON s.tenant_id = c.tenant_id AND s.id = c.share_id
    WHERE c.tenant_id = ${input.tenantId}::uuid AND s.membership_id IN (${members}) AND NOT c.is_bot
      AND c.clicked_at >= ${dayStart(input.day, input.timeZone)} AND c.clicked_at < ${dayStart(addDays(input.day, 1), input.timeZone)}`.execute(
    tx,
  );
  // the sharers' IP keys of the UTC days overlapping this local day (keys of other days never match: other salts)
  const { rows: own } = await sql<{ membership_id: string; ip_key: string }>`
    SELECT m.id AS membership_id, k.ip_key FROM member_ip_keys k
    JOIN memberships m ON m.user_id = k.user_id
    WHERE m.tenant_id = ${input.tenantId}::uuid AND m.id IN (${members})
      AND k.day BETWEEN ${addDays(input.day, -1)}::date AND ${addDays(input.day, 1)}::date`.execute(tx);
  const byMember = new Map(
    input.membershipIds.map((id) => [
      id,
      { clicks: [] as CreditClick[], sharedAt: new Map<string, number>(), ownKeys: new Set<string>() },
    ]),
  );
  for (const r of rows) {
    const m = byMember.get(r.membership_id);
    m?.clicks.push({ shareId: r.share_id, key: r.key, net: r.net, at: new Date(r.at).getTime() });
    m?.sharedAt.set(r.share_id, new Date(r.shared_at).getTime());
  }
  for (const o of own) byMember.get(o.membership_id)?.ownKeys.add(o.ip_key);
  for (const [membershipId, input] of byMember) out.set(membershipId, evaluateMemberDay(input));
  return out;
}

interface Candidate {
  membership_id: string;
  share_id: string;
  day: string;
  followers: number | null;
  unique_visitors: number;
  /** the share's own decision (points_ledger 'share' detail.reason): a repeat's clicks earn nothing */
  share_reason: string | null;
}

/**
 * Ledger entries for up to `limit` settled share-days not yet awarded, with their holds stored.
 * `done` when fewer were left. Each candidate gets an entry (points may be 0), so a run always
 * moves on.
 */
export async function clickCreditEntries(
  tx: Tx,
  input: {
    tenantId: string;
    timeZone: string;
    settledThrough: string;
    versions: readonly RulesVersion[];
    limit: number;
  },
): Promise<{ entries: ClickCreditEntry[]; done: boolean }> {
  const { tenantId } = input;
  // the rollup's share rows find the days with clicks (raw unique visitors > 0) cheaply
  const { rows } = await sql<Candidate>`
    SELECT s.membership_id, r.key AS share_id, r.day::text AS day, s.followers_at_share AS followers, r.unique_visitors,
      (SELECT d.detail ->> 'reason' FROM points_ledger d WHERE d.tenant_id = r.tenant_id AND d.source_type = 'share' AND d.source_id = r.key) AS share_reason
    FROM reach_daily r
    JOIN shares s ON s.tenant_id = r.tenant_id AND s.id::text = r.key
    WHERE r.tenant_id = ${tenantId}::uuid AND r.dimension = 'share' AND r.team_scope = '' AND r.day <= ${input.settledThrough}::date
      AND r.unique_visitors > 0 AND s.membership_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.tenant_id = ${tenantId}::uuid AND l.source_type = 'unique_clicks' AND l.source_id = r.key || ':' || r.day::text)
    ORDER BY r.day, r.key
    LIMIT ${input.limit}`.execute(tx);

  const entries: ClickCreditEntry[] = [];
  const days = new Map<string, Candidate[]>();
  for (const r of rows) days.set(r.day, [...(days.get(r.day) ?? []), r]);
  for (const [day, group] of days) {
    const credit = await evaluateSharerDays(tx, {
      tenantId,
      timeZone: input.timeZone,
      day,
      membershipIds: [...new Set(group.map((r) => r.membership_id))],
    });
    const rules = versionInForce(input.versions, day);
    for (const r of group) {
      const membershipId = r.membership_id;
      // a day whose raw clicks are gone (retention) has nothing left to evaluate: nothing counts
      const c = credit.get(membershipId)?.get(r.share_id) ?? {
        visitors: 0,
        ownClicks: 0,
        heldBack: 0,
        counted: 0,
        holds: [],
      };
      if (r.share_reason === "repeat_share") {
        // A repeat of a post already shared on this network earns nothing, its clicks included: else
        // every repeat link would bring its own daily cap. Nothing to review, so no holds either.
        entries.push({
          membershipId,
          sourceType: "unique_clicks",
          sourceId: `${r.share_id}:${day}`,
          day,
          points: 0,
          rules,
          detail: {
            shareId: r.share_id,
            uniqueClicks: 0,
            counted: 0,
            heldBack: 0,
            ownClicks: c.ownClicks,
            visitors: c.visitors,
            repeatShare: c.counted + c.heldBack,
            ...rulesDetail(rules.rules, clickPoints(0, null, rules.rules)),
          },
        });
        continue;
      }
      if (c.holds.length > 0) {
        await tx
          .insertInto("click_holds")
          .values(
            c.holds.map((h) => ({
              tenant_id: tenantId,
              share_id: r.share_id,
              membership_id: membershipId,
              day,
              reason: h.reason,
              clicks: h.clicks,
              distinct_keys: h.distinctKeys,
            })),
          )
          .onConflict((oc) => oc.columns(["tenant_id", "share_id", "day", "reason"]).doNothing())
          .execute();
      }
      const points = clickPoints(c.counted, r.followers === null ? null : Number(r.followers), rules.rules);
      entries.push({
        membershipId,
        sourceType: "unique_clicks",
        sourceId: `${r.share_id}:${day}`,
        day,
        points: points.points,
        rules,
        detail: {
          shareId: r.share_id,
          uniqueClicks: c.counted,
          counted: points.counted,
          heldBack: c.heldBack,
          ownClicks: c.ownClicks,
          visitors: c.visitors,
          ...rulesDetail(rules.rules, points),
        },
      });
    }
  }
  return { entries, done: rows.length < input.limit };
}

/**
 * Ledger entries for released holds not yet awarded: each adds its distinct keys, up to what the
 * share-day's cap leaves after the base entry and earlier releases (in the order they were decided).
 */
export async function releasedHoldEntries(
  tx: Tx,
  input: { tenantId: string; versions: readonly RulesVersion[] },
): Promise<ClickCreditEntry[]> {
  const { rows } = await sql<{
    id: string;
    share_id: string;
    day: string;
    reason: ClickHoldReason;
    distinct_keys: number;
    membership_id: string;
    followers: number | null;
    already: number;
  }>`
    SELECT h.id, h.share_id, h.day::text AS day, h.reason, h.distinct_keys, s.membership_id, s.followers_at_share AS followers,
           coalesce((SELECT sum((l.detail ->> 'counted')::int) FROM points_ledger l
                     WHERE l.tenant_id = h.tenant_id AND l.source_type = 'unique_clicks'
                       AND (l.source_id = h.share_id::text || ':' || h.day::text OR l.source_id LIKE h.share_id::text || ':' || h.day::text || ':release:%')), 0)::int AS already
    FROM click_holds h
    JOIN shares s ON s.tenant_id = h.tenant_id AND s.id = h.share_id
    WHERE h.tenant_id = ${input.tenantId}::uuid AND h.status = 'released' AND s.membership_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.tenant_id = h.tenant_id AND l.source_type = 'unique_clicks'
                      AND l.source_id = h.share_id::text || ':' || h.day::text || ':release:' || h.id::text)
    ORDER BY h.decided_at, h.id
    LIMIT 2000`.execute(tx);
  const counted = new Map<string, number>();
  const out: ClickCreditEntry[] = [];
  for (const h of rows) {
    const shareDay = `${h.share_id}:${h.day}`;
    const already = counted.get(shareDay) ?? Number(h.already);
    const rules = versionInForce(input.versions, h.day);
    const added = releasedAddition(Number(h.distinct_keys), already, rules.rules.uniqueClickCapPerShareDay);
    counted.set(shareDay, already + added);
    const points = clickPoints(added, h.followers === null ? null : Number(h.followers), rules.rules);
    out.push({
      membershipId: h.membership_id,
      sourceType: "unique_clicks",
      sourceId: `${shareDay}:release:${h.id}`,
      day: h.day,
      points: points.points,
      rules,
      detail: {
        shareId: h.share_id,
        holdId: h.id,
        uniqueClicks: added,
        counted: added,
        released: Number(h.distinct_keys),
        reason: h.reason,
        ...rulesDetail(rules.rules, points),
      },
    });
  }
  return out;
}

// ── the comms lead's review ────────────────────────────────────────────────

export interface ClickHoldRow {
  id: string;
  /** null in the strict works-council mode: a share id leads to its sharer */
  shareId: string | null;
  day: string;
  reason: ClickHoldReason;
  clicks: number;
  distinctKeys: number;
  status: ClickHoldStatus;
  /**
   * null in the strict mode when fewer people than the minimum group size shared the post on that
   * network: post and network would name the sharer as surely as a name (shareHidden)
   */
  postTitle: string | null;
  network: string | null;
  /** the strict mode hides post and network of this row (too few people shared it there) */
  shareHidden: boolean;
  sharerMembershipId: string | null;
  sharerName: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  /** the viewer is the sharer: they may see it but not decide it (four eyes) */
  own: boolean;
}

function requireReviewer(actor: Member): void {
  if (!can(actor.roles, CLICK_REVIEW_PERMISSION))
    throw new ForbiddenError("only comms leads review held-back clicks");
}

/**
 * Holds waiting for a decision (oldest day first), and the 50 most recent decisions. In the strict
 * works-council mode (privacy/strict-mode.ts) the review stays — it is moderation that keeps credit
 * un-inflatable — but the rows do not say who shared (sharerHidden): the decision rests on the
 * click pattern (post, network, day, clicks, distinct visitors), and the four-eyes rule still
 * keeps a comms lead from deciding their own share's clicks.
 */
export async function listClickHolds(
  tx: Tx,
  actor: Member,
): Promise<{ held: ClickHoldRow[]; decided: ClickHoldRow[]; sharerHidden: boolean }> {
  requireReviewer(actor);
  const sharerHidden = !(await loadFigurePolicy(tx, actor.tenantId)).heldClicksSharer;
  const base = tx
    .selectFrom("click_holds as h")
    .innerJoin("shares as s", (j) =>
      j.onRef("s.id", "=", "h.share_id").onRef("s.tenant_id", "=", "h.tenant_id"),
    )
    .innerJoin("posts as p", (j) =>
      j.onRef("p.id", "=", "s.post_id").onRef("p.tenant_id", "=", "s.tenant_id"),
    )
    .leftJoin("memberships as sm", (j) =>
      j.onRef("sm.id", "=", "h.membership_id").onRef("sm.tenant_id", "=", "h.tenant_id"),
    )
    .leftJoin("users as su", "su.id", "sm.user_id")
    .leftJoin("memberships as dm", (j) =>
      j.onRef("dm.id", "=", "h.decided_by").onRef("dm.tenant_id", "=", "h.tenant_id"),
    )
    .leftJoin("users as du", "du.id", "dm.user_id")
    .select([
      "h.id",
      "h.share_id",
      "h.day",
      "h.reason",
      "h.clicks",
      "h.distinct_keys",
      "h.status",
      "h.membership_id",
      "h.decided_at",
      "s.membership_id as share_member",
      "s.network",
      "s.post_id",
      "p.title",
      "su.name as sharer_name",
      "du.name as decided_by_name",
    ])
    .where("h.tenant_id", "=", actor.tenantId);
  const held = await base
    .where("h.status", "=", "held")
    .orderBy("h.day")
    .orderBy("h.created_at")
    .orderBy("h.id")
    .limit(500)
    .execute();
  const decided = await base
    .where("h.status", "<>", "held")
    .orderBy("h.decided_at", "desc")
    .orderBy("h.id")
    .limit(50)
    .execute();
  const crowded = sharerHidden
    ? await crowdedShares(
        tx,
        actor.tenantId,
        [...held, ...decided].map((r) => r.post_id),
      )
    : new Set<string>();
  const toRow = (r: (typeof held)[number]): ClickHoldRow => {
    const shareHidden = sharerHidden && !crowded.has(`${r.post_id}:${r.network}`);
    return {
      id: r.id,
      shareId: sharerHidden ? null : r.share_id,
      day: r.day,
      reason: r.reason,
      clicks: r.clicks,
      distinctKeys: r.distinct_keys,
      status: r.status,
      postTitle: shareHidden ? null : r.title,
      network: shareHidden ? null : r.network,
      shareHidden,
      sharerMembershipId: sharerHidden ? null : r.membership_id,
      sharerName: sharerHidden ? null : r.sharer_name,
      decidedByName: r.decided_by_name,
      decidedAt: r.decided_at,
      own: r.membership_id === actor.id || r.share_member === actor.id,
    };
  };
  return { held: held.map(toRow), decided: decided.map(toRow), sharerHidden };
}

/**
 * Strict mode: the "post:network" pairs that at least the (strict) minimum group size of people
 * shared. A post shared on a network by fewer names its sharer as surely as a name would, so a
 * held-click row of such a share shows only day, reason and the click pattern.
 */
async function crowdedShares(tx: Tx, tenantId: string, postIds: string[]): Promise<Set<string>> {
  const crowded = new Set<string>();
  const ids = [...new Set(postIds)];
  if (ids.length === 0) return crowded;
  const min = (await loadFigurePolicy(tx, tenantId)).minGroupSize(
    (await getReachSettings(tx, tenantId)).minGroupSize,
  );
  const groups = await tx
    .selectFrom("shares")
    .select([
      "post_id",
      "network",
      (eb) => eb.fn.count<string>(sql`distinct coalesce(membership_id, id)`).as("people"),
    ])
    .where("tenant_id", "=", tenantId)
    .where("post_id", "in", ids)
    .groupBy(["post_id", "network"])
    .execute();
  for (const g of groups) if (Number(g.people) >= min) crowded.add(`${g.post_id}:${g.network}`);
  return crowded;
}

export class OwnClickHoldError extends ForbiddenError {
  constructor() {
    super("the sharer cannot decide the held-back clicks of their own share");
  }
}

/**
 * A comms lead releases (the clicks count on the next award run, up to the cap) or discards (they
 * never count) a hold; audited. Never the sharer themselves. A hold is decided once.
 */
export async function decideClickHold(
  tx: Tx,
  actor: Member,
  input: { holdId: string; decision: "release" | "discard" },
): Promise<void> {
  requireReviewer(actor);
  const hold = await tx
    .selectFrom("click_holds as h")
    .innerJoin("shares as s", (j) =>
      j.onRef("s.id", "=", "h.share_id").onRef("s.tenant_id", "=", "h.tenant_id"),
    )
    .select([
      "h.id",
      "h.share_id",
      "h.day",
      "h.reason",
      "h.distinct_keys",
      "h.clicks",
      "h.status",
      "h.membership_id",
      "s.membership_id as share_member",
    ])
    .where("h.tenant_id", "=", actor.tenantId)
    .where("h.id", "=", input.holdId)
    .forUpdate("h")
    .executeTakeFirst();
  if (!hold) throw new NotFoundError("held-back clicks");
  if (hold.membership_id === actor.id || hold.share_member === actor.id) throw new OwnClickHoldError();
  if (hold.status !== "held") throw new ConflictError("these clicks were decided already", "already_decided");
  const status: ClickHoldStatus = input.decision === "release" ? "released" : "discarded";
  await tx
    .updateTable("click_holds")
    .set({ status, decided_by: actor.id, decided_at: new Date() })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", hold.id)
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: input.decision === "release" ? "click_hold.released" : "click_hold.discarded",
    subject: hold.id,
    data: {
      shareId: hold.share_id,
      sharerMembershipId: hold.membership_id,
      day: hold.day,
      reason: hold.reason,
      clicks: hold.clicks,
      distinctKeys: hold.distinct_keys,
    },
  });
}

// ── figures ────────────────────────────────────────────────────────────────

export interface CreditScope {
  tenantId: string;
  membershipId: string;
  /** inclusive tenant-local days */
  startsOn: string;
  endsOn: string;
}

export interface CreditClickActivity {
  date: string;
  kind: string;
  label: string;
  value: number;
  excluded?: ExclusionReason;
}

export interface CreditClickFigure {
  actual: number;
  activities: CreditClickActivity[];
  activityCount: number;
  excludedCount: number;
}

/**
 * The goals' "unique_clicks" figure: credit clicks (counted + released, within the per-share-day
 * cap, exactly as points were awarded) of the share-days decided in the period. A share-day is
 * decided once settled (two tenant-local days after the clicks, SETTLE_DAYS): newer clicks are not
 * in it yet. Listed beside the counted days, with their reasons: own clicks, held back (not yet
 * released), discarded, over the cap.
 */
export async function clickCreditFigure(
  tx: Tx,
  scope: CreditScope,
  limit: number,
): Promise<CreditClickFigure> {
  const entries = await tx
    .selectFrom("points_ledger as l")
    .select(["l.source_id", "l.occurred_on", "l.detail"])
    .where("l.tenant_id", "=", scope.tenantId)
    .where("l.membership_id", "=", scope.membershipId)
    .where("l.source_type", "=", "unique_clicks")
    .where("l.occurred_on", ">=", scope.startsOn)
    .where("l.occurred_on", "<=", scope.endsOn)
    .execute();
  const holds = await tx
    .selectFrom("click_holds as h")
    .innerJoin("shares as s", (j) =>
      j.onRef("s.id", "=", "h.share_id").onRef("s.tenant_id", "=", "h.tenant_id"),
    )
    .select(["h.share_id", "h.day", "h.reason", "h.status", "h.distinct_keys"])
    .where("h.tenant_id", "=", scope.tenantId)
    .where("s.membership_id", "=", scope.membershipId)
    .where("h.day", ">=", scope.startsOn)
    .where("h.day", "<=", scope.endsOn)
    .execute();

  interface ShareDay {
    shareId: string;
    day: string;
    counted: number;
    /** credit keys before the cap: the base entry's and the released ones */
    beforeCap: number;
    ownClicks: number;
    /** visitors of a repeat share's link: they earn nothing */
    repeatShare: number;
  }
  const days = new Map<string, ShareDay>();
  for (const e of entries) {
    const [shareId = "", , kind] = e.source_id.split(":");
    const key = `${shareId}:${e.occurred_on}`;
    const d = days.get(key) ?? {
      shareId,
      day: e.occurred_on,
      counted: 0,
      beforeCap: 0,
      ownClicks: 0,
      repeatShare: 0,
    };
    const detail = (e.detail ?? {}) as Record<string, unknown>;
    d.counted += num(detail.counted);
    if (kind === "release") d.beforeCap += num(detail.released);
    else {
      d.beforeCap += num(detail.uniqueClicks);
      d.ownClicks += num(detail.ownClicks);
      d.repeatShare += num(detail.repeatShare);
    }
    days.set(key, d);
  }
  const labels = await shareLabels(tx, scope.tenantId, [
    ...new Set([...[...days.values()].map((d) => d.shareId), ...holds.map((h) => h.share_id)]),
  ]);

  const activities: CreditClickActivity[] = [];
  for (const d of days.values()) {
    const label = labels.get(d.shareId) ?? d.shareId;
    if (d.counted > 0) activities.push({ date: d.day, kind: "unique_clicks", label, value: d.counted });
    if (d.ownClicks > 0)
      activities.push({
        date: d.day,
        kind: "unique_clicks",
        label,
        value: d.ownClicks,
        excluded: "own_clicks",
      });
    if (d.beforeCap > d.counted)
      activities.push({
        date: d.day,
        kind: "unique_clicks",
        label,
        value: d.beforeCap - d.counted,
        excluded: "over_cap",
      });
    if (d.repeatShare > 0)
      activities.push({
        date: d.day,
        kind: "unique_clicks",
        label,
        value: d.repeatShare,
        excluded: "repeat_share",
      });
  }
  for (const h of holds) {
    if (h.status === "released") continue;
    activities.push({
      date: h.day,
      kind: "unique_clicks",
      label: `${labels.get(h.share_id) ?? h.share_id} · ${h.reason}`,
      value: h.distinct_keys,
      excluded: h.status === "held" ? "held_back" : "discarded",
    });
  }
  activities.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.label.localeCompare(b.label)));
  return {
    actual: [...days.values()].reduce((t, d) => t + d.counted, 0),
    activities: activities.slice(0, limit),
    activityCount: activities.length,
    excludedCount: activities.filter((a) => a.excluded).length,
  };
}

/**
 * The statement's unique-click counts for a member's period: counted (as the figure) and held back
 * (held and not released, discarded ones included), in distinct visitor keys.
 */
export async function clickCounts(
  tx: Tx,
  scope: CreditScope,
): Promise<{ counted: number; heldBack: number }> {
  const figure = await clickCreditFigure(tx, scope, 0);
  const held = await tx
    .selectFrom("click_holds as h")
    .innerJoin("shares as s", (j) =>
      j.onRef("s.id", "=", "h.share_id").onRef("s.tenant_id", "=", "h.tenant_id"),
    )
    .select(sql<string>`coalesce(sum(h.distinct_keys), 0)`.as("n"))
    .where("h.tenant_id", "=", scope.tenantId)
    .where("s.membership_id", "=", scope.membershipId)
    .where("h.status", "in", ["held", "discarded"])
    .where("h.day", ">=", scope.startsOn)
    .where("h.day", "<=", scope.endsOn)
    .executeTakeFirstOrThrow();
  return { counted: figure.actual, heldBack: Number(held.n) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function shareLabels(tx: Tx, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  // source ids are "<share id>:<day>…"; anything else (hand-written entries) keeps its id as label
  const shareIds = ids.filter((id) => UUID.test(id));
  if (shareIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom("shares as s")
    .innerJoin("posts as p", (j) =>
      j.onRef("p.id", "=", "s.post_id").onRef("p.tenant_id", "=", "s.tenant_id"),
    )
    .select(["s.id", "s.network", "p.title"])
    .where("s.tenant_id", "=", tenantId)
    .where("s.id", "in", shareIds)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.title} (${r.network})`]));
}

function num(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
