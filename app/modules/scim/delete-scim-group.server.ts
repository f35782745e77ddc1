import type { Tx } from "~/db/client.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { findScimTeam } from "~/app/modules/scim/scim-group-records.server.ts";
import { scimAuditData, type ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";

/**
 * DELETE /Groups/:id: the team goes, as when an admin deletes it (teams.server.ts): its members and
 * pending invitations keep going without a team (the foreign keys' ON DELETE SET NULL (team_id)),
 * posts lose it as a target audience (post_teams cascade), shares keep the team they were counted
 * for as null. The people themselves are not touched.
 */
export async function deleteScimGroup(tx: Tx, actor: ScimActor, id: string): Promise<void> {
  const team = await findScimTeam(tx, actor.tenantId, id, { forUpdate: true });
  const { members } = await tx
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<string>().as("members"))
    .where("tenant_id", "=", actor.tenantId)
    .where("team_id", "=", team.id)
    .executeTakeFirstOrThrow();
  await tx.deleteFrom("teams").where("tenant_id", "=", actor.tenantId).where("id", "=", team.id).execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: null,
    action: "team.scim_deleted",
    subject: team.id,
    data: scimAuditData(actor, { name: team.name, members: Number(members) }),
  });
}
