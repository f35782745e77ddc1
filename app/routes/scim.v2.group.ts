import type { Route } from "./+types/scim.v2.group";
import { withTenant } from "~/db/tenant.ts";
import {
  handleScim,
  parseScimListQuery,
  readScimBody,
  requireScimToken,
  scimJson,
  scimMethodNotAllowed,
  scimNoContent,
} from "~/app/modules/scim/http.server.ts";
import { ScimPatchRequest } from "~/app/modules/scim/patch.ts";
import { deleteScimGroup } from "~/app/modules/scim/delete-scim-group.server.ts";
import { getScimGroup } from "~/app/modules/scim/get-scim-group.server.ts";
import { ScimGroupBody } from "~/app/modules/scim/group-schemas.ts";
import { patchScimGroup } from "~/app/modules/scim/patch-scim-group.server.ts";
import { replaceScimGroup } from "~/app/modules/scim/replace-scim-group.server.ts";
import { includesMembers } from "~/app/modules/scim/scim-group-records.server.ts";

/** GET /scim/v2/Groups/:id (excludedAttributes=members leaves the member list out). */
export async function loader({ request, params }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const members = includesMembers(parseScimListQuery(request, []));
    const group = await withTenant(db, tenantId, (tx) =>
      getScimGroup(tx, { tenantId, tokenId }, params.id, { members }),
    );
    return scimJson(group, { headers: { Location: group.meta.location } });
  });
}

/** PUT (200 with the Group), PATCH (204: Entra's and Okta's member and name operations), DELETE (204). */
export async function action({ request, params }: Route.ActionArgs) {
  return handleScim(request, async () => {
    const allowed = ["GET", "PUT", "PATCH", "DELETE"];
    if (!["PUT", "PATCH", "DELETE"].includes(request.method)) return scimMethodNotAllowed(request, allowed);
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const actor = { tenantId, tokenId };
    if (request.method === "DELETE") {
      await withTenant(db, tenantId, (tx) => deleteScimGroup(tx, actor, params.id));
      return scimNoContent();
    }
    if (request.method === "PATCH") {
      const patch = await readScimBody(request, ScimPatchRequest);
      await withTenant(db, tenantId, (tx) => patchScimGroup(tx, actor, params.id, patch));
      return scimNoContent();
    }
    const body = await readScimBody(request, ScimGroupBody);
    const group = await withTenant(db, tenantId, (tx) => replaceScimGroup(tx, actor, params.id, body));
    return scimJson(group, { headers: { Location: group.meta.location } });
  });
}
