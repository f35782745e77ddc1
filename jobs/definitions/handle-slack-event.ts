import { database } from "~/db/client.ts";
import { handleSlackEvent } from "~/app/modules/chat/handle-slack-event.server.ts";
import { handleSlackEventContract } from "~/jobs/contracts/handle-slack-event.ts";
import { defineHandler } from "~/jobs/define.ts";

/** Slack's app_uninstalled / tokens_revoked: the workspace's token forgotten, its channels paused. Idempotent. */
export const handleSlackEventJob = defineHandler(handleSlackEventContract, async (payload, { log }) => {
  const { db } = await database();
  const outcome = await handleSlackEvent(db, payload);
  log.info(
    {
      eventId: payload.eventId,
      teamId: payload.teamId,
      type: payload.type,
      eventTime: payload.eventTime,
      outcome,
    },
    outcome === "before_install" ? "slack event from before the installation ignored" : "slack event",
  );
});
