import { readLimitedBody } from "~/app/lib/read-limited-body.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { slackEnabled, requireSlackApp } from "~/app/modules/chat/slack-config.server.ts";
import { MAX_SLACK_BODY_BYTES, verifySlackSignature } from "~/app/modules/chat/slack-signature.server.ts";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

export function slackJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

/** Slack wants a 200 within 3 seconds; an empty one shows nothing to the person. */
export const slackAck = () => new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });

class TooLarge extends Error {}

/**
 * The one way into Slack's three endpoints: the raw body, read with a byte cap, and its signature
 * checked BEFORE anything parses it (verifySlackSignature). 404 when Slack is off on this server,
 * 413 past the cap, 401 when the signature is missing, wrong or older than five minutes.
 */
export async function readSignedSlackRequest(
  request: Request,
  now: Date = new Date(),
): Promise<{ ok: true; text: string } | { ok: false; response: Response }> {
  if (request.method !== "POST") return { ok: false, response: slackJson(405, { error: "use POST" }) };
  if (!slackEnabled()) return { ok: false, response: slackJson(404, { error: "not_found" }) };
  const { signingSecret } = requireSlackApp();
  let raw: Uint8Array;
  try {
    raw = await readLimitedBody(request, MAX_SLACK_BODY_BYTES, () => new TooLarge());
  } catch (err) {
    if (err instanceof TooLarge)
      return { ok: false, response: slackJson(413, { error: "payload too large" }) };
    throw err;
  }
  const verdict = verifySlackSignature(
    {
      signingSecret,
      timestamp: request.headers.get("X-Slack-Request-Timestamp"),
      signature: request.headers.get("X-Slack-Signature"),
      rawBody: raw,
    },
    now,
  );
  if (verdict !== "ok") {
    logger.warn({ verdict, path: new URL(request.url).pathname }, "slack request refused");
    return { ok: false, response: slackJson(401, { error: "invalid signature" }) };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return { ok: false, response: slackJson(400, { error: "not UTF-8" }) };
  }
  return { ok: true, text };
}
