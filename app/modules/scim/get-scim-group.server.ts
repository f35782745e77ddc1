import type { Tx } from "~/db/client.ts";
import { readScimGroup, type ScimGroup } from "~/app/modules/scim/scim-group-records.server.ts";
import type { ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";

/** GET /Groups/:id: the team as a Group (members unless excluded); 404 when unknown or another tenant's. */
export async function getScimGroup(
  tx: Tx,
  actor: ScimActor,
  id: string,
  opts: { members: boolean },
): Promise<ScimGroup> {
  return readScimGroup(tx, actor.tenantId, id, opts);
}
