/**
 * Where a page loads a stored preview image from: our own origin (/t/:tenant/media/:id), so no
 * third party learns who looks at a post. Pages get the image id, never the remote URL.
 */
export function mediaPath(tenantSlug: string, imageId: string): string {
  return `/t/${encodeURIComponent(tenantSlug)}/media/${encodeURIComponent(imageId)}`;
}
