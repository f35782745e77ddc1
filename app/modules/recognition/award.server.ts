import { sql, type RawBuilder } from "kysely";
import type { Logger } from "pino";
import type { DB, Tx } from "~/db/client.ts";
import type { PointSource } from "~/db/tables/recognition.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import { recordFigureRun } from "~/app/modules/freshness/record-run.server.ts";
import { addDays, todayIn } from "~/app/lib/days.ts";
import { clickCreditEntries, releasedHoldEntries } from "~/app/modules/recognition/click-credit.server.ts";
import { rulesVersions } from "~/app/modules/recognition/ledger.server.ts";
import {
  shareAwardDetail,
  shareCreditSettings,
  undecidedShareAwards,
} from "~/app/modules/recognition/share-credit.server.ts";
import {
  DEFAULT_RULES_ID,
  effortPoints,
  versionInForce,
  type EffortSource,
  type RulesVersion,
} from "~/app/modules/recognition/rules.ts";

/*
 * The award job's work (jobs/definitions/award-points.ts, every 10 minutes): turns activities into
 * points_ledger entries. The ledger is insert-only for the app role and unique per
 * (tenant, source_type, source_id); every insert is ON CONFLICT DO NOTHING, so a run repeated,
 * overlapping or retried adds nothing twice, and nothing already awarded is ever recomputed (a later
 * rules version applies only to activities of its days).
 *
 * Sources, each for the member it belongs to (an anonymised share has no member and earns nothing):
 * - share: source_id = share id, on the tenant-local day it was made;
 * - unique_clicks: per share and tenant-local day from the rollup (reach_daily, dimension 'share'),
 *   source_id "<share id>:<day>", capped and normalised by the follower count at sharing. Only days
 *   at least SETTLE_DAYS old are awarded: clicks reach reach_daily through the drain and the rollup,
 *   and an entry is written once — awarding a day before late clicks arrived would freeze it short;
 * - approved_suggestion: the suggester, when the suggestion was accepted (source_id suggestion id);
 * - guidelines_training: each guidelines version the member acknowledged ("<member>:guidelines:v<n>"),
 *   and once for finishing the onboarding, whichever path ("<member>:onboarding");
 * - escalation_handled: the reporter, when the comms team marked it handled (escalation id).
 * Each entry keeps the inputs of its computation in `detail`, and the rules version in rules_id.
 *
 * Badges (milestones) are awarded in the same run from the ledger, once per member and badge.
 */

/** Click days are awarded once they are this many tenant-local days old (today − 2 and earlier). */
export const SETTLE_DAYS = 2;
/** candidates per query; a run loops until a query returns fewer */
const BATCH = 2000;
/** members whose undecided shares are decided per round (each member's shares are all loaded: "first" spans periods) */
const SHARE_MEMBERS_PER_ROUND = 200;

export const BADGES = [
  "first_share",
  "shares_10",
  "shares_50",
  "unique_clicks_100",
  "first_approved_suggestion",
  "guidelines_completed",
] as const;
export type Badge = (typeof BADGES)[number];

export interface AwardResult {
  entries: number;
  badges: number;
}

export async function awardPoints(
  db: DB,
  opts: { tenantId?: string | undefined; now?: Date | undefined; log?: Logger } = {},
): Promise<AwardResult> {
  const now = opts.now ?? new Date();
  const log = opts.log ?? appLogger.child({ component: "award-points" });
  let q = db.selectFrom("tenants").select(["id", "time_zone"]).orderBy("id");
  if (opts.tenantId) q = q.where("id", "=", opts.tenantId);
  const tenants = await q.execute();
  const total: AwardResult = { entries: 0, badges: 0 };
  const failures: unknown[] = [];
  for (const tenant of tenants) {
    try {
      const r = await withTenant(db, tenant.id, (tx) => awardTenant(tx, tenant.id, tenant.time_zone, now));
      // the pages' "points as of" (app/modules/freshness)
      await withTenant(db, tenant.id, (tx) => recordFigureRun(tx, tenant.id, "points_award", now));
      total.entries += r.entries;
      total.badges += r.badges;
    } catch (err) {
      // one tenant's problem must not hold back the others; the job retries (inserts are idempotent)
      failures.push(err);
      log.error({ err, tenantId: tenant.id }, "awarding points of a tenant failed");
    }
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `awarding points failed for ${failures.length} tenant(s)`);
  return total;
}

interface Candidate {
  membership_id: string;
  source_id: string;
  day: string;
}

interface Entry {
  membershipId: string;
  sourceType: PointSource;
  sourceId: string;
  day: string;
  points: number;
  rules: RulesVersion;
  detail: Record<string, unknown>;
}

