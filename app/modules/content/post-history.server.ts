import type { Tx } from "~/db/client.ts";
import type { PostStatus } from "~/db/schema.ts";

export interface PostVersionEntry {
  version: number;
  snapshot: Record<string, unknown>;
  createdAt: Date;
  actorName: string | null;
}

export interface PostTransitionEntry {
  id: string;
  version: number;
  from: PostStatus;
  to: PostStatus;
  action: string;
  reason: string | null;
  createdAt: Date;
  /** null: the system (scheduled publish/expiry), or a member who was since removed */
  actorName: string | null;
  system: boolean;
}

export interface PostApprovalEntry {
  version: number;
  approverId: string;
  approverName: string | null;
  createdAt: Date;
}

/**
 * Steps taken in one transaction share a timestamp (approve then publish; publish then expire in
 * one scheduler run): among equal times the later step of the workflow is the newer one.
 */
const STEP: Record<string, number> = {
  create: 0,
  edit: 1,
  submit: 2,
  withdraw: 3,
  reject: 4,
  approve: 4,
  revise: 5,
  publish: 6,
  expire: 7,
  archive: 8,
};
function newestFirst(a: PostTransitionEntry, b: PostTransitionEntry): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (STEP[b.action] ?? 0) - (STEP[a.action] ?? 0);
}

/** Every version and transition of a post with who and when, newest first; plus the approvals. */
export async function getPostHistory(
  tx: Tx,
  tenantId: string,
  postId: string,
): Promise<{
  versions: PostVersionEntry[];
  transitions: PostTransitionEntry[];
  approvals: PostApprovalEntry[];
}> {
  const [versions, transitions, approvals] = await Promise.all([
    tx
      .selectFrom("post_versions")
      .leftJoin("memberships", "memberships.id", "post_versions.created_by")
      .leftJoin("users", "users.id", "memberships.user_id")
      .select(["post_versions.version", "post_versions.snapshot", "post_versions.created_at", "users.name"])
      .where("post_versions.tenant_id", "=", tenantId)
      .where("post_versions.post_id", "=", postId)
      .orderBy("post_versions.version", "desc")
      .execute(),
    tx
      .selectFrom("post_transitions")
      .leftJoin("memberships", "memberships.id", "post_transitions.actor_id")
      .leftJoin("users", "users.id", "memberships.user_id")
      .select([
        "post_transitions.id",
        "post_transitions.version",
        "post_transitions.from_status",
        "post_transitions.to_status",
        "post_transitions.action",
        "post_transitions.reason",
        "post_transitions.created_at",
        "post_transitions.actor_id",
        "users.name",
      ])
      .where("post_transitions.tenant_id", "=", tenantId)
      .where("post_transitions.post_id", "=", postId)
      .orderBy("post_transitions.created_at", "desc")
      .execute(),
    tx
      .selectFrom("post_approvals")
      .leftJoin("memberships", "memberships.id", "post_approvals.approver_id")
      .leftJoin("users", "users.id", "memberships.user_id")
      .select([
        "post_approvals.version",
        "post_approvals.approver_id",
        "post_approvals.created_at",
        "users.name",
      ])
      .where("post_approvals.tenant_id", "=", tenantId)
      .where("post_approvals.post_id", "=", postId)
      .orderBy("post_approvals.created_at", "desc")
      .execute(),
  ]);
  return {
    versions: versions.map((v) => ({
      version: v.version,
      snapshot: v.snapshot,
      createdAt: v.created_at,
      actorName: v.name,
    })),
    transitions: transitions
      .map((t) => ({
        id: t.id,
        version: t.version,
        from: t.from_status,
        to: t.to_status,
        action: t.action,
        reason: t.reason,
        createdAt: t.created_at,
        actorName: t.name,
        system: t.actor_id === null,
      }))
      .sort(newestFirst),
    approvals: approvals.map((a) => ({
      version: a.version,
      approverId: a.approver_id,
      approverName: a.name,
      createdAt: a.created_at,
    })),
  };
}
