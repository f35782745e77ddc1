import type { AnyJobDefinition } from "./define.ts";
import { drainClicksJob } from "./definitions/drain-clicks.ts";
import { fetchPostPreviewJob } from "./definitions/fetch-post-preview.ts";
import { publishDuePostsJob } from "./definitions/publish-due-posts.ts";
import { sendEmailJob } from "./definitions/send-email.ts";

/** Every job the queue accepts and the worker runs. Add new definitions here. */
export const jobs = [sendEmailJob, fetchPostPreviewJob, publishDuePostsJob, drainClicksJob] as const;

export type RegisteredJob = (typeof jobs)[number];
export type JobName = RegisteredJob["name"];
export type JobByName<N extends JobName> = Extract<RegisteredJob, { name: N }>;

export function findJob(name: string): AnyJobDefinition | undefined {
  return jobs.find((job) => job.name === name);
}
