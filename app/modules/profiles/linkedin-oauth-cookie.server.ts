import { z } from "zod";
import { appUrl } from "~/app/lib/env.server.ts";
import { oauthStateCookie } from "~/app/modules/auth/oauth-cookie.server.ts";

export const COOKIE_TTL_SECONDS = 10 * 60;
export const LINKEDIN_OAUTH_COOKIE = "chorus_linkedin_oauth";

export function oauthCookie(value: string, tenantSlug: string, maxAge: number, secure: boolean): string {
  // Path-scoped to this tenant's LinkedIn routes, so it travels only to the callback.
  return oauthStateCookie(LINKEDIN_OAUTH_COOKIE, value, {
    path: `/t/${encodeURIComponent(tenantSlug)}/profiles/linkedin`,
    maxAge,
    secure,
  });
}

export const CookiePayload = z.object({
  state: z.string().min(1),
  verifier: z.string().min(43),
  expires: z.number(),
});

/** Expires the OAuth cookie (send it with every callback answer, success or not). */
export function clearLinkedInOAuthCookie(tenantSlug: string): string {
  return oauthCookie("", tenantSlug, 0, appUrl().startsWith("https://"));
}
