import type { AnyJobDefinition, JobDefinition } from "~/jobs/define.ts";
import type { JobByName, JobName } from "~/jobs/registry.ts";

/**
 * Job handlers, loaded by name when a job runs: only the worker (jobs/worker.ts) and the in-process
 * runner (jobs/queue.ts) come here. Every import is dynamic, so enqueueing a job (registry, contracts)
 * loads no handler, and a handler may call modules that enqueue jobs themselves without an import
 * cycle. The mapped type makes a job without a handler, or a handler under the wrong name, a type error.
 * .dependency-cruiser.cjs enforces that nothing else imports jobs/definitions/.
 */
const handlers: { [N in JobName]: () => Promise<JobDefinition<N, JobByName<N>["payload"]>> } = {
  "send-email": async () => (await import("~/jobs/definitions/send-email.ts")).sendEmailJob,
  "fetch-post-preview": async () =>
    (await import("~/jobs/definitions/fetch-post-preview.ts")).fetchPostPreviewJob,
  "publish-due-posts": async () =>
    (await import("~/jobs/definitions/publish-due-posts.ts")).publishDuePostsJob,
  "drain-clicks": async () => (await import("~/jobs/definitions/drain-clicks.ts")).drainClicksJob,
  "fetch-provider-metrics": async () =>
    (await import("~/jobs/definitions/fetch-provider-metrics.ts")).fetchProviderMetricsJob,
  "process-stripe-event": async () =>
    (await import("~/jobs/definitions/process-stripe-event.ts")).processStripeEventJob,
  "sync-seats": async () => (await import("~/jobs/definitions/sync-seats.ts")).syncSeatsJob,
  "send-weekly-digests": async () =>
    (await import("~/jobs/definitions/send-weekly-digests.ts")).sendWeeklyDigestsJob,
  "award-points": async () => (await import("~/jobs/definitions/award-points.ts")).awardPointsJob,
  "close-goal-periods": async () =>
    (await import("~/jobs/definitions/close-goal-periods.ts")).closeGoalPeriodsJob,
  "rollup-reach": async () => (await import("~/jobs/definitions/rollup-reach.ts")).rollupReachJob,
  "purge-clicks": async () => (await import("~/jobs/definitions/purge-clicks.ts")).purgeClicksJob,
  "maintain-click-partitions": async () =>
    (await import("~/jobs/definitions/maintain-click-partitions.ts")).maintainClickPartitionsJob,
  "purge-expired-data": async () =>
    (await import("~/jobs/definitions/purge-expired-data.ts")).purgeExpiredDataJob,
  "export-member-data": async () =>
    (await import("~/jobs/definitions/export-member-data.ts")).exportMemberDataJob,
  "handle-slack-event": async () =>
    (await import("~/jobs/definitions/handle-slack-event.ts")).handleSlackEventJob,
  "handle-slack-command": async () =>
    (await import("~/jobs/definitions/handle-slack-command.ts")).handleSlackCommandJob,
  "deliver-chat-message": async () =>
    (await import("~/jobs/definitions/deliver-chat-message.ts")).deliverChatMessageJob,
  "deliver-due-chat-messages": async () =>
    (await import("~/jobs/definitions/deliver-due-chat-messages.ts")).deliverDueChatMessagesJob,
  "send-chat-digests": async () =>
    (await import("~/jobs/definitions/send-chat-digests.ts")).sendChatDigestsJob,
};

/** The job's handler (with its contract), loaded on first use; undefined for a name no job has. */
export async function loadJobHandler(name: string): Promise<AnyJobDefinition | undefined> {
  if (!Object.hasOwn(handlers, name)) return undefined;
  return handlers[name as JobName]() as Promise<AnyJobDefinition>;
}
