import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { lockPost, transition } from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";

/** rejected → draft, to be edited and submitted again (the rejection stays in the history). */
export async function revisePost(
  tx: Tx,
  actor: Member,
  input: { postId: string },
  opts: { now?: Date } = {},
): Promise<void> {
  requirePermission(actor, "content.create");
  const post = await lockPost(tx, actor.tenantId, input.postId);
  await transition(tx, post, "revise", { actor, now: opts.now });
}
