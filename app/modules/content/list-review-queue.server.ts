import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";

export interface ReviewItem {
  id: string;
  title: string;
  kind: "link" | "text";
  version: number;
  authorName: string | null;
  submittedAt: Date;
  /** the viewer wrote it: someone else must approve */
  isOwn: boolean;
  approvals: number;
  required: 1 | 2;
  approvedByViewer: boolean;
}

/** Posts in review, oldest submission first, as one comms lead sees them. */
export async function listReviewQueue(tx: Tx, tenantId: string, viewerId: string): Promise<ReviewItem[]> {
  const rows = await tx
    .selectFrom("posts")
    .leftJoin("memberships", (j) =>
      j
        .onRef("memberships.id", "=", "posts.author_id")
        .onRef("memberships.tenant_id", "=", "posts.tenant_id"),
    )
    .leftJoin("users", "users.id", "memberships.user_id")
    .select((eb) => [
      "posts.id",
      "posts.title",
      "posts.kind",
      "posts.version",
      "posts.author_id",
      "posts.updated_at",
      "users.name as author_name",
      eb
        .selectFrom("post_transitions")
        .select((e) => e.fn.max("post_transitions.created_at").as("at"))
        .whereRef("post_transitions.post_id", "=", "posts.id")
        .where("post_transitions.tenant_id", "=", tenantId)
        .where("post_transitions.to_status", "=", "in_review")
        .as("submitted_at"),
      eb
        .selectFrom("post_approvals")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("post_approvals.post_id", "=", "posts.id")
        .whereRef("post_approvals.version", "=", "posts.version")
        .where("post_approvals.tenant_id", "=", tenantId)
        .as("approvals"),
      eb
        .exists(
          eb
            .selectFrom("post_approvals")
            .select("post_approvals.id")
            .whereRef("post_approvals.post_id", "=", "posts.id")
            .whereRef("post_approvals.version", "=", "posts.version")
            .where("post_approvals.tenant_id", "=", tenantId)
            .where("post_approvals.approver_id", "=", viewerId),
        )
        .as("approved_by_viewer"),
      eb
        .exists(
          eb
            .selectFrom("post_topics")
            .innerJoin("topics", "topics.id", "post_topics.topic_id")
            .select("topics.id")
            .whereRef("post_topics.post_id", "=", "posts.id")
            .where("post_topics.tenant_id", "=", tenantId)
            .where("topics.requires_second_approval", "=", true),
        )
        .as("needs_second"),
    ])
    .where("posts.tenant_id", "=", tenantId)
    .where("posts.status", "=", "in_review")
    .orderBy("posts.updated_at")
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      version: r.version,
      authorName: r.author_name,
      submittedAt: r.submitted_at ? new Date(r.submitted_at) : r.updated_at,
      isOwn: r.author_id === viewerId,
      approvals: r.approvals ?? 0,
      required: r.needs_second ? (2 as const) : (1 as const),
      approvedByViewer: Boolean(r.approved_by_viewer),
    }))
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}
