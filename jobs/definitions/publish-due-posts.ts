import { z } from "zod";
import { publishDuePosts } from "~/app/modules/content/publish-due-posts.server.ts";
import { database } from "~/db/client.ts";
import { defineJob } from "~/jobs/define.ts";

export const PublishDuePostsPayload = z.object({}).strict();

/**
 * Publishes approved posts whose publish time has come and expires published posts past their
 * expiry, for every tenant. Run every minute by jobs/schedules.ts; safe to run twice or from two
 * workers at once, because every move is guarded by the post's old status.
 */
export const publishDuePostsJob = defineJob({
  name: "publish-due-posts",
  payload: PublishDuePostsPayload,
  // The next tick a minute later is the real retry; piling up retries of an old tick helps nobody.
  attempts: 2,
  backoffMs: 10_000,
  async handler(_payload, { log }) {
    const { db } = await database();
    const { published, expired } = await publishDuePosts(db);
    if (published > 0 || expired > 0) log.info({ published, expired }, "due posts moved");
  },
});
