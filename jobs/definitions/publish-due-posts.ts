import { publishDuePosts } from "~/app/modules/content/publish-due-posts.server.ts";
import { database } from "~/db/client.ts";
import { publishDuePostsContract } from "~/jobs/contracts/publish-due-posts.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Publishes approved posts whose publish time has come and expires published posts past their
 * expiry, for every tenant. Run every minute by jobs/schedules.ts; safe to run twice or from two
 * workers at once, because every move is guarded by the post's old status.
 */
export const publishDuePostsJob = defineHandler(publishDuePostsContract, async (_payload, { log }) => {
  const { db } = await database();
  const { published, expired } = await publishDuePosts(db);
  if (published > 0 || expired > 0) log.info({ published, expired }, "due posts moved");
});
