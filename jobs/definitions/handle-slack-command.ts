import { database } from "~/db/client.ts";
import { handleSlackCommand } from "~/app/modules/chat/handle-slack-command.server.ts";
import { handleSlackCommandContract } from "~/jobs/contracts/handle-slack-command.ts";
import { defineHandler } from "~/jobs/define.ts";

/** A /chorus command: the answer goes to Slack's response_url, ephemeral (only the person sees it). */
export const handleSlackCommandJob = defineHandler(handleSlackCommandContract, async (payload, { log }) => {
  const { db } = await database();
  const outcome = await handleSlackCommand(db, payload);
  // the person and the text stay out of the log: the outcome says what happened
  log.info({ teamId: payload.teamId, outcome }, "slack command");
});
