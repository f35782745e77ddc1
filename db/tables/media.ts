import type { Generated } from "kysely";
import type { CreatedAt } from "~/db/columns.ts";

/** A post's preview image, fetched once and served from our origin (migration 0014-post-images). */
export interface PostImagesTable {
  tenant_id: string;
  id: Generated<string>;
  post_id: string;
  /** hex sha256 of bytes: a refetch of the same image keeps the id (and browsers' caches) */
  sha256: string;
  content_type: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  bytes: Buffer;
  /** where the image was fetched from; server side only, never sent to a browser */
  source_url: string;
  created_at: CreatedAt;
}

export interface MediaTables {
  post_images: PostImagesTable;
}
