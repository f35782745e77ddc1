import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const FetchPostPreviewPayload = z.object({
  tenantId: z.uuid(),
  postId: z.uuid(),
});

/**
 * A link post's preview from the page's Open Graph tags; the handler is
 * jobs/definitions/fetch-post-preview.ts. Enqueue it whenever a link post is created or its URL
 * changes, after setting preview_status to "pending".
 */
export const fetchPostPreviewContract = defineJob({
  name: "fetch-post-preview",
  payload: FetchPostPreviewPayload,
  // Few attempts, minutes apart: a site that is down now may be up later, but not worth hammering.
  attempts: 3,
  backoffMs: 30_000,
});
