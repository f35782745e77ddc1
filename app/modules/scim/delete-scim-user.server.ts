import type { Tx } from "~/db/client.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { deprovisionMember } from "~/app/modules/tenancy/deprovision-member.server.ts";
import {
  findScimUser,
  scimAuditData,
  scimDeprovisioner,
  type ScimActor,
} from "~/app/modules/scim/scim-user-records.server.ts";

/**
 * DELETE /Users/:id: the directory deleted the person. Chorus deprovisions them (access ends at
 * once) and marks the membership scim_deleted_at instead of deleting it: their released statements
 * and figures stay for the period's records. A later GET is 404; a later POST of the same person
 * revives the membership (createScimUser).
 */
export async function deleteScimUser(
  tx: Tx,
  actor: ScimActor,
  id: string,
  opts: { now?: Date } = {},
): Promise<void> {
  const now = opts.now ?? new Date();
  const row = await findScimUser(tx, actor.tenantId, id);
  await deprovisionMember(tx, scimDeprovisioner(actor), row.id, { now });
  await tx
    .updateTable("memberships")
    .set({ scim_deleted_at: now })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", row.id)
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: null,
    action: "member.scim_deleted",
    subject: row.id,
    data: scimAuditData(actor),
  });
}
