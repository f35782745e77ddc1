import type { Tx } from "~/db/client.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { assertGoalAgreementsAllowed } from "~/app/modules/billing/gates.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { ProposeAgreementInput } from "~/app/modules/goals/schemas.ts";
import {
  assertDirectReport,
  assertNoLiveAgreement,
  insertObjectives,
  isUniqueViolation,
  mailOtherSide,
  proposedWindow,
  tenantToday,
  type ProposalClock,
} from "~/app/modules/goals/agreement-steps.server.ts";

/**
 * A manager proposes objectives for one of their direct reports and a period. One live (not
 * withdrawn) agreement per employee and period; the unique index backs the check against races.
 * The agreement measures from the day it is proposed at the earliest (a back-dated start only as
 * the tenant allows, recorded in backdated_from); a period that has ended is refused.
 */
export async function proposeAgreement(
  tx: Tx,
  manager: Member,
  raw: ProposeAgreementInput,
  clock: ProposalClock = {},
): Promise<{ id: string }> {
  const input = parseInput(ProposeAgreementInput, raw);
  await assertGoalAgreementsAllowed(tx, manager.tenantId);
  await assertDirectReport(tx, manager, input.employeeId);
  const { period, window } = await proposedWindow(
    tx,
    manager.tenantId,
    input,
    await tenantToday(tx, manager.tenantId, clock),
  );
  await assertNoLiveAgreement(tx, manager.tenantId, input.employeeId, period.label);
  try {
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: manager.tenantId,
        employee_id: input.employeeId,
        manager_id: manager.id,
        period_kind: period.kind,
        period_label: period.label,
        starts_on: window.startsOn,
        ends_on: window.endsOn,
        backdated_from: window.backdatedFrom,
        status: "proposed",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertObjectives(tx, manager.tenantId, agreement.id, input);
    await mailOtherSide(tx, manager.tenantId, agreement.id, input.employeeId, {
      event: "proposed",
      actorName: manager.name,
      periodLabel: period.label,
    });
    return agreement;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
    throw error;
  }
}
