import type { Route } from "./+types/scim.v2.schemas";
import { schemas } from "~/app/modules/scim/discovery.ts";
import { scimNotFound } from "~/app/modules/scim/errors.ts";
import {
  handleScim,
  listResponse,
  requireScimToken,
  scimBaseUrl,
  scimJson,
  scimMethodNotAllowed,
} from "~/app/modules/scim/http.server.ts";

/** GET /scim/v2/Schemas[/:id] (RFC 7644 §4): the attributes Chorus stores for Users, EnterpriseUser and Groups. */
export async function loader({ request, params }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    await requireScimToken(request);
    const all = schemas(scimBaseUrl());
    if (params.id === undefined) return listResponse(all, { totalResults: all.length, startIndex: 1 });
    const one = all.find((s) => s.id.toLowerCase() === params.id!.toLowerCase());
    if (!one) throw scimNotFound("Schema", params.id);
    return scimJson(one);
  });
}

export async function action({ request }: Route.ActionArgs) {
  return handleScim(request, async () => scimMethodNotAllowed(request, ["GET"]));
}
