import { z } from "zod";
import { fetchOpenGraph, PreviewFetchError } from "../../app/modules/content/fetch-preview.server.ts";
import { database } from "../../db/client.ts";
import { withTenant } from "../../db/tenant.ts";
import { defineJob, PermanentJobError } from "../define.ts";

export const FetchPostPreviewPayload = z.object({
  tenantId: z.uuid(),
  postId: z.uuid(),
});

const ATTEMPTS = 3;

/**
 * Fills a link post's preview from the page's Open Graph tags. Enqueue it whenever a link post is
 * created or its URL changes, after setting preview_status to "pending".
 *
 * A preview is decoration: whatever happens here, the post itself stays usable, so the handler
 * only ever writes the preview_* columns. The network fetch runs outside any transaction (it can
 * take seconds); the write re-checks that the post still waits for a preview of the same URL, so
 * a slow fetch never overwrites the preview of a URL that was edited meanwhile.
 */
export const fetchPostPreviewJob = defineJob({
  name: "fetch-post-preview",
  payload: FetchPostPreviewPayload,
  // Few attempts, minutes apart: a site that is down now may be up later, but not worth hammering.
  attempts: ATTEMPTS,
  backoffMs: 30_000,
  async handler({ tenantId, postId }, { attempt, log }) {
    const { db } = await database();
    const post = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("posts")
        .select(["id", "kind", "url", "preview_status"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", postId)
        .executeTakeFirst(),
    );
    // Idempotent: a second run, a deleted post or a text post has nothing to do.
    if (!post || post.kind !== "link" || post.preview_status !== "pending" || !post.url) {
      log.info({ postId, found: Boolean(post), previewStatus: post?.preview_status }, "no preview pending, skipped");
      return;
    }
    const url = post.url;

    const write = (values: {
      preview_status: "ok" | "failed";
      preview_title?: string | null;
      preview_description?: string | null;
      preview_image_url?: string | null;
      preview_error: string | null;
    }) =>
      withTenant(db, tenantId, async (tx) => {
        const result = await tx
          .updateTable("posts")
          .set(values)
          .where("tenant_id", "=", tenantId)
          .where("id", "=", postId)
          .where("preview_status", "=", "pending")
          .where("url", "=", url)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) log.info({ postId }, "post changed during the fetch, preview discarded");
      });

    try {
      const preview = await fetchOpenGraph(url);
      await write({
        preview_status: "ok",
        preview_title: preview.title ?? null,
        preview_description: preview.description ?? null,
        preview_image_url: preview.imageUrl ?? null,
        preview_error: null,
      });
      log.info({ postId }, "preview saved");
    } catch (err) {
      if (!(err instanceof PreviewFetchError)) throw err;
      // Network trouble and timeouts get another attempt; the last attempt records the failure so
      // the post never stays "pending" for ever.
      if (err.transient && attempt < ATTEMPTS) {
        log.warn({ postId, code: err.code, attempt }, "preview fetch failed, will retry");
        throw err;
      }
      await write({ preview_status: "failed", preview_error: err.code });
      // Permanent: a blocked address or a PDF will not change by asking again. Surfaced as a
      // failed job so operators can see SSRF attempts and broken links.
      throw new PermanentJobError(`preview for post ${postId} failed: ${err.code} (${err.message})`, { cause: err });
    }
  },
});
