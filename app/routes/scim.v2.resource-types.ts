import type { Route } from "./+types/scim.v2.resource-types";
import { resourceTypes } from "~/app/modules/scim/discovery.ts";
import { scimNotFound } from "~/app/modules/scim/errors.ts";
import {
  handleScim,
  listResponse,
  requireScimToken,
  scimBaseUrl,
  scimJson,
  scimMethodNotAllowed,
} from "~/app/modules/scim/http.server.ts";

/** GET /scim/v2/ResourceTypes[/:id] (RFC 7644 §4): Users (with the enterprise extension) and Groups. */
export async function loader({ request, params }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    await requireScimToken(request);
    const all = resourceTypes(scimBaseUrl());
    if (params.id === undefined) return listResponse(all, { totalResults: all.length, startIndex: 1 });
    const one = all.find((t) => t.id.toLowerCase() === params.id!.toLowerCase());
    if (!one) throw scimNotFound("ResourceType", params.id);
    return scimJson(one);
  });
}

export async function action({ request }: Route.ActionArgs) {
  return handleScim(request, async () => scimMethodNotAllowed(request, ["GET"]));
}
