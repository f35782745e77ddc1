import type { Tx } from "~/db/client.ts";
import type { ScimPatchRequest } from "~/app/modules/scim/patch.ts";
import { groupActionsFromPatch } from "~/app/modules/scim/group-schemas.ts";
import {
  applyGroupActions,
  findScimTeam,
  type GroupChangeOutcome,
} from "~/app/modules/scim/scim-group-records.server.ts";
import type { ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";

/**
 * PATCH /Groups/:id (RFC 7644 §3.5.2) with Entra's and Okta's operations, applied in order (see
 * groupActionsFromPatch). The route answers 204, as both directories expect for groups: a large
 * team's member list is not sent back for every membership change.
 */
export async function patchScimGroup(
  tx: Tx,
  actor: ScimActor,
  id: string,
  request: ScimPatchRequest,
): Promise<GroupChangeOutcome> {
  const team = await findScimTeam(tx, actor.tenantId, id, { forUpdate: true });
  return applyGroupActions(tx, actor, team, groupActionsFromPatch(team.id, request.Operations));
}
