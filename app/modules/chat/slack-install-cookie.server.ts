import { z } from "zod";
import { appUrl } from "~/app/lib/env.server.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { oauthStateCookie, readOAuthState, sealOAuthState } from "~/app/modules/auth/oauth-cookie.server.ts";

/** "Add to Slack"'s state between leaving for Slack and coming back: sent only to the callback, 10 minutes. */
export const SLACK_INSTALL_COOKIE = "chorus_slack_install";
export const SLACK_INSTALL_TTL_SECONDS = 10 * 60;
const PATH = "/integrations/slack/oauth";
/** the cookie's AES-GCM associated data: no other sealed value opens as this flow */
const CONTEXT = "slack_install_cookie";

export const SlackInstallFlow = z.object({
  state: z.string().min(32),
  tenantId: z.uuid(),
  tenantSlug: z.string().min(1),
  /** the admin who started it: the callback must come back in their session */
  userId: z.uuid(),
  expires: z.number(),
});
export type SlackInstallFlow = z.infer<typeof SlackInstallFlow>;

const secure = () => appUrl().startsWith("https://");

export function slackInstallCookie(key: Keyring, flow: SlackInstallFlow): string {
  return oauthStateCookie(SLACK_INSTALL_COOKIE, sealOAuthState(key, flow, CONTEXT), {
    path: PATH,
    maxAge: SLACK_INSTALL_TTL_SECONDS,
    secure: secure(),
  });
}

/** Expires the flow's cookie: every callback answer sends it (a flow is used once). */
export function clearSlackInstallCookie(): string {
  return oauthStateCookie(SLACK_INSTALL_COOKIE, "", { path: PATH, maxAge: 0, secure: secure() });
}

export function readSlackInstallFlow(request: Request, key: Keyring): SlackInstallFlow | undefined {
  return readOAuthState(request, SLACK_INSTALL_COOKIE, key, CONTEXT, SlackInstallFlow);
}
