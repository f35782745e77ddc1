import { z } from "zod";
import type { Route } from "./+types/media.$id";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { loadPreviewImage } from "~/app/modules/content/preview-image.server.ts";

/**
 * A stored preview image, from our origin: members only (another tenant's member, an unknown id or
 * a post the member may not see: 404 alike). The bytes were fetched from elsewhere, so the answer
 * says exactly what they are (the sniffed type, nosniff) and that they may do nothing: a CSP of
 * default-src 'none' and sandbox, should anyone open the image as a document.
 * An id never changes its bytes (a new image gets a new id), so the browser may keep it; privately,
 * since it is a member-only resource.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "content.view");
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new Response("not_found", { status: 404 });
  const image = await withTenant(db, member.tenantId, (tx) => loadPreviewImage(tx, member, id.data));
  if (!image) throw new Response("not_found", { status: 404 });
  const etag = `"${image.sha256}"`;
  const caching = { "Cache-Control": "private, max-age=86400, immutable", ETag: etag };
  // A browser revalidating after a day gets a 304 instead of up to 5 MB again.
  if (
    request.headers
      .get("If-None-Match")
      ?.split(",")
      .some((tag) => tag.trim() === etag)
  )
    return new Response(null, { status: 304, headers: caching });
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      ...caching,
    },
  });
}
