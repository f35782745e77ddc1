import type { Route } from "./+types/scim.v2.groups";
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
import { createScimGroup } from "~/app/modules/scim/create-scim-group.server.ts";
import { ScimGroupInput } from "~/app/modules/scim/group-schemas.ts";
import { GROUP_FILTER_ATTRIBUTES, listScimGroups } from "~/app/modules/scim/list-scim-groups.server.ts";
import { includesMembers } from "~/app/modules/scim/scim-group-records.server.ts";

/** GET /scim/v2/Groups?filter&startIndex&count&excludedAttributes (Entra: `displayName eq "…"`, excludedAttributes=members). */
export async function loader({ request }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const query = parseScimListQuery(request, GROUP_FILTER_ATTRIBUTES);
    const { groups, totalResults } = await withTenant(db, tenantId, (tx) =>
      listScimGroups(tx, { tenantId, tokenId }, { ...query, members: includesMembers(query) }),
    );
    return listResponse(groups, { totalResults, startIndex: query.startIndex });
  });
}

/** POST /scim/v2/Groups: 201 with the Group (a new team) and its Location. */
export async function action({ request }: Route.ActionArgs) {
  return handleScim(request, async () => {
    if (request.method !== "POST") return scimMethodNotAllowed(request, ["GET", "POST"]);
    const { db, tenantId, tokenId } = await requireScimToken(request);
    const input = await readScimBody(request, ScimGroupInput);
    const group = await withTenant(db, tenantId, (tx) => createScimGroup(tx, { tenantId, tokenId }, input));
    return scimJson(group, { status: 201, headers: { Location: group.meta.location } });
  });
}
