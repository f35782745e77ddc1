import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { loadObjectives } from "~/app/modules/goals/evaluate.server.ts";
import { ProposeAgreementInput } from "~/app/modules/goals/schemas.ts";
import { findAgreement } from "~/app/modules/goals/agreement-records.server.ts";
import {
  assertNoLiveAgreement,
  insertObjectives,
  isUniqueViolation,
  mailOtherSide,
  proposedWindow,
  tenantToday,
  type ProposalClock,
} from "~/app/modules/goals/agreement-steps.server.ts";

/**
 * The manager revises an agreement that has not closed: the objectives are replaced and it is a
 * proposal again, measured from the revision day at the earliest (the same rule as a proposal).
 * Revising an accepted agreement is how targets or weights change after acceptance: it stops
 * counting (and the manager sees no figures) until the employee accepts again; what was accepted
 * before stays in the audit log ('goals.agreement_revised').
 */
export async function reviseAgreement(
  tx: Tx,
  manager: Member,
  agreementId: string,
  raw: ProposeAgreementInput,
  clock: ProposalClock = {},
): Promise<void> {
  const input = parseInput(ProposeAgreementInput, raw);
  const { agreement, role } = await findAgreement(tx, manager, agreementId, { forUpdate: true });
  if (role !== "manager") throw new NotFoundError("agreement");
  if (input.employeeId !== agreement.employeeId)
    throw new ValidationError("the employee cannot change", { employeeId: ["employee"] });
  if (
    agreement.status !== "proposed" &&
    agreement.status !== "commented" &&
    agreement.status !== "accepted"
  ) {
    throw new ConflictError(
      "only an open proposal or a running agreement can be revised",
      "agreement_not_open",
    );
  }
  const { period, window } = await proposedWindow(
    tx,
    manager.tenantId,
    input,
    await tenantToday(tx, manager.tenantId, clock),
  );
  await assertNoLiveAgreement(tx, manager.tenantId, agreement.employeeId, period.label, agreement.id);
  const wasAccepted = agreement.status === "accepted";
  if (wasAccepted) {
    const before = await loadObjectives(tx, manager.tenantId, agreement.id);
    await recordAudit(tx, {
      tenantId: manager.tenantId,
      actorUserId: manager.userId,
      action: "goals.agreement_revised",
      subject: agreement.id,
      data: {
        employeeId: agreement.employeeId,
        previous: {
          periodLabel: agreement.periodLabel,
          startsOn: agreement.startsOn,
          endsOn: agreement.endsOn,
          acceptedAt: agreement.acceptedAt?.toISOString() ?? null,
          capPercent: agreement.agreedCapPercent,
          objectives: before.map((o) => ({
            position: o.position,
            metric: o.metric,
            title: o.title,
            target: o.target,
            weight: o.weight,
          })),
        },
      },
    });
  }
  try {
    // status first: the objectives of an accepted agreement are frozen (trigger goal_objectives_frozen)
    await tx
      .updateTable("goal_agreements")
      .set((eb) => ({
        status: "proposed",
        manager_id: manager.id,
        period_kind: period.kind,
        period_label: period.label,
        starts_on: window.startsOn,
        ends_on: window.endsOn,
        backdated_from: window.backdatedFrom,
        proposed_at: new Date(),
        updated_at: new Date(),
        // every revision is a new version: an accept or comment sent for the one before is refused
        revision: eb("revision", "+", 1),
        ...(wasAccepted ? { accepted_at: null, attainment_cap_percent: null, employee_comment: null } : {}),
      }))
      .where("tenant_id", "=", manager.tenantId)
      .where("id", "=", agreement.id)
      .where("status", "=", agreement.status)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
    throw error;
  }
  await tx
    .deleteFrom("goal_objectives")
    .where("tenant_id", "=", manager.tenantId)
    .where("agreement_id", "=", agreement.id)
    .execute();
  await insertObjectives(tx, manager.tenantId, agreement.id, input);
  await mailOtherSide(tx, manager.tenantId, agreement.id, agreement.employeeId, {
    event: "proposed",
    actorName: manager.name,
    periodLabel: period.label,
  });
}
