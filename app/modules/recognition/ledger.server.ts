import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { PointSource } from "~/db/tables/recognition.ts";
import {
  DEFAULT_POINTS_RULES,
  DEFAULT_RULES_ID,
  parseStoredRules,
  type PointsRules,
  type RulesVersion,
} from "~/app/modules/recognition/rules.ts";

/*
 * Reading the points ledger (points_ledger: insert-only for the app role, one entry per
 * (source_type, source_id)) and the rules versions. Used by the recognition pages, the leaderboard
 * and the goal agreements (app/modules/goals).
 */

/** Sum of a member's points on the tenant-local days fromDay..toDay (inclusive). */
export async function pointsTotal(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  fromDay: string,
  toDay: string,
): Promise<number> {
  const row = await tx
    .selectFrom("points_ledger")
    .select(sql<string>`coalesce(sum(points), 0)`.as("total"))
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .where("occurred_on", ">=", fromDay)
    .where("occurred_on", "<=", toDay)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export interface PointsEntry {
  date: string;
  sourceType: PointSource;
  sourceId: string;
  points: number;
  /** the computation's inputs (clicks, cap, followers, factor, rules version…) */
  detail: Record<string, unknown>;
}

/** A member's entries on fromDay..toDay, newest first (at most `limit`, default 500). */
export async function pointsEntries(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  fromDay: string,
  toDay: string,
  limit = 500,
): Promise<PointsEntry[]> {
  const rows = await tx
    .selectFrom("points_ledger")
    .select(["occurred_on", "source_type", "source_id", "points", "detail"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .where("occurred_on", ">=", fromDay)
    .where("occurred_on", "<=", toDay)
    .orderBy("occurred_on", "desc")
    .orderBy("created_at", "desc")
    .orderBy("source_id", "desc")
    .limit(Math.max(1, Math.min(limit, 10_000)))
    .execute();
  return rows.map((r) => ({
    date: r.occurred_on,
    sourceType: r.source_type,
    sourceId: r.source_id,
    points: Number(r.points),
    detail: r.detail ?? {},
  }));
}

/** Every rules version of the tenant, oldest first. */
export async function rulesVersions(tx: Tx, tenantId: string): Promise<RulesVersion[]> {
  const rows = await tx
    .selectFrom("points_rules")
    .select(["id", "effective_from", "rules"])
    .where("tenant_id", "=", tenantId)
    .orderBy("effective_from", "asc")
    .execute();
  return rows.map((r) => ({ id: r.id, effectiveFrom: r.effective_from, rules: parseStoredRules(r.rules) }));
}

/**
 * The versions that applied to fromDay..toDay: the one in force at fromDay and every later one that
 * took effect by toDay, oldest first. Before a tenant's first version the defaults apply, as
 * { id: "default", effectiveFrom: fromDay } (the defaults have no start of their own).
 */
export async function rulesInForce(
  tx: Tx,
  tenantId: string,
  fromDay: string,
  toDay: string,
): Promise<{ id: string; effectiveFrom: string; rules: PointsRules }[]> {
  const all = await rulesVersions(tx, tenantId);
  const atStart = all.filter((v) => v.effectiveFrom <= fromDay).at(-1);
  const later = all.filter((v) => v.effectiveFrom > fromDay && v.effectiveFrom <= toDay);
  const first: RulesVersion = atStart ?? {
    id: DEFAULT_RULES_ID,
    effectiveFrom: fromDay,
    rules: DEFAULT_POINTS_RULES,
  };
  return [first, ...later];
}
