import type { Tx } from "~/db/client.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { queuePostDecision } from "~/app/modules/content/post-emails.server.ts";
import { lockPost, requireTransition, transition } from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";

/** in_review → rejected with a reason the author sees; never by the author. */
export async function rejectPost(
  tx: Tx,
  actor: Member,
  input: { postId: string; reason: string },
  opts: { now?: Date } = {},
): Promise<void> {
  requirePermission(actor, "content.approve");
  const reason = input.reason.trim();
  if (!reason) throw new ValidationError("reason required", { reason: ["required"] });
  const post = await lockPost(tx, actor.tenantId, input.postId);
  requireTransition(post, "reject");
  if (post.author_id === actor.id) throw new ForbiddenError("own_post", "own_post");
  await transition(tx, post, "reject", { actor, reason, now: opts.now, set: { rejection_reason: reason } });
  await queuePostDecision(tx, post, "rejected", actor, reason);
}
