import type { ChatShareLinks } from "~/app/modules/chat/chat-message.ts";

/**
 * Links from a Teams card or a Slack message back into Chorus. The share page reads `network` and
 * `caption` to preselect both (app/routes/share.tsx), so sharing is one more tap. Only ids go into
 * the query: the page loads the caption itself and checks it belongs to the post.
 */
export function sharePageUrl(
  appUrl: string,
  tenantSlug: string,
  postId: string,
  pick: { network?: string; captionId?: string | null } = {},
): string {
  const url = new URL(
    `${appUrl}/t/${encodeURIComponent(tenantSlug)}/hub/${encodeURIComponent(postId)}/share`,
  );
  if (pick.network) url.searchParams.set("network", pick.network);
  if (pick.captionId) url.searchParams.set("caption", pick.captionId);
  return url.toString();
}

export function shareLinks(
  appUrl: string,
  tenantSlug: string,
  postId: string,
  captionIds: { linkedin: string | null; x: string | null },
): ChatShareLinks {
  return {
    linkedin: sharePageUrl(appUrl, tenantSlug, postId, {
      network: "linkedin",
      captionId: captionIds.linkedin,
    }),
    x: sharePageUrl(appUrl, tenantSlug, postId, { network: "x", captionId: captionIds.x }),
    more: sharePageUrl(appUrl, tenantSlug, postId),
  };
}

export const suggestUrl = (appUrl: string, tenantSlug: string) =>
  `${appUrl}/t/${encodeURIComponent(tenantSlug)}/suggest`;

export const hubUrl = (appUrl: string, tenantSlug: string) =>
  `${appUrl}/t/${encodeURIComponent(tenantSlug)}/hub`;
