import type { Route } from "./+types/api.v1.posts";
import { withTenant } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { createPost } from "~/app/modules/content/create-post.server.ts";
import {
  apiJson,
  handleApi,
  methodNotAllowed,
  parseQuery,
  readJsonBody,
  requireApiToken,
} from "~/app/modules/api/http.server.ts";
import {
  ApiCreatePostInput,
  ApiPostListQuery,
  toApiPost,
  toApiPostSummary,
  type ApiPostList,
} from "~/app/modules/api/schemas.ts";
import { getPost } from "~/app/modules/content/get-post.server.ts";
import { listPosts } from "~/app/modules/content/list-posts.server.ts";

/** GET /api/v1/posts?status&limit&offset: the token's tenant's posts, a page at a time. */
export async function loader({ request }: Route.LoaderArgs) {
  return handleApi(request, async () => {
    const { db, tenantId } = await requireApiToken(request, "content");
    const query = parseQuery(request, ApiPostListQuery);
    const { posts, total } = await withTenant(db, tenantId, (tx) => listPosts(tx, tenantId, query));
    const body: ApiPostList = {
      posts: posts.map(toApiPostSummary),
      pagination: { total, limit: query.limit, offset: query.offset },
    };
    return apiJson(body);
  });
}

/** POST /api/v1/posts: a new draft → 201 with the post and its Location. */
export async function action({ request }: Route.ActionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
    const { db, tenantId, tokenId } = await requireApiToken(request, "content");
    const input = await readJsonBody(request, ApiCreatePostInput);
    const detail = await withTenant(db, tenantId, async (tx) => {
      const { id } = await createPost(tx, { kind: "api", tenantId, tokenId }, input);
      return getPost(tx, tenantId, id);
    });
    if (!detail) throw new Error("a post created in this transaction could not be read back");
    return apiJson(toApiPost(detail), {
      status: 201,
      headers: { Location: `${appUrl()}/api/v1/posts/${detail.post.id}` },
    });
  });
}
