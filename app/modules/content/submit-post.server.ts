import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { queueReviewRequested } from "~/app/modules/content/post-emails.server.ts";
import { lockPost, transition } from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";

/** draft → in_review; every other comms lead is asked to review. */
export async function submitPost(
  tx: Tx,
  actor: Member,
  input: { postId: string },
  opts: { now?: Date } = {},
): Promise<void> {
  requirePermission(actor, "content.create");
  const post = await lockPost(tx, actor.tenantId, input.postId);
  await transition(tx, post, "submit", { actor, now: opts.now, set: { rejection_reason: null } });
  // The author may have left the tenant: the person submitting stands in.
  const author =
    post.author_id === actor.id
      ? actor.name
      : ((await authorName(tx, post.tenant_id, post.author_id)) ?? actor.name);
  await queueReviewRequested(tx, post, author);
}

async function authorName(tx: Tx, tenantId: string, authorId: string | null): Promise<string | undefined> {
  if (!authorId) return undefined;
  const row = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.name")
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.id", "=", authorId)
    .executeTakeFirst();
  return row?.name;
}
