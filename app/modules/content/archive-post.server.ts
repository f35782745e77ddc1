import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { lockPost, transition } from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";

/** Any status but archived → archived: gone from the hub, kept with its history. */
export async function archivePost(
  tx: Tx,
  actor: Member,
  input: { postId: string },
  opts: { now?: Date } = {},
): Promise<void> {
  requirePermission(actor, "content.create");
  const post = await lockPost(tx, actor.tenantId, input.postId);
  await transition(tx, post, "archive", { actor, now: opts.now });
}
