import type { Tx } from "~/db/client.ts";
import {
  applyScimUserChange,
  findScimUser,
  toScimUser,
  type ScimActor,
  type ScimUser,
} from "~/app/modules/scim/scim-user-records.server.ts";
import { changeFromResource, type ScimUserInput } from "~/app/modules/scim/user-schemas.ts";

/**
 * PUT /Users/:id (Okta updates this way): the resource as sent replaces address, name, active and
 * externalId (absent: cleared). The manager only when the enterprise extension is in the body: a
 * reporting line an admin keeps in Chorus is not cleared by a directory that does not manage it.
 */
export async function replaceScimUser(
  tx: Tx,
  actor: ScimActor,
  id: string,
  input: ScimUserInput,
): Promise<ScimUser> {
  const row = await findScimUser(tx, actor.tenantId, id);
  await applyScimUserChange(tx, actor, row, changeFromResource(input));
  return toScimUser(await findScimUser(tx, actor.tenantId, id));
}