async function awardTenant(tx: Tx, tenantId: string, timeZone: string, now: Date): Promise<AwardResult> {
  // overlapping runs of one tenant queue up here; the second finds nothing left to do
  await sql`select pg_advisory_xact_lock(hashtext('award-points:' || ${tenantId}))`.execute(tx);
  const versions = await rulesVersions(tx, tenantId);
  const settledThrough = addDays(todayIn(timeZone, now), -SETTLE_DAYS);
  const nowIso = now.toISOString();
  const local = (column: string) => sql`(${sql.raw(column)} AT TIME ZONE ${timeZone})::date::text`;
  const notAwarded = (type: PointSource, sourceId: RawBuilder<unknown>) =>
    sql`NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.tenant_id = ${tenantId}::uuid AND l.source_type = ${type} AND l.source_id = ${sourceId})`;

  let entries = 0;
  const awarded = new Set<string>();
  const insert = async (batch: readonly Entry[]) => {
    const members = await insertEntries(tx, tenantId, batch);
    for (const m of members) awarded.add(m);
    entries += members.length;
  };
  const effort = async (
    source: EffortSource,
    query: () => Promise<(Candidate & { extra: Record<string, unknown> })[]>,
  ) => {
    for (let round = 0; round < 1000; round++) {
      const rows = await query();
      await insert(
        rows.map((r) => {
          const rules = versionInForce(versions, r.day);
          return {
            membershipId: r.membership_id,
            sourceType: source,
            sourceId: r.source_id,
            day: r.day,
            points: effortPoints(source, rules.rules),
            rules,
            detail: r.extra,
          };
        }),
      );
      if (rows.length < BATCH) break;
    }
  };

  // shares: every share gets one entry, decided once by the share-credit rule (share-credit.ts):
  // counted ones the per-share points, repeats and shares over the weekly cap 0 with their reason
  const shareSettings = await shareCreditSettings(tx, tenantId);
  for (let round = 0; round < 1000; round++) {
    const { awards, members } = await undecidedShareAwards(
      tx,
      tenantId,
      timeZone,
      now,
      SHARE_MEMBERS_PER_ROUND,
      shareSettings,
    );
    await insert(
      awards.map((a) => {
        const rules = versionInForce(versions, a.day);
        const points = a.decision.earnsPoints ? effortPoints("share", rules.rules) : 0;
        return {
          membershipId: a.membershipId,
          sourceType: "share",
          sourceId: a.shareId,
          day: a.day,
          points,
          rules,
          detail: shareAwardDetail(a),
        } satisfies Entry;
      }),
    );
    if (members < SHARE_MEMBERS_PER_ROUND) break;
  }

  await effort("approved_suggestion", async () => {
    const { rows } = await sql<Candidate>`
      SELECT s.suggester_id AS membership_id, s.id::text AS source_id, ${local("s.decided_at")} AS day
      FROM suggestions s
      WHERE s.tenant_id = ${tenantId}::uuid AND s.status = 'accepted' AND s.suggester_id IS NOT NULL
        AND s.decided_at IS NOT NULL AND s.decided_at <= ${nowIso}::timestamptz
        AND ${notAwarded("approved_suggestion", sql`s.id::text`)}
      ORDER BY s.decided_at, s.id
      LIMIT ${BATCH}`.execute(tx);
    return rows.map((r) => ({ ...r, extra: { suggestionId: r.source_id } }));
  });

  await effort("guidelines_training", async () => {
    const { rows } = await sql<Candidate & { version: number }>`
      SELECT a.membership_id, a.membership_id::text || ':guidelines:v' || a.version AS source_id, ${local("a.acknowledged_at")} AS day, a.version
      FROM guideline_acknowledgements a
      WHERE a.tenant_id = ${tenantId}::uuid AND a.acknowledged_at <= ${nowIso}::timestamptz
        AND ${notAwarded("guidelines_training", sql`a.membership_id::text || ':guidelines:v' || a.version`)}
      ORDER BY a.acknowledged_at, a.id
      LIMIT ${BATCH}`.execute(tx);
    return rows.map((r) => ({ ...r, extra: { kind: "guidelines", version: r.version } }));
  });

  await effort("guidelines_training", async () => {
    // the onboarding counts once, whichever path was finished first
    const { rows } = await sql<Candidate & { path: string }>`
      SELECT DISTINCT ON (o.membership_id) o.membership_id, o.membership_id::text || ':onboarding' AS source_id, ${local("o.completed_at")} AS day, o.path
      FROM onboarding_completions o
      WHERE o.tenant_id = ${tenantId}::uuid AND o.completed_at <= ${nowIso}::timestamptz
        AND ${notAwarded("guidelines_training", sql`o.membership_id::text || ':onboarding'`)}
      ORDER BY o.membership_id, o.completed_at, o.id
      LIMIT ${BATCH}`.execute(tx);
    return rows.map((r) => ({ ...r, extra: { kind: "onboarding", path: r.path } }));
  });

  await effort("escalation_handled", async () => {
    const { rows } = await sql<Candidate>`
      SELECT e.reporter_id AS membership_id, e.id::text AS source_id, ${local("e.handled_at")} AS day
      FROM escalations e
      WHERE e.tenant_id = ${tenantId}::uuid AND e.status = 'handled' AND e.reporter_id IS NOT NULL
        AND e.handled_at IS NOT NULL AND e.handled_at <= ${nowIso}::timestamptz
        AND ${notAwarded("escalation_handled", sql`e.id::text`)}
      ORDER BY e.handled_at, e.id
      LIMIT ${BATCH}`.execute(tx);
    return rows.map((r) => ({ ...r, extra: { escalationId: r.source_id } }));
  });

  // reach: unique clicks for credit of settled share-days (own addresses and held-back clicks do
  // not count), then the holds a comms lead released since (click-credit.server.ts)
  for (let round = 0; round < 1000; round++) {
    const batch = await clickCreditEntries(tx, {
      tenantId,
      timeZone,
      settledThrough,
      versions,
      limit: BATCH,
    });
    await insert(batch.entries satisfies Entry[]);
    if (batch.done) break;
  }
  await insert((await releasedHoldEntries(tx, { tenantId, versions })) satisfies Entry[]);

  // badges depend only on the ledger: only members with new entries can have reached a milestone
  const members = [...awarded];
  let badges = 0;
  for (let i = 0; i < members.length; i += 1000)
    badges += await awardBadges(tx, tenantId, members.slice(i, i + 1000));
  return { entries, badges };
}

