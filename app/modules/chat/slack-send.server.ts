import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";
import type { ChatMessage, SendOutcome } from "~/app/modules/chat/chat-message.ts";
import { slackBlocksFor } from "~/app/modules/chat/slack-blocks.ts";
import { slackClient } from "~/app/modules/chat/slack-config.server.ts";
import { isOwnSlackPerson, SlackUserTeams } from "~/app/modules/chat/slack-own-person.ts";

/**
 * Slack's answers no retry can change: the channel is gone, archived or without the bot; the token
 * is revoked or the workspace inactive; the app lacks a scope; the person (a DM) is unknown or
 * deactivated. Everything else (a 5xx, a timeout, `ratelimited`, `internal_error`) is transient.
 */
export const PERMANENT_SLACK_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "missing_scope",
  "no_permission",
  "team_access_not_granted",
  "restricted_action",
  "ekm_access_denied",
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "users_not_found",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
]);

/** A Slack call's failure as a SendOutcome (the delivery engine retries the transient ones). */
export function slackFailure(err: unknown): SendOutcome & { ok: false } {
  if (err instanceof WebAPIRateLimitedError)
    return { ok: false, permanent: false, retryAfterMs: err.retryAfter * 1000, error: "ratelimited" };
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    return { ok: false, permanent: PERMANENT_SLACK_ERRORS.has(code), retryAfterMs: null, error: code };
  }
  if (err instanceof WebAPIHTTPError)
    return {
      ok: false,
      permanent: false,
      retryAfterMs: null,
      error: `Slack answered HTTP ${err.statusCode}`,
    };
  if (err instanceof WebAPIRequestError)
    return {
      ok: false,
      permanent: false,
      retryAfterMs: null,
      error: `Slack unreachable: ${err.original.message}`,
    };
  return {
    ok: false,
    permanent: false,
    retryAfterMs: null,
    error: err instanceof Error ? err.message : String(err),
  };
}

/**
 * Posts a message to a channel of the installation's workspace (chat.postMessage, the bot must be a
 * member: `not_in_channel` otherwise). Never throws: every failure is a SendOutcome.
 */
export async function postToSlack(
  botToken: string,
  channelId: string,
  message: ChatMessage,
): Promise<SendOutcome> {
  const { text, blocks } = slackBlocksFor(message);
  try {
    await slackClient(botToken).chat.postMessage({
      channel: channelId,
      text,
      blocks,
      // a post's link is a share page of ours: Slack's own preview of it would only repeat the message
      unfurl_links: false,
      unfurl_media: false,
    });
    return { ok: true };
  } catch (err) {
    return slackFailure(err);
  }
}

/**
 * A personal message (the opted-in weekly digest): the person is found by their e-mail address
 * (users.lookupByEmail, which needs users:read.email), then the message goes to their user id —
 * chat.postMessage opens the app's DM with them. Only one of the installation's own workspace
 * (`workspace.teamId`, see isOwnSlackPerson): lookupByEmail also finds external members of Slack
 * Connect channels, whose address another company's admins set — for them it is "users_not_found",
 * nothing is sent. Never throws.
 */
export async function postSlackDirectMessage(
  botToken: string,
  email: string,
  message: ChatMessage,
  workspace: { teamId: string },
): Promise<SendOutcome> {
  const client = slackClient(botToken);
  try {
    const found = await client.users.lookupByEmail({ email });
    const userId = found.user?.id;
    const teams = SlackUserTeams.safeParse(found.user);
    if (
      !userId ||
      found.user?.deleted ||
      found.user?.is_bot ||
      !teams.success ||
      !isOwnSlackPerson(teams.data, workspace.teamId)
    )
      return { ok: false, permanent: true, retryAfterMs: null, error: "users_not_found" };
    const { text, blocks } = slackBlocksFor(message);
    await client.chat.postMessage({
      channel: userId,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return { ok: true };
  } catch (err) {
    return slackFailure(err);
  }
}
