import type { Tx } from "~/db/client.ts";
import type { ScimPatchRequest } from "~/app/modules/scim/patch.ts";
import {
  applyScimUserChange,
  findScimUser,
  toScimUser,
  type ScimActor,
  type ScimUser,
} from "~/app/modules/scim/scim-user-records.server.ts";
import { changeFromPatch } from "~/app/modules/scim/user-schemas.ts";

/**
 * PATCH /Users/:id (RFC 7644 §3.5.2), Entra's and Okta's shapes: `active` false deprovisions at
 * once (sessions, tokens, LinkedIn grant, open agreements), true restores the membership; the
 * other attributes as in applyScimUserChange. Answers the User as it is afterwards (200).
 */
export async function patchScimUser(
  tx: Tx,
  actor: ScimActor,
  id: string,
  request: ScimPatchRequest,
): Promise<ScimUser> {
  const row = await findScimUser(tx, actor.tenantId, id);
  await applyScimUserChange(tx, actor, row, changeFromPatch(request.Operations));
  return toScimUser(await findScimUser(tx, actor.tenantId, id));
}
