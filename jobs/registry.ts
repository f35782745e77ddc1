import type { AnyJobDefinition } from "~/jobs/define.ts";
import { awardPointsJob } from "~/jobs/definitions/award-points.ts";
import { closeGoalPeriodsJob } from "~/jobs/definitions/close-goal-periods.ts";
import { drainClicksJob } from "~/jobs/definitions/drain-clicks.ts";
import { exportMemberDataJob } from "~/jobs/definitions/export-member-data.ts";
import { fetchPostPreviewJob } from "~/jobs/definitions/fetch-post-preview.ts";
import { fetchProviderMetricsJob } from "~/jobs/definitions/fetch-provider-metrics.ts";
import { processStripeEventJob } from "~/jobs/definitions/process-stripe-event.ts";
import { publishDuePostsJob } from "~/jobs/definitions/publish-due-posts.ts";
import { purgeClicksJob } from "~/jobs/definitions/purge-clicks.ts";
import { purgeExpiredDataJob } from "~/jobs/definitions/purge-expired-data.ts";
import { rollupReachJob } from "~/jobs/definitions/rollup-reach.ts";
import { sendEmailJob } from "~/jobs/definitions/send-email.ts";
import { sendWeeklyDigestsJob } from "~/jobs/definitions/send-weekly-digests.ts";
import { syncSeatsJob } from "~/jobs/definitions/sync-seats.ts";

/** Every job the queue accepts and the worker runs. Add new definitions here. */
export const jobs = [
  sendEmailJob,
  fetchPostPreviewJob,
  publishDuePostsJob,
  drainClicksJob,
  fetchProviderMetricsJob,
  processStripeEventJob,
  syncSeatsJob,
  sendWeeklyDigestsJob,
  awardPointsJob,
  closeGoalPeriodsJob,
  rollupReachJob,
  purgeClicksJob,
  purgeExpiredDataJob,
  exportMemberDataJob,
] as const;

export type RegisteredJob = (typeof jobs)[number];
export type JobName = RegisteredJob["name"];
export type JobByName<N extends JobName> = Extract<RegisteredJob, { name: N }>;

export function findJob(name: string): AnyJobDefinition | undefined {
  return jobs.find((job) => job.name === name);
}
