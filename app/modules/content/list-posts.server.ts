import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { PostStatus } from "~/db/schema.ts";

export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  kind: "link" | "text";
  url: string | null;
  status: PostStatus;
  publishAt: Date | null;
  expiresAt: Date | null;
  publishedAt: Date | null;
  authorName: string | null;
  updatedAt: Date;
  captionCount: number;
}

/** The tenant's posts, most recently changed first, optionally of one status; with the total for paging. */
export async function listPosts(
  tx: Tx,
  tenantId: string,
  filter: { status?: PostStatus; limit?: number; offset?: number },
): Promise<{ posts: PostSummary[]; total: number }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const offset = Math.max(filter.offset ?? 0, 0);
  let base = tx.selectFrom("posts").where("posts.tenant_id", "=", tenantId);
  if (filter.status) base = base.where("posts.status", "=", filter.status);
  const [rows, count] = await Promise.all([
    base
      .leftJoin("memberships", (j) =>
        j
          .onRef("memberships.id", "=", "posts.author_id")
          .onRef("memberships.tenant_id", "=", "posts.tenant_id"),
      )
      .leftJoin("users", "users.id", "memberships.user_id")
      .select((eb) => [
        "posts.id",
        "posts.slug",
        "posts.title",
        "posts.kind",
        "posts.url",
        "posts.status",
        "posts.publish_at",
        "posts.expires_at",
        "posts.published_at",
        "posts.updated_at",
        "users.name as author_name",
        eb
          .selectFrom("captions")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("captions.post_id", "=", "posts.id")
          .where("captions.tenant_id", "=", tenantId)
          .as("caption_count"),
      ])
      .orderBy("posts.updated_at", "desc")
      .orderBy("posts.id")
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.n,
    posts: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      kind: r.kind,
      url: r.url,
      status: r.status,
      publishAt: r.publish_at,
      expiresAt: r.expires_at,
      publishedAt: r.published_at,
      authorName: r.author_name,
      updatedAt: r.updated_at,
      captionCount: r.caption_count ?? 0,
    })),
  };
}
