import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * Preview images stored by us. Until now the page's og:image was hot-linked: every viewer's
 * browser asked a third-party host for it (their IP address and the fact that they read the hub
 * went to that host) and an http: image was mixed content. The preview job now fetches the image
 * once through the SSRF-safe fetcher, checks the bytes are PNG, JPEG, GIF or WebP, and stores them
 * here; /t/:tenant/media/:id serves them from our origin.
 *
 * One image per post (the current preview); a new image gets a new id, so a URL never changes
 * what it shows and browsers may cache it. 5 MB at most, as the fetcher caps it.
 * posts.preview_image_url stays: it is where the image came from (server side only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("post_images")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("id", "uuid", (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn("post_id", "uuid", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("sha256", "text", (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    // the type sniffed from the bytes, never the one the remote server declared; no SVG (it can carry script)
    .addColumn("content_type", "text", (c) =>
      c.notNull().check(sql`content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')`),
    )
    .addColumn("bytes", "bytea", (c) => c.notNull().check(sql`octet_length(bytes) between 1 and 5242880`))
    .addColumn("source_url", "text", (c) =>
      c.notNull().check(sql`char_length(source_url) between 1 and 2048`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("post_images_pkey", ["tenant_id", "id"])
    .addUniqueConstraint("post_images_post_key", ["tenant_id", "post_id"])
    .execute();
  await enableTenantRls(db, "post_images");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("post_images").ifExists().execute();
}
