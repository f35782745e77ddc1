import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { findAgreement } from "~/app/modules/goals/agreement-records.server.ts";
import {
  assertShownRevision,
  mailOtherSide,
  tenantToday,
  transition,
  type ProposalClock,
  type ShownRevision,
} from "~/app/modules/goals/agreement-steps.server.ts";

/**
 * The employee accepts the proposal: from now on it counts, with the tenant's attainment cap of
 * this moment — part of what was agreed, so a later change of the setting does not rewrite it.
 * A proposal whose period has ended can no longer be accepted. `shown.revision` is the version the
 * employee read (the page sends it): a proposal revised since is refused ("proposal_changed").
 * Callers that answer on someone's behalf without a page (tests, the demo seed) may omit it.
 */
export async function acceptAgreement(
  tx: Tx,
  employee: Member,
  agreementId: string,
  clock: ProposalClock & Partial<ShownRevision> = {},
): Promise<void> {
  const { agreement, role } = await findAgreement(tx, employee, agreementId, { forUpdate: true });
  if (role !== "employee") throw new NotFoundError("agreement");
  const shown = clock.revision === undefined ? undefined : { revision: clock.revision };
  if (shown && agreement.status === "proposed") assertShownRevision(agreement, shown);
  // accepting once the period is over would agree targets with every figure known: the manager
  // withdraws it instead
  if (agreement.endsOn < (await tenantToday(tx, employee.tenantId, clock)))
    throw new ConflictError("the period of this agreement has ended", "period_ended");
  const settings = await getRecognitionSettings(tx, employee.tenantId);
  await transition(
    tx,
    employee.tenantId,
    agreement.id,
    ["proposed"],
    { status: "accepted", accepted_at: new Date(), attainment_cap_percent: settings.attainmentCapPercent },
    shown,
  );
  await mailOtherSide(tx, employee.tenantId, agreement.id, agreement.managerId, {
    event: "accepted",
    actorName: employee.name,
    periodLabel: agreement.periodLabel,
  });
}
