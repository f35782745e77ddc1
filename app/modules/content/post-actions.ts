import type { PostStatus, Role } from "~/db/schema.ts";
import { can } from "~/app/lib/permissions.ts";
import { canTransition, type PostAction } from "~/app/modules/content/post-workflow.ts";

/**
 * Which actions this member may take on this post right now (browser-safe: the page shows only
 * these buttons; every use case checks again on the server).
 */
export function allowedActions(p: {
  status: PostStatus;
  roles: readonly Role[];
  isAuthor: boolean;
  approvedThisVersion: boolean;
}): PostAction[] {
  const create = can(p.roles, "content.create");
  const approve = can(p.roles, "content.approve");
  const rules: Record<PostAction, boolean> = {
    submit: create,
    approve: approve && !p.isAuthor && !p.approvedThisVersion,
    reject: approve && !p.isAuthor,
    withdraw: p.isAuthor,
    revise: create,
    archive: create,
    edit: create,
    publish: false,
    expire: false,
  };
  return (Object.keys(rules) as PostAction[]).filter((a) => rules[a] && canTransition(p.status, a));
}
