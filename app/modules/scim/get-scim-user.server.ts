import type { Tx } from "~/db/client.ts";
import {
  findScimUser,
  toScimUser,
  type ScimActor,
  type ScimUser,
} from "~/app/modules/scim/scim-user-records.server.ts";

/** GET /Users/:id: the member as a User; 404 when deleted through SCIM, erased or another tenant's. */
export async function getScimUser(tx: Tx, actor: ScimActor, id: string): Promise<ScimUser> {
  return toScimUser(await findScimUser(tx, actor.tenantId, id));
}
