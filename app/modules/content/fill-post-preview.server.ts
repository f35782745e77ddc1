import type { Logger } from "pino";
import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import {
  fetchOpenGraph,
  fetchPreviewImage,
  PreviewFetchError,
  type PreviewImage,
} from "~/app/modules/content/fetch-preview.server.ts";
import { hasPreviewImage, savePreviewImage } from "~/app/modules/content/preview-image.server.ts";

export type FillPreviewOutcome =
  | { status: "saved" | "image-stored" | "unchanged" }
  /** the page cannot give a preview (blocked, not HTML, …) or the last attempt failed: recorded as failed */
  | { status: "failed"; error: PreviewFetchError };

/**
 * Fills a link post's preview from the page's Open Graph tags: the fetch-post-preview job's work
 * (jobs/definitions/fetch-post-preview.ts), enqueued whenever a link post is created or its URL
 * changes, after setting preview_status to "pending". Takes `db`: it works across several
 * transactions by design, the network fetch runs between them.
 *
 * A preview is decoration: whatever happens here, the post itself stays usable, so it
 * only ever writes the preview_* columns. The network fetch runs outside any transaction (it can
 * take seconds); the write re-checks that the post still waits for a preview of the same URL, so
 * a slow fetch never overwrites the preview of a URL that was edited meanwhile.
 *
 * The og:image is fetched too (same SSRF rules, PNG/JPEG/GIF/WebP only, 5 MB) and stored in
 * post_images with the preview, in one transaction: pages show it from our origin, never from its
 * host. An image that cannot be had leaves a preview without a picture, not a failed or retried one.
 * Posts whose preview was saved before images were stored get theirs when the job runs for them
 * again (`chorus job run fetch-post-preview --payload '{"tenantId":…,"postId":…}'`).
 */
export async function fillPostPreview(
  db: DB,
  { tenantId, postId }: { tenantId: string; postId: string },
  opts: { log: Logger; attempt: number; lastAttempt: boolean },
): Promise<FillPreviewOutcome> {
  const { log } = opts;
  const post = await withTenant(db, tenantId, async (tx) => {
    const row = await tx
      .selectFrom("posts")
      .select(["id", "kind", "url", "preview_status", "preview_image_url"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", postId)
      .executeTakeFirst();
    return row && { ...row, imageStored: await hasPreviewImage(tx, tenantId, postId) };
  });
  // A preview saved before images were stored: fetch just the image.
  if (post?.kind === "link" && post.preview_status === "ok" && post.preview_image_url && !post.imageStored) {
    const sourceUrl = post.preview_image_url;
    const image = await fetchImage(sourceUrl, log, postId);
    if (!image) return { status: "unchanged" };
    await withTenant(db, tenantId, async (tx) => {
      // still the same preview (an edit meanwhile resets it and queues a new run)
      const current = await tx
        .selectFrom("posts")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", postId)
        .where("preview_status", "=", "ok")
        .where("preview_image_url", "=", sourceUrl)
        .forUpdate()
        .executeTakeFirst();
      if (current) await savePreviewImage(tx, tenantId, postId, { ...image, sourceUrl });
    });
    log.info({ postId }, "preview image stored for an existing preview");
    return { status: "image-stored" };
  }
  // Idempotent: a second run, a deleted post or a text post has nothing to do.
  if (!post || post.kind !== "link" || post.preview_status !== "pending" || !post.url) {
    log.info(
      { postId, found: Boolean(post), previewStatus: post?.preview_status },
      "no preview pending, skipped",
    );
    return { status: "unchanged" };
  }
  const url = post.url;

  const write = (
    values: {
      preview_status: "ok" | "failed";
      preview_title?: string | null;
      preview_description?: string | null;
      preview_image_url?: string | null;
      preview_error: string | null;
    },
    image?: PreviewImage & { sourceUrl: string },
  ) =>
    withTenant(db, tenantId, async (tx) => {
      const result = await tx
        .updateTable("posts")
        .set(values)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", postId)
        .where("preview_status", "=", "pending")
        .where("url", "=", url)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        log.info({ postId }, "post changed during the fetch, preview discarded");
        return;
      }
      // the old URL's picture goes with its preview, whether or not the new page has one
      await savePreviewImage(tx, tenantId, postId, image);
    });

  try {
    const preview = await fetchOpenGraph(url);
    const image = preview.imageUrl ? await fetchImage(preview.imageUrl, log, postId) : undefined;
    await write(
      {
        preview_status: "ok",
        preview_title: preview.title ?? null,
        preview_description: preview.description ?? null,
        preview_image_url: preview.imageUrl ?? null,
        preview_error: null,
      },
      image && preview.imageUrl ? { ...image, sourceUrl: preview.imageUrl } : undefined,
    );
    log.info({ postId }, "preview saved");
    return { status: "saved" };
  } catch (err) {
    if (!(err instanceof PreviewFetchError)) throw err;
    // Network trouble and timeouts get another attempt; the last attempt records the failure so
    // the post never stays "pending" for ever.
    if (err.transient && !opts.lastAttempt) {
      log.warn({ postId, code: err.code, attempt: opts.attempt }, "preview fetch failed, will retry");
      throw err;
    }
    await write({ preview_status: "failed", preview_error: err.code });
    // Permanent: a blocked address or a PDF will not change by asking again. The caller (the job)
    // surfaces it as a failed job so operators can see SSRF attempts and broken links.
    return { status: "failed", error: err };
  }
}

/**
 * The image, or undefined when it cannot be had (not an image, too large, blocked, or the host is
 * failing): the preview is then saved without one rather than retried, since the picture is the
 * least of it. Running the job for the post again fetches the image alone (see fillPostPreview).
 */
async function fetchImage(url: string, log: Logger, postId: string): Promise<PreviewImage | undefined> {
  try {
    return await fetchPreviewImage(url);
  } catch (err) {
    if (!(err instanceof PreviewFetchError)) throw err;
    log.warn({ postId, code: err.code }, "preview image not stored");
    return undefined;
  }
}
