import type { AnyJobContract } from "~/jobs/define.ts";
import { awardPointsContract } from "~/jobs/contracts/award-points.ts";
import { closeGoalPeriodsContract } from "~/jobs/contracts/close-goal-periods.ts";
import { deliverChatMessageContract } from "~/jobs/contracts/deliver-chat-message.ts";
import { deliverDueChatMessagesContract } from "~/jobs/contracts/deliver-due-chat-messages.ts";
import { drainClicksContract } from "~/jobs/contracts/drain-clicks.ts";
import { exportMemberDataContract } from "~/jobs/contracts/export-member-data.ts";
import { fetchPostPreviewContract } from "~/jobs/contracts/fetch-post-preview.ts";
import { fetchProviderMetricsContract } from "~/jobs/contracts/fetch-provider-metrics.ts";
import { handleSlackCommandContract } from "~/jobs/contracts/handle-slack-command.ts";
import { handleSlackEventContract } from "~/jobs/contracts/handle-slack-event.ts";
import { maintainClickPartitionsContract } from "~/jobs/contracts/maintain-click-partitions.ts";
import { processStripeEventContract } from "~/jobs/contracts/process-stripe-event.ts";
import { publishDuePostsContract } from "~/jobs/contracts/publish-due-posts.ts";
import { purgeClicksContract } from "~/jobs/contracts/purge-clicks.ts";
import { purgeExpiredDataContract } from "~/jobs/contracts/purge-expired-data.ts";
import { rollupReachContract } from "~/jobs/contracts/rollup-reach.ts";
import { sendChatDigestsContract } from "~/jobs/contracts/send-chat-digests.ts";
import { sendEmailContract } from "~/jobs/contracts/send-email.ts";
import { sendWeeklyDigestsContract } from "~/jobs/contracts/send-weekly-digests.ts";
import { syncSeatsContract } from "~/jobs/contracts/sync-seats.ts";

/**
 * Every job the queue accepts, by contract (name, payload schema, retries): what enqueueing needs.
 * No handler here: the worker and the in-process runner load a job's handler by name when it runs
 * (jobs/handlers.ts). A new job: a contract in jobs/contracts/, listed here, and a handler in
 * jobs/definitions/, listed in jobs/handlers.ts.
 */
export const jobs = [
  sendEmailContract,
  fetchPostPreviewContract,
  publishDuePostsContract,
  drainClicksContract,
  fetchProviderMetricsContract,
  processStripeEventContract,
  syncSeatsContract,
  sendWeeklyDigestsContract,
  awardPointsContract,
  closeGoalPeriodsContract,
  rollupReachContract,
  purgeClicksContract,
  maintainClickPartitionsContract,
  purgeExpiredDataContract,
  exportMemberDataContract,
  handleSlackEventContract,
  handleSlackCommandContract,
  deliverChatMessageContract,
  deliverDueChatMessagesContract,
  sendChatDigestsContract,
] as const;

export type RegisteredJob = (typeof jobs)[number];
export type JobName = RegisteredJob["name"];
export type JobByName<N extends JobName> = Extract<RegisteredJob, { name: N }>;

export function findJob(name: string): AnyJobContract | undefined {
  return jobs.find((job) => job.name === name);
}
