import type { Route } from "./+types/api.v1.suggestions";
import { withTenant } from "~/db/tenant.ts";
import {
  apiJson,
  handleApi,
  methodNotAllowed,
  parseQuery,
  requireApiToken,
} from "~/app/modules/api/http.server.ts";
import {
  ApiSuggestionListQuery,
  toApiSuggestion,
  type ApiSuggestionList,
} from "~/app/modules/api/schemas.ts";
import { listSuggestions } from "~/app/modules/content/list-suggestions.server.ts";

/** GET /api/v1/suggestions?status: what employees suggested, for the token's tenant. */
export async function loader({ request }: Route.LoaderArgs) {
  return handleApi(request, async () => {
    const { db, tenantId } = await requireApiToken(request, "content");
    const { status } = parseQuery(request, ApiSuggestionListQuery);
    const rows = await withTenant(db, tenantId, (tx) => listSuggestions(tx, tenantId, { status }));
    const body: ApiSuggestionList = { suggestions: rows.map(toApiSuggestion) };
    return apiJson(body);
  });
}

export async function action({ request }: Route.ActionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
