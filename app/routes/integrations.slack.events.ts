import { z } from "zod";
import type { Route } from "./+types/integrations.slack.events";
import { enqueue } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { readSignedSlackRequest, slackAck, slackJson } from "~/app/modules/chat/slack-request.server.ts";

const SlackId = z.string().regex(/^[A-Z0-9]{1,32}$/);

/** The envelopes Slack's Events API sends (https://api.slack.com/apis/events-api). */
const SlackEventEnvelope = z.discriminatedUnion("type", [
  z.object({ type: z.literal("url_verification"), challenge: z.string().min(1).max(500) }),
  z.object({
    type: z.literal("event_callback"),
    team_id: SlackId,
    api_app_id: SlackId.optional(),
    event_id: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
    /** when the event happened, Unix seconds (the same on each of Slack's retries) */
    event_time: z.number().int().positive(),
    event: z.looseObject({
      type: z.string().max(100),
      tokens: z.object({ bot: z.array(SlackId).max(100).optional() }).optional(),
    }),
  }),
  z.object({ type: z.literal("app_rate_limited") }),
]);

/**
 * POST /integrations/slack/events. Verified first (raw body, signature, five minutes), then:
 * url_verification echoes the challenge; app_uninstalled and tokens_revoked go to the
 * handle-slack-event job (jobId from event_id: Slack's retries, X-Slack-Retry-Num, are one job) and
 * Slack gets its 200 at once (with event_time: a retry that arrives after a re-install must not
 * remove the new installation); any other event is acknowledged and ignored. The edge exempts this
 * path from the Origin check (isSlackWebhookPath).
 */
export async function action({ request }: Route.ActionArgs) {
  const signed = await readSignedSlackRequest(request);
  if (!signed.ok) return signed.response;
  let json: unknown;
  try {
    json = JSON.parse(signed.text);
  } catch {
    return slackJson(400, { error: "not JSON" });
  }
  const envelope = SlackEventEnvelope.safeParse(json);
  if (!envelope.success) {
    // a well-formed envelope of a kind we do not read: acknowledged, so Slack does not retry it
    if (json && typeof json === "object" && "type" in json) return slackAck();
    return slackJson(400, { error: "not a Slack event" });
  }
  const body = envelope.data;
  if (body.type === "url_verification") return slackJson(200, { challenge: body.challenge });
  if (body.type !== "event_callback") return slackAck();
  const type = body.event.type;
  if (type !== "app_uninstalled" && type !== "tokens_revoked") return slackAck();
  const retry = request.headers.get("X-Slack-Retry-Num");
  if (retry)
    logger.info(
      { eventId: body.event_id, retry, reason: request.headers.get("X-Slack-Retry-Reason") },
      "slack event retried",
    );
  await enqueue(
    "handle-slack-event",
    {
      eventId: body.event_id,
      teamId: body.team_id,
      appId: body.api_app_id ?? null,
      type,
      botUserIds: body.event.tokens?.bot ?? [],
      eventTime: body.event_time,
    },
    { jobId: `slack-event-${body.event_id}` },
  );
  return slackAck();
}

export function loader() {
  return slackJson(405, { error: "Slack's events are POSTed here" });
}
