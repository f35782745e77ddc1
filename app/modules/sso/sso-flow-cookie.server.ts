import { z } from "zod";
import { appUrl } from "~/app/lib/env.server.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { oauthStateCookie, readOAuthState, sealOAuthState } from "~/app/modules/auth/oauth-cookie.server.ts";

/** The flow's cookie: sent only to the callback, for ten minutes. */
export const SSO_FLOW_COOKIE = "chorus_sso";
export const SSO_FLOW_TTL_SECONDS = 10 * 60;
const PATH = "/sso/callback";
/** the cookie's AES-GCM associated data: no other sealed value opens as a flow */
const CONTEXT = "sso_flow_cookie";

export const SsoPurpose = z.enum(["sign-in", "verify-domain"]);
export type SsoPurpose = z.infer<typeof SsoPurpose>;

export const SsoFlow = z.object({
  state: z.string().min(1),
  verifier: z.string().min(43),
  nonce: z.string().min(1),
  tenantId: z.uuid(),
  tenantSlug: z.string().min(1),
  /** the provider the flow was started with: changed since, the flow is void */
  providerId: z.uuid(),
  purpose: SsoPurpose,
  /** a path under /t/<tenantSlug>, checked when the flow started */
  returnTo: z.string().optional(),
  /** verify-domain: the claimed domain, and the admin who started it */
  domain: z.string().optional(),
  actorUserId: z.uuid().optional(),
  expires: z.number(),
});
export type SsoFlow = z.infer<typeof SsoFlow>;

const secure = () => appUrl().startsWith("https://");

export function ssoFlowCookie(key: Keyring, flow: SsoFlow): string {
  return oauthStateCookie(SSO_FLOW_COOKIE, sealOAuthState(key, flow, CONTEXT), {
    path: PATH,
    maxAge: SSO_FLOW_TTL_SECONDS,
    secure: secure(),
  });
}

/** Expires the flow's cookie: every callback answer sends it, success or not (a flow is used once). */
export function clearSsoFlowCookie(): string {
  return oauthStateCookie(SSO_FLOW_COOKIE, "", { path: PATH, maxAge: 0, secure: secure() });
}

export function readSsoFlow(request: Request, key: Keyring): SsoFlow | undefined {
  return readOAuthState(request, SSO_FLOW_COOKIE, key, CONTEXT, SsoFlow);
}
