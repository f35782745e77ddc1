import { fillPostPreview } from "~/app/modules/content/fill-post-preview.server.ts";
import { database } from "~/db/client.ts";
import { fetchPostPreviewContract } from "~/jobs/contracts/fetch-post-preview.ts";
import { defineHandler, PermanentJobError } from "~/jobs/define.ts";

/**
 * A link post's preview from the page's Open Graph tags (app/modules/content/fill-post-preview.server.ts).
 * A transient fetch failure before the last attempt throws (the job is retried); a page that cannot
 * give a preview, or the last attempt's failure, is recorded on the post and fails the job at once
 * (PermanentJobError), so operators see SSRF attempts and broken links among the failed jobs.
 * Idempotent: a post no longer pending is skipped.
 */
export const fetchPostPreviewJob = defineHandler(
  fetchPostPreviewContract,
  async ({ tenantId, postId }, { attempt, log }) => {
    const { db } = await database();
    const outcome = await fillPostPreview(
      db,
      { tenantId, postId },
      { log, attempt, lastAttempt: attempt >= fetchPostPreviewContract.attempts },
    );
    if (outcome.status === "failed") {
      const err = outcome.error;
      throw new PermanentJobError(`preview for post ${postId} failed: ${err.code} (${err.message})`, {
        cause: err,
      });
    }
  },
);
