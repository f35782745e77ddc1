import type { Route } from "./+types/scim.v2.user";
import { withTenant } from "~/db/tenant.ts";
import {
  handleScim,
  readScimBody,
  requireScimToken,
  scimJson,
  scimMethodNotAllowed,
  scimNoContent,
} from "~/app/modules/scim/http.server.ts";
import { ScimPatchRequest } from "~/app/modules/scim/patch.ts";
import { deleteScimUser } from "~/app/modules/scim/delete-scim-user.server.ts";
import { getScimUser } from "~/app/modules/scim/get-scim-user.server.ts";
import { patchScimUser } from "~/app/modules/scim/patch-scim-user.server.ts";
import { replaceScimUser } from "~/app/modules/scim/replace-scim-user.server.ts";
import { ScimUserInput } from "~/app/modules/scim/user-schemas.ts";

/** GET /scim/v2/Users/:id */
export async function loader({ request, params }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const user = await withTenant(db, tenantId, (tx) => getScimUser(tx, { tenantId, tokenId }, params.id));
    return scimJson(user, { headers: { Location: user.meta.location } });
  });
}

/** PUT (replace), PATCH (Entra's and Okta's operations), DELETE (deprovision; 204). */
export async function action({ request, params }: Route.ActionArgs) {
  return handleScim(request, async () => {
    const allowed = ["GET", "PUT", "PATCH", "DELETE"];
    if (!["PUT", "PATCH", "DELETE"].includes(request.method)) return scimMethodNotAllowed(request, allowed);
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const actor = { tenantId, tokenId };
    if (request.method === "DELETE") {
      await withTenant(db, tenantId, (tx) => deleteScimUser(tx, actor, params.id));
      return scimNoContent();
    }
    let user;
    if (request.method === "PUT") {
      const input = await readScimBody(request, ScimUserInput);
      user = await withTenant(db, tenantId, (tx) => replaceScimUser(tx, actor, params.id, input));
    } else {
      const patch = await readScimBody(request, ScimPatchRequest);
      user = await withTenant(db, tenantId, (tx) => patchScimUser(tx, actor, params.id, patch));
    }
    return scimJson(user, { headers: { Location: user.meta.location } });
  });
}
