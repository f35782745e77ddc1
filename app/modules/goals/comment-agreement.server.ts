import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { CommentInput } from "~/app/modules/goals/schemas.ts";
import { findAgreement } from "~/app/modules/goals/agreement-records.server.ts";
import {
  assertShownRevision,
  mailOtherSide,
  transition,
  type ShownRevision,
} from "~/app/modules/goals/agreement-steps.server.ts";

/**
 * The employee asks for changes; the manager sees the comment and may revise. Like accepting, the
 * comment answers the revision the employee read (`shown`, sent by the page).
 */
export async function commentAgreement(
  tx: Tx,
  employee: Member,
  agreementId: string,
  raw: CommentInput,
  shown?: ShownRevision,
): Promise<void> {
  const input = parseInput(CommentInput, raw);
  const { agreement, role } = await findAgreement(tx, employee, agreementId, { forUpdate: true });
  if (role !== "employee") throw new NotFoundError("agreement");
  if (shown && agreement.status === "proposed") assertShownRevision(agreement, shown);
  await transition(
    tx,
    employee.tenantId,
    agreement.id,
    ["proposed"],
    { status: "commented", employee_comment: input.comment },
    shown,
  );
  await mailOtherSide(tx, employee.tenantId, agreement.id, agreement.managerId, {
    event: "commented",
    actorName: employee.name,
    periodLabel: agreement.periodLabel,
    comment: input.comment,
  });
}
