import type { Tx } from "~/db/client.ts";
import type { CreditAccessAction } from "~/db/tables/recognition.ts";

export interface CreditAccess {
  tenantId: string;
  /** whose figures were looked at */
  subjectMembershipId: string;
  /** a member, or an API token (HR system) */
  actor: { membershipId: string } | { tokenId: string };
  action: CreditAccessAction;
  statementId?: string | null;
}

/**
 * Records that someone looked at or exported another person's credit ("who looked at my figures").
 * A person looking at their own figures is not recorded. Call it in the same transaction as the
 * read, so a view is never shown without its record.
 */
export async function logCreditAccess(tx: Tx, access: CreditAccess): Promise<void> {
  if ("membershipId" in access.actor && access.actor.membershipId === access.subjectMembershipId) return;
  await tx
    .insertInto("credit_access_log")
    .values({
      tenant_id: access.tenantId,
      subject_membership_id: access.subjectMembershipId,
      actor_membership_id: "membershipId" in access.actor ? access.actor.membershipId : null,
      actor_token_id: "tokenId" in access.actor ? access.actor.tokenId : null,
      action: access.action,
      statement_id: access.statementId ?? null,
    })
    .execute();
}
