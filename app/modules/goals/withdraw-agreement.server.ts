import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { findAgreement } from "~/app/modules/goals/agreement-records.server.ts";
import { transition } from "~/app/modules/goals/agreement-steps.server.ts";

/** The manager withdraws a proposal before it is accepted. */
export async function withdrawAgreement(tx: Tx, manager: Member, agreementId: string): Promise<void> {
  const { agreement, role } = await findAgreement(tx, manager, agreementId, { forUpdate: true });
  if (role !== "manager") throw new NotFoundError("agreement");
  await transition(tx, manager.tenantId, agreement.id, ["proposed", "commented"], { status: "withdrawn" });
}
