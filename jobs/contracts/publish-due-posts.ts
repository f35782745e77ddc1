import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const PublishDuePostsPayload = z.object({}).strict();

/** Publishes and expires posts on time; the handler is jobs/definitions/publish-due-posts.ts. */
export const publishDuePostsContract = defineJob({
  name: "publish-due-posts",
  payload: PublishDuePostsPayload,
  // The next tick a minute later is the real retry; piling up retries of an old tick helps nobody.
  attempts: 2,
  backoffMs: 10_000,
});
