import type { Route } from "./+types/scim.not-found";
import { scimError } from "~/app/modules/scim/http.server.ts";

/**
 * Every other /scim path, whatever the method: SCIM's 404 body, never the HTML app. Unauthenticated
 * on purpose: it says nothing about any tenant.
 */
function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return scimError(404, `No SCIM endpoint at ${request.method} ${pathname}. The base URL is /scim/v2.`);
}

export function loader({ request }: Route.LoaderArgs) {
  return notFound(request);
}

export function action({ request }: Route.ActionArgs) {
  return notFound(request);
}
