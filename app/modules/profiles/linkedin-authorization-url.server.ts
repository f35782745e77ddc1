import { CodeChallengeMethod, OAuth2Client, generateCodeVerifier, generateState } from "arctic";
import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import {
  cookieContext,
  LINKEDIN_ANALYTICS_SCOPE,
  LINKEDIN_SCOPES,
  linkedInRedirectUri,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { getPostAnalyticsEnabled, requireApp } from "~/app/modules/profiles/linkedin-app.server.ts";
import { COOKIE_TTL_SECONDS, oauthCookie } from "~/app/modules/profiles/linkedin-oauth-cookie.server.ts";

/**
 * The LinkedIn consent page's URL, and a Set-Cookie header carrying state and PKCE verifier:
 * encrypted and bound to this member, HttpOnly, 10 minutes, sent only to the callback path.
 */
export async function linkedInAuthorizationUrl(
  tx: Tx,
  member: Member,
  opts: { tenantSlug: string; now?: Date },
): Promise<{ url: URL; setCookie: string }> {
  const app = await requireApp(tx, member.tenantId);
  const now = opts.now ?? new Date();
  const state = generateState();
  const verifier = generateCodeVerifier();
  const redirectUri = linkedInRedirectUri(opts.tenantSlug);
  const client = new OAuth2Client(app.clientId, null, redirectUri);
  // member post analytics (provider metrics) need their own scope, asked for only once the admin turned them on
  const scopes: string[] = (await getPostAnalyticsEnabled(tx, member.tenantId))
    ? [...LINKEDIN_SCOPES, LINKEDIN_ANALYTICS_SCOPE]
    : [...LINKEDIN_SCOPES];
  const url = client.createAuthorizationURLWithPKCE(
    `${app.config.authBase}/oauth/v2/authorization`,
    state,
    CodeChallengeMethod.S256,
    verifier,
    scopes,
  );
  const payload = JSON.stringify({ state, verifier, expires: now.getTime() + COOKIE_TTL_SECONDS * 1000 });
  const sealed = seal(app.key, payload, cookieContext(member.tenantId, member.id));
  return {
    url,
    setCookie: oauthCookie(sealed, opts.tenantSlug, COOKIE_TTL_SECONDS, redirectUri.startsWith("https://")),
  };
}
