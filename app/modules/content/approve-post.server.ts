import type { Tx } from "~/db/client.ts";
import { ConflictError, ForbiddenError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { queuePostDecision } from "~/app/modules/content/post-emails.server.ts";
import {
  lockPost,
  needsSecondApproval,
  requireTransition,
  transition,
  recordTransition,
} from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { announcePosts } from "~/app/modules/chat/announce-post.server.ts";

export interface ApprovalOutcome {
  status: "in_review" | "approved" | "published";
  approvals: number;
  required: 1 | 2;
}

/**
 * One comms lead's approval of the post's current version. The author never approves their own
 * post; a person approves a version once; a post with a "second approval" topic needs two
 * different approvers. The last approval approves the post, and publishes it at once when its
 * publish time is unset or past. `version`, when given, must still be the current one: nobody
 * approves an edit they have not seen.
 */
export async function approvePost(
  tx: Tx,
  actor: Member,
  input: { postId: string; version?: number },
  opts: { now?: Date } = {},
): Promise<ApprovalOutcome> {
  requirePermission(actor, "content.approve");
  const now = opts.now ?? new Date();
  const post = await lockPost(tx, actor.tenantId, input.postId);
  requireTransition(post, "approve");
  if (post.author_id === actor.id) throw new ForbiddenError("own_post", "own_post");
  if (input.version !== undefined && input.version !== post.version)
    throw new ConflictError("the post changed since you opened it", "stale_version");

  const earlier = await tx
    .selectFrom("post_approvals")
    .select("approver_id")
    .where("tenant_id", "=", post.tenant_id)
    .where("post_id", "=", post.id)
    .where("version", "=", post.version)
    .execute();
  if (earlier.some((a) => a.approver_id === actor.id))
    throw new ConflictError("already approved this version", "already_approved");
  await tx
    .insertInto("post_approvals")
    .values({
      tenant_id: post.tenant_id,
      post_id: post.id,
      version: post.version,
      approver_id: actor.id,
      created_at: now,
    })
    .execute();

  const required = (await needsSecondApproval(tx, post.tenant_id, post.id)) ? 2 : 1;
  const approvals = earlier.length + 1;
  if (approvals < required) {
    // Recorded so the history shows who approved first; the status stays in review.
    await recordTransition(tx, {
      post,
      version: post.version,
      from: "in_review",
      to: "in_review",
      action: "approve",
      actorId: actor.id,
      now,
    });
    return { status: "in_review", approvals, required };
  }

  await transition(tx, post, "approve", { actor, now });
  let status: ApprovalOutcome["status"] = "approved";
  if (!post.publish_at || post.publish_at <= now) {
    await transition(tx, post, "publish", { actor: null, now, set: { published_at: now } });
    status = "published";
    // Teams and Slack channels: rows only, sent after the commit; never fails or delays the publish
    await announcePosts(tx, post.tenant_id, [post.id], now);
  }
  await queuePostDecision(tx, post, "approved", actor);
  return { status, approvals, required };
}
