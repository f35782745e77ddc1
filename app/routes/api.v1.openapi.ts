import type { Route } from "./+types/api.v1.openapi";
import { apiJson, handleApi, methodNotAllowed } from "~/app/modules/api/http.server.ts";
import { openApiDocument } from "~/app/modules/api/openapi.server.ts";

/** GET /api/v1/openapi.json: the API's description, public (it holds no tenant data). */
export async function loader({ request }: Route.LoaderArgs) {
  // no-store like every API response: the document names this deployment's URL and changes with it.
  // Any origin may read it (API explorers in the browser); it holds nothing secret.
  return handleApi(request, async () =>
    apiJson(openApiDocument(), { headers: { "Access-Control-Allow-Origin": "*" } }),
  );
}

export function action({ request }: Route.ActionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
