import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { queueInvitationEmails, writeInvitations } from "~/app/modules/tenancy/invitation-records.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { InviteMemberInput } from "~/app/modules/tenancy/member-schemas.ts";
import {
  activeMemberIdByEmail,
  assertActiveMember,
  assertTeamInTenant,
} from "~/app/modules/tenancy/member-rules.server.ts";
import { parseInput } from "~/app/lib/validation.ts";

export { InviteMemberInput, RoleList } from "~/app/modules/tenancy/member-schemas.ts";

/**
 * Invites one person: rejects someone who is already an active member, replaces a pending
 * invitation for the same email (only the newest link works), and queues the invitation email.
 * A deactivated member may be invited again: accepting reactivates them.
 */
export async function inviteMember(
  tx: Tx,
  actor: Member,
  tenant: TenantInfo,
  raw: InviteMemberInput,
): Promise<{ invitationId: string }> {
  if (tenant.id !== actor.tenantId) throw new ForbiddenError("tenant mismatch");
  const input = parseInput(InviteMemberInput, raw);
  if (await activeMemberIdByEmail(tx, tenant.id, input.email))
    throw new ConflictError("already an active member", "already_member");
  if (input.teamId) await assertTeamInTenant(tx, tenant.id, input.teamId);
  let managerId = input.managerId ?? null;
  if (managerId) await assertActiveMember(tx, tenant.id, managerId);
  else if (input.managerEmail) {
    managerId = (await activeMemberIdByEmail(tx, tenant.id, input.managerEmail)) ?? null;
    if (!managerId) throw new ValidationError("unknown manager", { managerEmail: ["managerUnknown"] });
  }
  const [written] = await writeInvitations(tx, tenant.id, actor.userId, [
    { email: input.email, name: input.name, roles: input.roles, teamId: input.teamId ?? null, managerId },
  ]);
  if (!written) throw new Error("invitation not written");
  await recordAudit(tx, {
    tenantId: tenant.id,
    actorUserId: actor.userId,
    action: "member.invited",
    subject: written.id,
    data: {
      email: input.email,
      roles: input.roles,
      teamId: input.teamId ?? null,
      managerId,
      pendingManagerEmail: null,
    },
  });
  afterCommit(tx, () => queueInvitationEmails(tenant, actor.name, [written]));
  return { invitationId: written.id };
}
