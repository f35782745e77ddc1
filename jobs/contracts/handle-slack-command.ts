import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

const SlackId = z.string().regex(/^[A-Z0-9]{1,32}$/);

/**
 * A /chorus command. `responseUrl` is where the answer goes: Slack's own hooks host, checked by the
 * route and again by the handler; it lets one post answer that person for 30 minutes, nothing more.
 */
export const HandleSlackCommandPayload = z
  .object({
    teamId: SlackId,
    userId: SlackId,
    text: z.string().max(4000),
    responseUrl: z.url({ protocol: /^https?$/ }).max(2048),
  })
  .strict();

/**
 * The work behind POST /integrations/slack/commands (the route answers Slack within its 3 seconds);
 * the handler is jobs/definitions/handle-slack-command.ts. Enqueued with jobId from Slack's
 * trigger_id, one per invocation. Few attempts: a suggestion filed is never filed again
 * (handleSlackCommand logs a lost answer instead of failing).
 */
export const handleSlackCommandContract = defineJob({
  name: "handle-slack-command",
  payload: HandleSlackCommandPayload,
  attempts: 2,
  backoffMs: 1_000,
});
