import type { Route } from "./+types/api.not-found";
import { apiError } from "~/app/modules/api/http.server.ts";

/**
 * Every other /api path, whatever the method: a JSON 404, never the HTML app (an API client that
 * mistypes a path must get an answer it can parse).
 */
function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return apiError(
    404,
    "not_found",
    `No API endpoint at ${request.method} ${pathname}. See /api/v1/openapi.json.`,
  );
}

export function loader({ request }: Route.LoaderArgs) {
  return notFound(request);
}

export function action({ request }: Route.ActionArgs) {
  return notFound(request);
}