/** Inserts entries; ones already in the ledger are skipped. Returns the member of each new one. */
async function insertEntries(tx: Tx, tenantId: string, entries: readonly Entry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const inserted = await tx
    .insertInto("points_ledger")
    .values(
      entries.map((e) => ({
        tenant_id: tenantId,
        membership_id: e.membershipId,
        source_type: e.sourceType,
        source_id: e.sourceId,
        points: e.points.toFixed(2),
        occurred_on: e.day,
        rules_id: e.rules.id === DEFAULT_RULES_ID ? null : e.rules.id,
        detail: JSON.stringify({
          ...e.detail,
          points: e.points,
          rulesVersion: e.rules.id,
          rulesEffectiveFrom: e.rules.id === DEFAULT_RULES_ID ? null : e.rules.effectiveFrom,
        }),
      })),
    )
    .onConflict((oc) => oc.columns(["tenant_id", "source_type", "source_id"]).doNothing())
    .returning("membership_id")
    .execute();
  return inserted.map((r) => r.membership_id);
}

/** Milestones from the ledger; each (member, badge) once. Returns how many were new. */
async function awardBadges(tx: Tx, tenantId: string, membershipIds: readonly string[]): Promise<number> {
  const result = await sql`
    INSERT INTO badges (tenant_id, membership_id, badge)
    SELECT ${tenantId}::uuid, m.membership_id, b.badge
    FROM (
      SELECT membership_id,
             -- only counted shares (entries before the share-credit rule have no "counted": they were all counted)
             count(*) FILTER (WHERE source_type = 'share' AND coalesce(detail ->> 'counted', 'true') = 'true') AS shares,
             coalesce(sum((detail ->> 'uniqueClicks')::int) FILTER (WHERE source_type = 'unique_clicks'), 0) AS unique_clicks,
             count(*) FILTER (WHERE source_type = 'approved_suggestion') AS suggestions,
             count(*) FILTER (WHERE source_type = 'guidelines_training' AND detail ->> 'kind' = 'guidelines') AS guidelines
      FROM points_ledger
      WHERE tenant_id = ${tenantId}::uuid AND membership_id IN (${sql.join(membershipIds.map((id) => sql`${id}::uuid`))})
      GROUP BY membership_id
    ) m
    CROSS JOIN LATERAL (VALUES
      ('first_share', m.shares >= 1),
      ('shares_10', m.shares >= 10),
      ('shares_50', m.shares >= 50),
      ('unique_clicks_100', m.unique_clicks >= 100),
      ('first_approved_suggestion', m.suggestions >= 1),
      ('guidelines_completed', m.guidelines >= 1)
    ) AS b(badge, earned)
    WHERE b.earned
    ON CONFLICT (tenant_id, membership_id, badge) DO NOTHING`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}
