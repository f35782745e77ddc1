import { z } from "zod";
import type { Route } from "./+types/api.v1.post";
import { withTenant } from "~/db/tenant.ts";
import {
  apiError,
  apiJson,
  handleApi,
  methodNotAllowed,
  readableMessage,
  requireApiToken,
} from "~/app/modules/api/http.server.ts";
import { isStorableText, TEXT_INVALID } from "~/app/lib/validation.ts";
import { toApiPost } from "~/app/modules/api/schemas.ts";
import { getPost } from "~/app/modules/content/get-post.server.ts";

/**
 * GET /api/v1/posts/:id. Another tenant's post and a malformed id are the same 404: the answer must
 * not reveal whether an id exists elsewhere (and a malformed id would be a PostgreSQL cast error).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  return handleApi(request, async () => {
    const { db, tenantId } = await requireApiToken(request, "content");
    // not an id at all (NUL, a lone surrogate): a malformed request, which reveals nothing about ids
    if (!isStorableText(params.id ?? ""))
      return apiError(400, "invalid_input", "The post id is not valid text.", {
        id: [readableMessage(TEXT_INVALID)],
      });
    const id = z.uuid().safeParse(params.id);
    const detail = id.success
      ? await withTenant(db, tenantId, (tx) => getPost(tx, tenantId, id.data))
      : undefined;
    if (!detail) return apiError(404, "not_found", "No post with this id.");
    return apiJson(toApiPost(detail));
  });
}

export async function action({ request }: Route.ActionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
