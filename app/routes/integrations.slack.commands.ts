import { z } from "zod";
import type { Route } from "./+types/integrations.slack.commands";
import { enqueue } from "~/jobs/queue.ts";
import { isAllowedResponseUrl } from "~/app/modules/chat/slack-config.server.ts";
import { readSignedSlackRequest, slackAck, slackJson } from "~/app/modules/chat/slack-request.server.ts";

const SlackId = z.string().regex(/^[A-Z0-9]{1,32}$/);

/** The form Slack posts for a slash command (https://api.slack.com/interactivity/slash-commands). */
const SlashCommand = z.object({
  team_id: SlackId,
  user_id: SlackId,
  command: z.string().max(100),
  text: z.string().max(4000).default(""),
  response_url: z.string().max(2048),
  trigger_id: z.string().regex(/^[A-Za-z0-9.]{1,128}$/),
});

/**
 * POST /integrations/slack/commands (/chorus). Verified first, then the work goes to the
 * handle-slack-command job and Slack gets an empty 200 at once (its limit is 3 seconds); the job
 * answers at response_url, which must be Slack's own hooks host (never another address: SSRF).
 */
export async function action({ request }: Route.ActionArgs) {
  const signed = await readSignedSlackRequest(request);
  if (!signed.ok) return signed.response;
  const fields = new URLSearchParams(signed.text);
  // Slack checks the certificate of a command's URL now and then with a signed ssl_check=1: a 200 is all
  if (fields.get("ssl_check") === "1") return slackAck();
  const form = SlashCommand.safeParse(Object.fromEntries(fields));
  if (!form.success) return slackJson(400, { error: "not a slash command" });
  const command = form.data;
  if (!isAllowedResponseUrl(command.response_url))
    return slackJson(400, { error: "response_url is not Slack's" });
  await enqueue(
    "handle-slack-command",
    {
      teamId: command.team_id,
      userId: command.user_id,
      text: command.text,
      responseUrl: command.response_url,
    },
    { jobId: `slack-command-${command.trigger_id.replaceAll(".", "-")}` },
  );
  return slackAck();
}

export function loader() {
  return slackJson(405, { error: "Slack's commands are POSTed here" });
}
