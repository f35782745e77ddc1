import type { Tx } from "~/db/client.ts";
import { groupActionsFromResource } from "~/app/modules/scim/group-schemas.ts";
import {
  applyGroupActions,
  findScimTeam,
  readScimGroup,
  type ScimGroup,
} from "~/app/modules/scim/scim-group-records.server.ts";
import type { ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";

/**
 * PUT /Groups/:id: the name, and externalId and members when the body has them (an attribute left
 * out is not asserted, RFC 7644 §3.5.1: `"members": []` empties the team, no `members` keeps it).
 */
export async function replaceScimGroup(
  tx: Tx,
  actor: ScimActor,
  id: string,
  body: Record<string, unknown>,
): Promise<ScimGroup> {
  const team = await findScimTeam(tx, actor.tenantId, id, { forUpdate: true });
  await applyGroupActions(tx, actor, team, groupActionsFromResource(body));
  return readScimGroup(tx, actor.tenantId, id, { members: true });
}
