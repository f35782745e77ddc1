import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { readCookie } from "~/app/lib/cookies.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { open, seal } from "~/app/modules/profiles/secret-box.server.ts";
import {
  cookieContext,
  describe,
  LINKEDIN_SCOPES,
  LinkedInError,
  linkedInRedirectUri,
  safeFetch,
  tokenContext,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { requireApp } from "~/app/modules/profiles/linkedin-app.server.ts";
import { CookiePayload, LINKEDIN_OAUTH_COOKIE } from "~/app/modules/profiles/linkedin-oauth-cookie.server.ts";

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  // LinkedIn answers "email,openid,profile,w_member_social"; RFC 6749 uses spaces
  scope: z.string().optional(),
});
const UserInfo = z.object({ sub: z.string().min(1) });

/**
 * Finishes the flow on the callback request: checks LinkedIn's answer and our state, exchanges the
 * code (with the PKCE verifier), asks /v2/userinfo who consented, stores the token encrypted.
 */
export async function completeLinkedInAuthorization(
  tx: Tx,
  member: Member,
  opts: { request: Request; tenantSlug: string; now?: Date },
): Promise<{ expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const app = await requireApp(tx, member.tenantId);
  const params = new URL(opts.request.url).searchParams;

  const cookie = readCookie(opts.request, LINKEDIN_OAUTH_COOKIE);
  let expected: z.infer<typeof CookiePayload> | undefined;
  if (cookie) {
    try {
      expected = CookiePayload.parse(
        JSON.parse(open(app.key, cookie, cookieContext(member.tenantId, member.id))),
      );
    } catch {
      expected = undefined; // another member's cookie, tampered, or from an older key
    }
  }
  const state = params.get("state");
  if (!expected || !state || state !== expected.state || expected.expires < now.getTime()) {
    throw new LinkedInError(
      "linkedin_state_mismatch",
      "the LinkedIn answer does not belong to a connect started here",
    );
  }
  // the person said no (user_cancelled_login, user_cancelled_authorize) — after the state check, so
  // a forged "denied" cannot be told apart from any other forged request
  if (params.get("error")) throw new LinkedInError("linkedin_denied", `LinkedIn: ${params.get("error")}`);
  const code = params.get("code");
  if (!code) throw new LinkedInError("linkedin_token_failed", "no authorization code", 400);

  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: linkedInRedirectUri(opts.tenantSlug),
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code_verifier: expected.verifier,
  });
  const tokenRes = await safeFetch(`${app.config.authBase}/oauth/v2/accessToken`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body,
  });
  const tokenJson: unknown = tokenRes ? await tokenRes.json().catch(() => undefined) : undefined;
  const token = tokenRes?.ok ? TokenResponse.safeParse(tokenJson) : undefined;
  if (!token?.success)
    throw new LinkedInError(
      "linkedin_token_failed",
      `token exchange failed (${tokenRes?.status ?? "network"}): ${describe(tokenJson)}`,
    );
  const scopes = (token.data.scope ?? "").split(/[\s,]+/).filter(Boolean);
  if (token.data.scope !== undefined && !scopes.includes("w_member_social"))
    throw new LinkedInError("linkedin_scope_missing", `granted: ${token.data.scope}`);

  const infoRes = await safeFetch(`${app.config.apiBase}/v2/userinfo`, {
    headers: { Authorization: `Bearer ${token.data.access_token}` },
  });
  const info = infoRes?.ok ? UserInfo.safeParse(await infoRes.json().catch(() => undefined)) : undefined;
  if (!info?.success)
    throw new LinkedInError("linkedin_userinfo_failed", `userinfo failed (${infoRes?.status ?? "network"})`);

  // The membership, still active and held FOR SHARE until the commit: a member deprovisioned while
  // this callback was in flight (it passed the gate before) gets no grant stored, and a grant
  // committed first is deleted and revoked by deprovisionMember, which locks FOR UPDATE.
  const active = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("id", "=", member.id)
    .where("status", "=", "active")
    .forShare()
    .executeTakeFirst();
  if (!active) throw new ForbiddenError("the member is no longer active");

  const expiresAt = new Date(now.getTime() + token.data.expires_in * 1000);
  const sealedToken = seal(app.key, token.data.access_token, tokenContext(member.tenantId, member.id));
  const scope = scopes.length ? scopes.join(" ") : LINKEDIN_SCOPES.join(" ");
  await tx
    .insertInto("linkedin_connections")
    .values({
      tenant_id: member.tenantId,
      membership_id: member.id,
      linkedin_member_id: info.data.sub,
      access_token_encrypted: sealedToken,
      expires_at: expiresAt,
      scope,
      connected_at: now,
    })
    .onConflict((oc) =>
      oc.constraint("linkedin_connections_member").doUpdateSet({
        linkedin_member_id: info.data.sub,
        access_token_encrypted: sealedToken,
        expires_at: expiresAt,
        scope,
        connected_at: now,
      }),
    )
    .execute();
  return { expiresAt };
}
