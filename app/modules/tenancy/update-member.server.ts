import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { UpdateMemberInput } from "~/app/modules/tenancy/member-schemas.ts";
import {
  assertActiveMember,
  assertKeepsAnAdmin,
  assertNotErased,
  assertNoReportingCycle,
  assertTeamInTenant,
} from "~/app/modules/tenancy/member-rules.server.ts";
import { parseInput } from "~/app/lib/validation.ts";

export { UpdateMemberInput } from "~/app/modules/tenancy/member-schemas.ts";

/**
 * Changes a member's roles, team and manager. The manager must be an active member of this tenant,
 * not the member themself, and must not close a loop in the reporting line; the last active admin
 * cannot lose the admin role. A member id from another tenant is simply not found.
 */
export async function updateMember(tx: Tx, actor: Member, raw: UpdateMemberInput): Promise<void> {
  const input = parseInput(UpdateMemberInput, raw);
  const tenantId = actor.tenantId;
  const before = await tx
    .selectFrom("memberships")
    .select(["id", "roles", "team_id", "manager_id", "status"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.memberId)
    .executeTakeFirst();
  if (!before) throw new NotFoundError("member");
  await assertNotErased(tx, tenantId, before.id);
  if (input.teamId) await assertTeamInTenant(tx, tenantId, input.teamId);
  if (input.managerId && input.managerId !== before.manager_id) {
    await assertNoReportingCycle(tx, tenantId, before.id, input.managerId);
    await assertActiveMember(tx, tenantId, input.managerId);
  }
  if (before.status === "active" && before.roles.includes("admin") && !input.roles.includes("admin")) {
    await assertKeepsAnAdmin(tx, tenantId, before.id);
  }
  const result = await tx
    .updateTable("memberships")
    .set({ roles: input.roles, team_id: input.teamId, manager_id: input.managerId })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", before.id)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("member");
  await recordAudit(tx, {
    tenantId,
    actorUserId: actor.userId,
    action: "member.updated",
    subject: before.id,
    data: {
      before: { roles: before.roles, teamId: before.team_id, managerId: before.manager_id },
      after: { roles: input.roles, teamId: input.teamId, managerId: input.managerId },
    },
  });
}
