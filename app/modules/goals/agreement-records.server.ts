import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { AgreementStatus, PeriodKind } from "~/db/tables/recognition.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { todayIn } from "~/app/lib/days.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import {
  evaluateObjectives,
  loadObjectives,
  type Evaluation,
  type ObjectiveRow,
} from "~/app/modules/goals/evaluate.server.ts";
import { measuredThrough } from "~/app/modules/goals/period.ts";

/* What the goal agreement use cases share: the agreement as a row, finding it as a member may see it, and its figures. */

export interface AgreementRow {
  id: string;
  employeeId: string;
  employeeName: string;
  managerId: string | null;
  managerName: string | null;
  periodKind: PeriodKind;
  periodLabel: string;
  startsOn: string;
  endsOn: string;
  status: AgreementStatus;
  employeeComment: string | null;
  proposedAt: Date;
  acceptedAt: Date | null;
  closedAt: Date | null;
  /** the attainment cap agreed at acceptance; null while proposed (the tenant's current setting applies) */
  agreedCapPercent: number | null;
  /** the day it was proposed, when its start lies before that day (a back-dated start); null otherwise */
  backdatedFrom: string | null;
  /** how often it was revised (every revision is a new proposal; the employee answers the one they saw) */
  revision: number;
  /** an admin closed it before its period ended and settled: its figures are measured through the closing day */
  closedEarly: boolean;
}

export function agreementQuery(tx: Tx, tenantId: string) {
  return tx
    .selectFrom("goal_agreements as a")
    .innerJoin("memberships as em", "em.id", "a.employee_id")
    .innerJoin("users as eu", "eu.id", "em.user_id")
    .leftJoin("memberships as mm", "mm.id", "a.manager_id")
    .leftJoin("users as mu", "mu.id", "mm.user_id")
    .select([
      "a.id",
      "a.employee_id as employeeId",
      "eu.name as employeeName",
      "a.manager_id as managerId",
      "mu.name as managerName",
      "a.period_kind as periodKind",
      "a.period_label as periodLabel",
      "a.starts_on as startsOn",
      "a.ends_on as endsOn",
      "a.status",
      "a.employee_comment as employeeComment",
      "a.proposed_at as proposedAt",
      "a.accepted_at as acceptedAt",
      "a.closed_at as closedAt",
      "a.attainment_cap_percent as agreedCapPercent",
      "a.backdated_from as backdatedFrom",
      "a.revision",
      sql<boolean>`a.closed_early_reason is not null`.as("closedEarly"),
      "em.manager_id as employeeManagerId",
    ])
    .where("a.tenant_id", "=", tenantId)
    .where("em.tenant_id", "=", tenantId);
}

export const strip = <T extends { employeeManagerId: string | null }>({
  employeeManagerId: _,
  ...row
}: T): Omit<T, "employeeManagerId"> => row;

export type AgreementRole = "employee" | "manager";

/**
 * The agreement as this member may see it: the employee's own, or one of a direct report's for
 * their current manager. Anyone else gets NotFoundError (nothing tells them it exists).
 */
export async function findAgreement(
  tx: Tx,
  member: Member,
  agreementId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ agreement: AgreementRow; role: AgreementRole }> {
  if (!/^[0-9a-f-]{36}$/i.test(agreementId)) throw new NotFoundError("agreement");
  if (opts.forUpdate) {
    // lock the row: status moves (accept vs. withdraw vs. revise) are serialised
    await tx
      .selectFrom("goal_agreements")
      .select("id")
      .where("tenant_id", "=", member.tenantId)
      .where("id", "=", agreementId)
      .forUpdate()
      .execute();
  }
  const row = await agreementQuery(tx, member.tenantId).where("a.id", "=", agreementId).executeTakeFirst();
  if (!row) throw new NotFoundError("agreement");
  if (row.employeeId === member.id) return { agreement: strip(row), role: "employee" };
  if (can(member.roles, "goals.manage") && row.employeeManagerId === member.id)
    return { agreement: strip(row), role: "manager" };
  throw new NotFoundError("agreement");
}

/**
 * How a view that writes the credit access log was asked for. `confirmed: false` — a GET that
 * another site may have steered here (app/lib/same-site-view.server.ts) — shows no figure of
 * anyone else and writes nothing. Direct callers (jobs, tests) are confirmed.
 */
export interface ViewRequest {
  confirmed?: boolean;
}

/**
 * The last day an agreement's figures measure: its end, or for one closed early the tenant-local
 * day it was closed — the same days its statement measures (close.server.ts).
 */
export async function measuredEndsOn(tx: Tx, tenantId: string, agreement: AgreementRow): Promise<string> {
  if (!agreement.closedEarly || !agreement.closedAt) return agreement.endsOn;
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return measuredThrough(agreement.endsOn, todayIn(tenant.time_zone, agreement.closedAt));
}

export async function evaluate(
  tx: Tx,
  tenantId: string,
  agreement: AgreementRow,
  capPercent: number,
  objectives?: ObjectiveRow[],
): Promise<Evaluation> {
  return evaluateObjectives(
    tx,
    {
      tenantId,
      membershipId: agreement.employeeId,
      startsOn: agreement.startsOn,
      endsOn: await measuredEndsOn(tx, tenantId, agreement),
    },
    objectives ?? (await loadObjectives(tx, tenantId, agreement.id)),
    capPercent,
  );
}

/** A draft of the proposal form filled from an existing agreement (for a revision). */
export function proposalFromAgreement(agreement: AgreementRow, objectives: readonly ObjectiveRow[]) {
  return {
    employeeId: agreement.employeeId,
    period: agreement.periodKind === "custom" ? "custom" : agreement.periodLabel,
    from: agreement.periodKind === "custom" ? agreement.startsOn : "",
    to: agreement.periodKind === "custom" ? agreement.endsOn : "",
    objectives: objectives.map((o) => ({
      metric: o.metric,
      title: o.title,
      target: o.metric === "manual" ? "" : String(o.target),
      weight: String(o.weight),
    })),
  };
}
