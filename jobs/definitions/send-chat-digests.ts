import { sendChatDigests } from "~/app/modules/chat/chat-digests.server.ts";
import { database } from "~/db/client.ts";
import { sendChatDigestsContract } from "~/jobs/contracts/send-chat-digests.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * The weekly digest in Teams and Slack channels and as personal Slack messages, Monday from 08:00
 * tenant-local. Hourly (jobs/schedules.ts); once per channel and week, once per member and week.
 */
export const sendChatDigestsJob = defineHandler(sendChatDigestsContract, async (payload, { log }) => {
  const { db } = await database();
  const result = await sendChatDigests(db, { now: payload.now ? new Date(payload.now) : undefined, log });
  if (result.channels > 0 || result.directMessages > 0) log.info(result, "chat digests queued and sent");
});
