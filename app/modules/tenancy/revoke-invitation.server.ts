import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { InvitationRef } from "~/app/modules/tenancy/member-schemas.ts";

/** Withdraws a pending invitation: the row goes, so its link stops working at once. */
export async function revokeInvitation(tx: Tx, actor: Member, raw: InvitationRef): Promise<void> {
  const { invitationId } = parseInput(InvitationRef, raw);
  const gone = await tx
    .deleteFrom("invitations")
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", invitationId)
    .where("accepted_at", "is", null)
    .returning("email")
    .executeTakeFirst();
  if (!gone) throw new NotFoundError("invitation");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "invitation.revoked",
    subject: invitationId,
    data: { email: gone.email },
  });
}
