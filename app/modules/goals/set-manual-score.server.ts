import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { ManualScoreInput } from "~/app/modules/goals/schemas.ts";
import { findAgreement } from "~/app/modules/goals/agreement-records.server.ts";

/**
 * The manager's judgement of a manual objective, in percent. Allowed while the agreement runs and
 * after it closed (a changed judgement then reaches a statement only as a correction).
 */
export async function setManualScore(
  tx: Tx,
  manager: Member,
  agreementId: string,
  raw: ManualScoreInput,
): Promise<void> {
  const input = parseInput(ManualScoreInput, raw);
  const { agreement, role } = await findAgreement(tx, manager, agreementId);
  if (role !== "manager") throw new NotFoundError("agreement");
  if (agreement.status !== "accepted" && agreement.status !== "closed")
    throw new ConflictError("only an accepted agreement is scored", "agreement_not_accepted");
  const result = await tx
    .updateTable("goal_objectives")
    .set({ manual_score: input.score, manual_note: input.note || null })
    .where("tenant_id", "=", manager.tenantId)
    .where("agreement_id", "=", agreement.id)
    .where("id", "=", input.objectiveId)
    .where("metric", "=", "manual")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    throw new ValidationError("not a manual objective of this agreement", { objectiveId: ["manual_only"] });
}
