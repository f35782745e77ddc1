import { z } from "zod";
import type { Route } from "./+types/integrations.slack.interactions";
import { readSignedSlackRequest, slackAck, slackJson } from "~/app/modules/chat/slack-request.server.ts";

const Interaction = z.looseObject({ type: z.string().min(1).max(100) });

/**
 * POST /integrations/slack/interactions. Chorus's buttons are links (they open the share page), so
 * Slack's block_actions for them need nothing but the 200; other kinds are acknowledged and ignored.
 * Verified first; a body without a readable `payload` is 400.
 */
export async function action({ request }: Route.ActionArgs) {
  const signed = await readSignedSlackRequest(request);
  if (!signed.ok) return signed.response;
  const payload = new URLSearchParams(signed.text).get("payload");
  if (!payload) return slackJson(400, { error: "no payload" });
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return slackJson(400, { error: "payload is not JSON" });
  }
  if (!Interaction.safeParse(json).success) return slackJson(400, { error: "not an interaction" });
  return slackAck();
}

export function loader() {
  return slackJson(405, { error: "Slack's interactions are POSTed here" });
}
