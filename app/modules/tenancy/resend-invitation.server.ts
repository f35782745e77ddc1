import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "~/app/lib/errors.ts";
import { unusableTokenHash } from "~/app/modules/auth/mint-link.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { INVITATION_TTL_MS, queueInvitationEmails } from "~/app/modules/tenancy/invitation-records.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { InvitationRef } from "~/app/modules/tenancy/member-schemas.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { activeMemberIdByEmail } from "~/app/modules/tenancy/member-rules.server.ts";

export { InvitationRef } from "~/app/modules/tenancy/member-schemas.ts";

/**
 * Sends a pending (or expired) invitation again. Only the token's hash is stored, so the old link
 * cannot be re-sent: the send-email job mints a new token (the old link stops working here already)
 * and the week starts over.
 * The row itself stays, so its team, manager and any reporting line still waiting for a manager
 * to join (see accept-invitation) carry over.
 */
export async function resendInvitation(
  tx: Tx,
  actor: Member,
  tenant: TenantInfo,
  raw: InvitationRef,
  now = new Date(),
): Promise<void> {
  if (tenant.id !== actor.tenantId) throw new ForbiddenError("tenant mismatch");
  const { invitationId } = parseInput(InvitationRef, raw);
  const row = await tx
    .updateTable("invitations")
    .set({
      token_hash: unusableTokenHash(),
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
      invited_by: actor.userId,
    })
    .where("tenant_id", "=", tenant.id)
    .where("id", "=", invitationId)
    .where("accepted_at", "is", null)
    .returning(["id", "email", "name", "expires_at"])
    .executeTakeFirst();
  if (!row) throw new NotFoundError("invitation");
  // They may have joined through a newer invitation meanwhile; a second link would only confuse.
  if (await activeMemberIdByEmail(tx, tenant.id, row.email))
    throw new ConflictError("already an active member", "already_member");
  await recordAudit(tx, {
    tenantId: tenant.id,
    actorUserId: actor.userId,
    action: "invitation.resent",
    subject: row.id,
    data: { email: row.email },
  });
  const renewed = { id: row.id, email: row.email, name: row.name, expiresAt: row.expires_at };
  afterCommit(tx, () => queueInvitationEmails(tenant, actor.name, [renewed]));
}
