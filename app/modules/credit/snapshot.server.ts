import type { Tx } from "~/db/client.ts";
import type { AgreementStatus } from "~/db/tables/recognition.ts";
import {
  agreedCap,
  evaluateObjectives,
  loadObjectives,
  type EvaluatedObjective,
} from "~/app/modules/goals/evaluate.server.ts";
import { measuredThrough, parsePeriod, type Period } from "~/app/modules/goals/period.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import { clickCounts } from "~/app/modules/recognition/click-credit.server.ts";
import { pointsTotal } from "~/app/modules/recognition/ledger.server.ts";
import { shareCounts } from "~/app/modules/recognition/share-credit.server.ts";

export interface CreditSnapshot {
  tenant: { slug: string; name: string };
  /** the membership whose figures these are */
  memberId: string;
  member: { email: string; name: string };
  period: Period;
  /** the member's agreement for the period (not withdrawn), whose window the figures use */
  agreement: { id: string; status: AgreementStatus; startsOn: string; endsOn: string } | null;
  asOf: string;
  points: number;
  shares: { verified: number; selfReported: number; counted: number };
  uniqueClicks: { counted: number; heldBack: number };
  objectives: (EvaluatedObjective & { excludedCount: number })[];
  overallPercent: number | null;
}

/** The current quarter of a tenant-local day ("2026-12-06" → 2026-Q4). */
function quarterOf(day: string): Period {
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return parsePeriod({ period: `${day.slice(0, 4)}-Q${quarter}` }) as Period;
}

/**
 * One member's figures for a period, computed the way their statement would be (the same figure
 * functions, the same window): for operators and support (`chorus credit show`). Without a period:
 * the member's running agreement's, else the current quarter. null when nobody in the tenant has
 * that email address.
 */
export async function creditSnapshot(
  tx: Tx,
  input: { tenantId: string; email: string; period: Period | undefined; now?: Date },
): Promise<CreditSnapshot | null> {
  const now = input.now ?? new Date();
  const tenant = await tx
    .selectFrom("tenants")
    .select(["slug", "name", "time_zone"])
    .where("id", "=", input.tenantId)
    .executeTakeFirstOrThrow();
  const member = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "users.email", "users.name"])
    .where("memberships.tenant_id", "=", input.tenantId)
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "=", input.email.trim().toLowerCase()))
    .executeTakeFirst();
  if (!member) return null;

  const today = todayIn(tenant.time_zone, now);
  const agreements = tx
    .selectFrom("goal_agreements")
    .select([
      "id",
      "status",
      "starts_on",
      "ends_on",
      "period_kind",
      "period_label",
      "attainment_cap_percent",
      "closed_at",
      "closed_early_reason",
    ])
    .where("tenant_id", "=", input.tenantId)
    .where("employee_id", "=", member.id)
    .where("status", "<>", "withdrawn");
  const agreement = input.period
    ? await agreements
        .where("period_label", "=", input.period.label)
        .orderBy("created_at", "desc")
        .executeTakeFirst()
    : await agreements
        .where("starts_on", "<=", today)
        .where("ends_on", ">=", today)
        .orderBy("created_at", "desc")
        .executeTakeFirst();
  const period: Period =
    input.period ??
    (agreement
      ? {
          kind: agreement.period_kind,
          label: agreement.period_label,
          startsOn: agreement.starts_on,
          endsOn: agreement.ends_on,
        }
      : quarterOf(today));
  // the agreement's window is what its statement measures (it may start after the period did)
  // (closed early: through the closing day, like its statement)
  const closedEarlyOn =
    agreement?.closed_early_reason && agreement.closed_at
      ? todayIn(tenant.time_zone, agreement.closed_at)
      : null;
  const window = {
    startsOn: agreement?.starts_on ?? period.startsOn,
    endsOn: agreement ? measuredThrough(agreement.ends_on, closedEarlyOn) : period.endsOn,
  };
  const scope = { tenantId: input.tenantId, membershipId: member.id, ...window };

  let objectives: CreditSnapshot["objectives"] = [];
  let overallPercent: number | null = null;
  if (agreement) {
    const settings = await getRecognitionSettings(tx, input.tenantId);
    const evaluation = await evaluateObjectives(
      tx,
      scope,
      await loadObjectives(tx, input.tenantId, agreement.id),
      agreedCap(agreement.attainment_cap_percent, settings.attainmentCapPercent),
    );
    objectives = evaluation.objectives.map((o) => ({ ...o, excludedCount: o.excludedCount ?? 0 }));
    overallPercent = evaluation.overallPercent;
  }
  return {
    tenant: { slug: tenant.slug, name: tenant.name },
    memberId: member.id,
    member: { email: member.email, name: member.name },
    period,
    agreement: agreement
      ? {
          id: agreement.id,
          status: agreement.status,
          startsOn: agreement.starts_on,
          endsOn: agreement.ends_on,
        }
      : null,
    asOf: now.toISOString(),
    points: await pointsTotal(tx, input.tenantId, member.id, window.startsOn, window.endsOn),
    shares: await shareCounts(tx, scope),
    uniqueClicks: await clickCounts(tx, scope),
    objectives,
    overallPercent,
  };
}
