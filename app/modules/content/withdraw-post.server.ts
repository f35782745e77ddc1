import type { Tx } from "~/db/client.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { lockPost, requireTransition, transition } from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";

/** in_review → draft, by the author only (to change something before anyone decides). */
export async function withdrawPost(
  tx: Tx,
  actor: Member,
  input: { postId: string },
  opts: { now?: Date } = {},
): Promise<void> {
  requirePermission(actor, "content.create");
  const post = await lockPost(tx, actor.tenantId, input.postId);
  requireTransition(post, "withdraw");
  if (post.author_id !== actor.id) throw new ForbiddenError("not_author", "not_author");
  await transition(tx, post, "withdraw", { actor, now: opts.now });
}
