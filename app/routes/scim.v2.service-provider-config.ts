import type { Route } from "./+types/scim.v2.service-provider-config";
import { serviceProviderConfig } from "~/app/modules/scim/discovery.ts";
import {
  handleScim,
  MAX_PAGE_SIZE,
  requireScimToken,
  scimBaseUrl,
  scimJson,
  scimMethodNotAllowed,
} from "~/app/modules/scim/http.server.ts";

/** GET /scim/v2/ServiceProviderConfig (RFC 7644 §4): what this SCIM service supports. */
export async function loader({ request }: Route.LoaderArgs) {
  return handleScim(request, async () => {
    await requireScimToken(request);
    return scimJson(serviceProviderConfig(scimBaseUrl(), MAX_PAGE_SIZE));
  });
}

export async function action({ request }: Route.ActionArgs) {
  return handleScim(request, async () => scimMethodNotAllowed(request, ["GET"]));
}
