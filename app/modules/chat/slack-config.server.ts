import { WebClient } from "@slack/web-api";
import { appUrl, env } from "~/app/lib/env.server.ts";
import { ConflictError } from "~/app/lib/errors.ts";

/**
 * The bot scopes "Add to Slack" asks for, and no more (issue 17: minimal):
 * - chat:write: post to channels the bot was invited to, and personal messages (digest opt-in)
 * - commands: the /chorus slash command
 * - users:read.email: match a Slack person to a member by their e-mail address (users.info's
 *   profile.email, users.lookupByEmail for the personal digest). Slack grants it only together with
 *   users:read, which is why that one is listed too.
 * Nothing to read channels or messages: Chorus only writes.
 */
export const SLACK_BOT_SCOPES = ["chat:write", "commands", "users:read", "users:read.email"] as const;

/** A Slack Web API call must not hold a job (or a request) for long: the queue retries instead. */
export const SLACK_TIMEOUT_MS = 10_000;

/** Slack is on when the app's three credentials are set (env.server.ts refuses one or two of them). */
export function slackEnabled(): boolean {
  const e = env();
  return Boolean(e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_SIGNING_SECRET);
}

export interface SlackAppCredentials {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
}

/** The app's credentials, or the refusal an admin reads when Slack is not set up on this server. */
export function requireSlackApp(): SlackAppCredentials {
  const e = env();
  if (!e.SLACK_CLIENT_ID || !e.SLACK_CLIENT_SECRET || !e.SLACK_SIGNING_SECRET)
    throw new ConflictError("Slack is not configured on this server", "slack_not_configured");
  return {
    clientId: e.SLACK_CLIENT_ID,
    clientSecret: e.SLACK_CLIENT_SECRET,
    signingSecret: e.SLACK_SIGNING_SECRET,
  };
}

/**
 * The official Web API client. No retries of its own and rate limits rejected at once
 * (WebAPIRateLimitedError with Slack's Retry-After): the job queue retries, with backoff, and a
 * request handler must never sleep on Slack's behalf. `SLACK_API_URL` points it at a local fake in
 * development and tests (refused in production by env.server.ts).
 */
export function slackClient(token?: string): WebClient {
  const e = env();
  return new WebClient(token, {
    ...(e.SLACK_API_URL ? { slackApiUrl: e.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: SLACK_TIMEOUT_MS,
    // a method name is never a URL of its own: every call goes to slackApiUrl
    allowAbsoluteUrls: false,
  });
}

export const slackRedirectUri = () => `${appUrl()}/integrations/slack/oauth`;

export const slackAuthorizeUrl = () => env().SLACK_AUTHORIZE_URL ?? "https://slack.com/oauth/v2/authorize";

/**
 * Where an answer to a slash command may go. Slack's response_url is https://hooks.slack.com/…;
 * anything else in a (signed) request would make Chorus POST to an address of someone's choosing
 * (SSRF), so it is refused. Outside production, the local fake's origin (SLACK_API_URL) too.
 */
export function isAllowedResponseUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === "https:" && url.hostname === "hooks.slack.com" && url.port === "") return true;
  const e = env();
  if (e.NODE_ENV !== "production" && e.SLACK_API_URL) return url.origin === new URL(e.SLACK_API_URL).origin;
  return false;
}
