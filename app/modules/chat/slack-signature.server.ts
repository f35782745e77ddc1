import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's window: a request signed more than five minutes ago (or ahead) is refused as a replay. */
export const SLACK_SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

/** A Slack request's body is small (events, slash commands, interactions); more is refused unread. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

export type SlackSignatureVerdict = "ok" | "missing" | "stale" | "bad";

/**
 * Checks a request from Slack (https://api.slack.com/docs/verifying-requests-from-slack):
 * `X-Slack-Signature` must be "v0=" + hex HMAC-SHA256 of "v0:<X-Slack-Request-Timestamp>:<raw body>"
 * under the app's signing secret, the timestamp within five minutes of now in either direction.
 * On the raw bytes, before anything parses them: a form or JSON parser would normalise what Slack
 * signed. The comparison is constant-time.
 */
export function verifySlackSignature(
  input: {
    signingSecret: string;
    timestamp: string | null;
    signature: string | null;
    rawBody: Uint8Array;
  },
  now: Date = new Date(),
): SlackSignatureVerdict {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return "missing";
  if (!/^\d{1,12}$/.test(timestamp)) return "bad";
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_SIGNATURE_MAX_AGE_SECONDS) return "stale";
  const presented = /^v0=([0-9a-fA-F]{64})$/.exec(signature)?.[1];
  if (!presented) return "bad";
  const expected = createHmac("sha256", input.signingSecret)
    .update(`v0:${timestamp}:`)
    .update(input.rawBody)
    .digest();
  return timingSafeEqual(expected, Buffer.from(presented, "hex")) ? "ok" : "bad";
}
