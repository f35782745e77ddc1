import type { Tx } from "~/db/client.ts";
import type { Caption, Post } from "~/db/schema.ts";

export interface PostDetail {
  post: Post;
  captions: Caption[];
  topics: { id: string; name: string; requiresSecondApproval: boolean }[];
  teams: { id: string; name: string }[];
  authorName: string | null;
}

/** One post of the tenant with its captions (in order), topics, target teams and author. */
export async function getPost(tx: Tx, tenantId: string, postId: string): Promise<PostDetail | undefined> {
  const post = await tx
    .selectFrom("posts")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", postId)
    .executeTakeFirst();
  if (!post) return undefined;
  const [captions, topics, teams, author] = await Promise.all([
    tx
      .selectFrom("captions")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("post_id", "=", postId)
      .orderBy("position")
      .execute(),
    tx
      .selectFrom("post_topics")
      .innerJoin("topics", "topics.id", "post_topics.topic_id")
      .select(["topics.id", "topics.name", "topics.requires_second_approval"])
      .where("post_topics.tenant_id", "=", tenantId)
      .where("topics.tenant_id", "=", tenantId)
      .where("post_topics.post_id", "=", postId)
      .orderBy("topics.name")
      .execute(),
    tx
      .selectFrom("post_teams")
      .innerJoin("teams", "teams.id", "post_teams.team_id")
      .select(["teams.id", "teams.name"])
      .where("post_teams.tenant_id", "=", tenantId)
      .where("teams.tenant_id", "=", tenantId)
      .where("post_teams.post_id", "=", postId)
      .orderBy("teams.name")
      .execute(),
    post.author_id
      ? tx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select("users.name")
          .where("memberships.tenant_id", "=", tenantId)
          .where("memberships.id", "=", post.author_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return {
    post,
    captions,
    topics: topics.map((t) => ({
      id: t.id,
      name: t.name,
      requiresSecondApproval: t.requires_second_approval,
    })),
    teams,
    authorName: author?.name ?? null,
  };
}
