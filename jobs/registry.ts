import type { AnyJobDefinition } from "./define.ts";
import { awardPointsJob } from "./definitions/award-points.ts";
import { closeGoalPeriodsJob } from "./definitions/close-goal-periods.ts";
import { drainClicksJob } from "./definitions/drain-clicks.ts";
import { exportMemberDataJob } from "./definitions/export-member-data.ts";
import { fetchPostPreviewJob } from "./definitions/fetch-post-preview.ts";
import { fetchProviderMetricsJob } from "./definitions/fetch-provider-metrics.ts";
import { processStripeEventJob } from "./definitions/process-stripe-event.ts";
import { publishDuePostsJob } from "./definitions/publish-due-posts.ts";
import { purgeClicksJob } from "./definitions/purge-clicks.ts";
import { purgeExpiredDataJob } from "./definitions/purge-expired-data.ts";
import { rollupReachJob } from "./definitions/rollup-reach.ts";
import { sendEmailJob } from "./definitions/send-email.ts";
import { sendWeeklyDigestsJob } from "./definitions/send-weekly-digests.ts";
import { syncSeatsJob } from "./definitions/sync-seats.ts";

/** Every job the queue accepts and the worker runs. Add new definitions here. */
export const jobs = [sendEmailJob, fetchPostPreviewJob, publishDuePostsJob, drainClicksJob, fetchProviderMetricsJob, processStripeEventJob, syncSeatsJob, sendWeeklyDigestsJob, awardPointsJob, closeGoalPeriodsJob, rollupReachJob, purgeClicksJob, purgeExpiredDataJob, exportMemberDataJob] as const;

export type RegisteredJob = (typeof jobs)[number];
export type JobName = RegisteredJob["name"];
export type JobByName<N extends JobName> = Extract<RegisteredJob, { name: N }>;

export function findJob(name: string): AnyJobDefinition | undefined {
  return jobs.find((job) => job.name === name);
}
