import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

const SlackId = z.string().regex(/^[A-Z0-9]{1,32}$/);

/** An uninstall or token revocation from Slack's Events API; ids only, never a token. */
export const HandleSlackEventPayload = z
  .object({
    eventId: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
    teamId: SlackId,
    appId: SlackId.nullable(),
    type: z.enum(["app_uninstalled", "tokens_revoked"]),
    botUserIds: z.array(SlackId).max(100),
    /**
     * Slack's event_time (Unix seconds) of the envelope: an event from before the installation's
     * installed_at (a retry of an uninstall that arrives after a re-install) is ignored. Optional only
     * for jobs enqueued before it existed; the events route always sends it.
     */
    eventTime: z.number().int().positive().optional(),
  })
  .strict();

/**
 * The work behind POST /integrations/slack/events (the route answers Slack at once); the handler is
 * jobs/definitions/handle-slack-event.ts. Enqueued with jobId `slack-event-<event_id>`, so Slack's
 * retries (X-Slack-Retry-Num) of the same event are one job.
 */
export const handleSlackEventContract = defineJob({
  name: "handle-slack-event",
  payload: HandleSlackEventPayload,
  attempts: 5,
  backoffMs: 2_000,
});
