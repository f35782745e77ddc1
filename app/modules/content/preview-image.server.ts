import type { Tx } from "~/db/client.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import type { PreviewImage, PreviewImageType } from "~/app/modules/content/fetch-preview.server.ts";
import { visibleTo } from "~/app/modules/content/list-hub-posts.server.ts";

/**
 * Preview images live in post_images (0014) and are served from our origin at
 * /t/:tenant/media/:id (media-path.ts). Pages get the id, never the remote URL.
 */

/**
 * Makes `image` the post's preview image (or removes it, for undefined). Same bytes as stored: the
 * row and its id stay, so a repeated job run changes nothing. Different bytes: a new row with a
 * new id, so a URL a browser cached never starts showing another picture.
 */
export async function savePreviewImage(
  tx: Tx,
  tenantId: string,
  postId: string,
  image: (PreviewImage & { sourceUrl: string }) | undefined,
): Promise<void> {
  let stale = tx.deleteFrom("post_images").where("tenant_id", "=", tenantId).where("post_id", "=", postId);
  if (image) stale = stale.where("sha256", "<>", image.sha256);
  await stale.execute();
  if (!image) return;
  await tx
    .insertInto("post_images")
    .values({
      tenant_id: tenantId,
      post_id: postId,
      sha256: image.sha256,
      content_type: image.contentType,
      bytes: image.bytes,
      source_url: image.sourceUrl,
    })
    .onConflict((oc) => oc.constraint("post_images_post_key").doNothing())
    .execute();
}

/** Whether the post already has a stored preview image (the job's backfill of older posts asks). */
export async function hasPreviewImage(tx: Tx, tenantId: string, postId: string): Promise<boolean> {
  const row = await tx
    .selectFrom("post_images")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("post_id", "=", postId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The stored image id of one post, for the post page. */
export async function previewImageIdOf(tx: Tx, tenantId: string, postId: string): Promise<string | null> {
  const row = await tx
    .selectFrom("post_images")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("post_id", "=", postId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface StoredImage {
  bytes: Buffer;
  contentType: PreviewImageType;
  sha256: string;
}

/**
 * An image this member may see, or undefined (the route answers 404 either way, so nobody learns
 * that an id exists). The rule is the pages' rule: people who curate content see every post's
 * preview (content pages), everyone else only those of posts the hub shows them.
 */
export async function loadPreviewImage(
  tx: Tx,
  member: Member,
  imageId: string,
  now: Date = new Date(),
): Promise<StoredImage | undefined> {
  let query = tx
    .selectFrom("post_images")
    .innerJoin("posts", (j) =>
      j.onRef("posts.id", "=", "post_images.post_id").onRef("posts.tenant_id", "=", "post_images.tenant_id"),
    )
    .select(["post_images.bytes", "post_images.content_type", "post_images.sha256"])
    .where("post_images.tenant_id", "=", member.tenantId)
    .where("post_images.id", "=", imageId);
  if (!can(member.roles, "content.create")) query = query.where((eb) => visibleTo(eb, member, now));
  const row = await query.executeTakeFirst();
  return row ? { bytes: row.bytes, contentType: row.content_type, sha256: row.sha256 } : undefined;
}
