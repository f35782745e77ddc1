import type { Route } from "./+types/scim.v2.users";
import { withTenant } from "~/db/tenant.ts";
import {
  handleScim,
  listResponse,
  parseScimListQuery,
  readScimBody,
  requireScimToken,
  scimJson,
  scimMethodNotAllowed,
} from "~/app/modules/scim/http.server.ts";
import { createScimUser } from "~/app/modules/scim/create-scim-user.server.ts";
import { listScimUsers, USER_FILTER_ATTRIBUTES } from "~/app/modules/scim/list-scim-users.server.ts";
import { ScimUserInput } from "~/app/modules/scim/user-schemas.ts";

/** GET /scim/v2/Users?filter&startIndex&count (Entra's first call: `filter=userName eq "…"`). */
export async function loader({ request }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const query = parseScimListQuery(request, USER_FILTER_ATTRIBUTES);
    const { users, totalResults } = await withTenant(db, tenantId, (tx) =>
      listScimUsers(tx, { tenantId, tokenId }, query),
    );
    return listResponse(users, { totalResults, startIndex: query.startIndex });
  });
}

/** POST /scim/v2/Users: 201 with the User and its Location. */
export async function action({ request }: Route.ActionArgs) {
  return handleScim(request, async () => {
    if (request.method !== "POST") return scimMethodNotAllowed(request, ["GET", "POST"]);
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const input = await readScimBody(request, ScimUserInput);
    const { user } = await withTenant(db, tenantId, (tx) => createScimUser(tx, { tenantId, tokenId }, input));
    return scimJson(user, { status: 201, headers: { Location: user.meta.location } });
  });
}
