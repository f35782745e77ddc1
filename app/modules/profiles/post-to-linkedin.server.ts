import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";
import {
  describe,
  LINKEDIN_MAX_TEXT,
  LinkedInError,
  safeFetch,
  tokenContext,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { requireApp } from "~/app/modules/profiles/linkedin-app.server.ts";

/**
 * LinkedIn's `commentary` is "little text": \ | { } @ [ ] ( ) < > # * _ ~ are markup, and LinkedIn
 * silently cuts the post at the first unescaped one (a caption "(siehe Link)" would lose the rest).
 */
export function escapeLittleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (c) => `\\${c}`);
}

export const PostToLinkedInInput = z.object({
  text: z.string().trim().min(1).max(LINKEDIN_MAX_TEXT),
  url: z.url({ protocol: /^https?$/ }).nullish(),
  /** the article card's title (LinkedIn does not scrape the page); defaults to the URL's host */
  title: z.string().trim().min(1).max(400).optional(),
});

/**
 * Posts as the member through the Posts API. Only ever called from the member's own POST (share
 * flow): LinkedIn's terms forbid posting without the person's explicit action.
 */
export async function postToLinkedIn(
  tx: Tx,
  member: Member,
  input: { text: string; url?: string | null; title?: string },
  now: Date = new Date(),
): Promise<{ postUrn: string }> {
  const parsed = PostToLinkedInInput.safeParse(input);
  if (!parsed.success)
    throw new LinkedInError(
      "linkedin_text_too_long",
      parsed.error.issues.map((i) => i.message).join("; "),
      400,
    );
  const { text, url, title } = parsed.data;
  const app = await requireApp(tx, member.tenantId);
  const connection = await tx
    .selectFrom("linkedin_connections")
    .select(["linkedin_member_id", "access_token_encrypted", "expires_at"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  if (!connection) throw new LinkedInError("linkedin_not_connected", "LinkedIn is not connected");
  if (connection.expires_at.getTime() <= now.getTime())
    throw new LinkedInError("linkedin_expired", "the LinkedIn grant has expired");
  const accessToken = open(
    app.key,
    connection.access_token_encrypted,
    tokenContext(member.tenantId, member.id),
  );

  const body = {
    author: `urn:li:person:${connection.linkedin_member_id}`,
    commentary: escapeLittleText(text),
    visibility: "PUBLIC",
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    ...(url ? { content: { article: { source: url, title: title ?? new URL(url).hostname } } } : {}),
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
  };
  const res = await safeFetch(`${app.config.apiBase}/rest/posts`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${accessToken}`,
      "Content-Type": "application/json",
      "LinkedIn-Version": app.config.version,
      "X-Restli-Protocol-Version": "2.0.0",
    },
    body: JSON.stringify(body),
  });
  if (res?.status === 401)
    throw new LinkedInError("linkedin_expired", "LinkedIn refused the token (revoked or expired)");
  const postUrn = res?.headers.get("x-restli-id");
  if (!res || res.status !== 201 || !postUrn) {
    const detail = res ? describe(await res.json().catch(() => undefined)) : "network error";
    throw new LinkedInError(
      "linkedin_post_failed",
      `LinkedIn post failed (${res?.status ?? "network"}): ${detail}`,
    );
  }
  return { postUrn };
}
