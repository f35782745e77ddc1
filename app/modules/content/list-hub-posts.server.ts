import { sql, type ExpressionBuilder } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { AddressForm, Database, Locale, Network, PostStatus } from "~/db/schema.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { noteVisit, readVisitMarks } from "~/app/modules/home/note-visit.server.ts";
import { isNewSince, visitBaseline } from "~/app/modules/home/visit.ts";

export const HUB_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export interface HubFilter {
  topicId?: string | undefined;
  network?: Network | undefined;
  /** free text, matched case-insensitively in title, body and caption texts */
  q?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  now?: Date | undefined;
}

export interface HubCaption {
  id: string;
  network: Network;
  language: Locale;
  addressForm: AddressForm | null;
  text: string;
}

export interface HubPost {
  id: string;
  slug: string;
  kind: "link" | "text";
  title: string;
  /** the note for employees: why this is worth sharing */
  body: string;
  url: string | null;
  previewTitle: string | null;
  previewDescription: string | null;
  /** the stored preview image (served at mediaPath); the remote URL never leaves the server */
  previewImageId: string | null;
  publishedAt: Date | null;
  expiresAt: Date | null;
  /** published after the last open before this visit (home/visit.ts), or the member never visited */
  isNew: boolean;
  /** the name of the employee whose suggestion became this post, if any */
  suggestedBy: string | null;
  topics: { id: string; name: string }[];
  captions: HubCaption[];
}

export interface HubPage {
  posts: HubPost[];
  /** another page follows this one */
  hasMore: boolean;
  limit: number;
  offset: number;
}

/** `%`, `_` and the escape character itself match literally (PostgreSQL's default LIKE escape is `\`). */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type PostsEb = ExpressionBuilder<Database, "posts">;

/**
 * What a member may see in the hub — and share: published, not expired, and targeted at everyone or
 * at the member's team. Expiry is checked against `now` as well as the status, so a post whose
 * expiry job has not run yet is already gone.
 */
export function visibleTo(eb: PostsEb, member: Member, now: Date) {
  const published: PostStatus = "published";
  const targeted = member.teamId
    ? eb.or([
        eb("posts.target_all", "=", true),
        eb.exists(
          eb
            .selectFrom("post_teams")
            .select(sql.lit(1).as("one"))
            .whereRef("post_teams.post_id", "=", "posts.id")
            .where("post_teams.tenant_id", "=", member.tenantId)
            .where("post_teams.team_id", "=", member.teamId),
        ),
      ])
    : eb("posts.target_all", "=", true);
  return eb.and([
    eb("posts.tenant_id", "=", member.tenantId),
    eb("posts.status", "=", published),
    eb.or([eb("posts.expires_at", "is", null), eb("posts.expires_at", ">", now)]),
    targeted,
  ]);
}

/**
 * One page of the content hub for a member, newest first, each post with its captions and topics.
 * Three queries however long the page: the posts, then the captions and the topics of exactly those posts.
 */
export async function listHubPosts(tx: Tx, member: Member, filter: HubFilter = {}): Promise<HubPage> {
  const now = filter.now ?? new Date();
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? HUB_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  const q = filter.q?.trim() ?? "";

  // the same "new" as the home page's, for the whole visit (home/visit.ts): a reload keeps it
  const baseline = visitBaseline(await readVisitMarks(tx, member), now);

  let query = tx
    .selectFrom("posts")
    .leftJoin("suggestions", (j) =>
      j
        .onRef("suggestions.id", "=", "posts.source_suggestion_id")
        .onRef("suggestions.tenant_id", "=", "posts.tenant_id"),
    )
    .leftJoin("memberships", (j) =>
      j
        .onRef("memberships.id", "=", "suggestions.suggester_id")
        .onRef("memberships.tenant_id", "=", "suggestions.tenant_id"),
    )
    .leftJoin("users", "users.id", "memberships.user_id")
    .leftJoin("post_images", (j) =>
      j.onRef("post_images.post_id", "=", "posts.id").onRef("post_images.tenant_id", "=", "posts.tenant_id"),
    )
    .select([
      "posts.id",
      "posts.slug",
      "posts.kind",
      "posts.title",
      "posts.body",
      "posts.url",
      "posts.preview_title",
      "posts.preview_description",
      "post_images.id as preview_image_id",
      "posts.published_at",
      "posts.expires_at",
      "users.name as suggester_name",
    ])
    .where((eb) => visibleTo(eb, member, now));

  if (filter.topicId) {
    const topicId = filter.topicId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("post_topics")
          .select(sql.lit(1).as("one"))
          .whereRef("post_topics.post_id", "=", "posts.id")
          .where("post_topics.tenant_id", "=", member.tenantId)
          .where("post_topics.topic_id", "=", topicId),
      ),
    );
  }
  if (filter.network) {
    const network = filter.network;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("captions")
          .select(sql.lit(1).as("one"))
          .whereRef("captions.post_id", "=", "posts.id")
          .where("captions.tenant_id", "=", member.tenantId)
          .where("captions.network", "=", network),
      ),
    );
  }
  if (q !== "") {
    const pattern = likePattern(q);
    query = query.where((eb) =>
      eb.or([
        eb("posts.title", "ilike", pattern),
        eb("posts.body", "ilike", pattern),
        eb.exists(
          eb
            .selectFrom("captions")
            .select(sql.lit(1).as("one"))
            .whereRef("captions.post_id", "=", "posts.id")
            .where("captions.tenant_id", "=", member.tenantId)
            .where("captions.text", "ilike", pattern),
        ),
      ]),
    );
  }

  // One extra row tells whether a next page exists without counting the whole result.
  const rows = await query
    .orderBy(sql`posts.published_at desc nulls last`)
    .orderBy("posts.id", "desc")
    .limit(limit + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  if (ids.length === 0) return { posts: [], hasMore: false, limit, offset };

  // Sequential on purpose: one transaction is one connection, so parallel queries would only queue.
  const captions = await tx
    .selectFrom("captions")
    .select(["id", "post_id", "network", "language", "address_form", "text"])
    .where("tenant_id", "=", member.tenantId)
    .where("post_id", "in", ids)
    .orderBy("network")
    .orderBy("position")
    .orderBy("id")
    .execute();
  const topics = await tx
    .selectFrom("post_topics")
    .innerJoin("topics", (j) =>
      j
        .onRef("topics.id", "=", "post_topics.topic_id")
        .onRef("topics.tenant_id", "=", "post_topics.tenant_id"),
    )
    .select(["post_topics.post_id", "topics.id", "topics.name"])
    .where("post_topics.tenant_id", "=", member.tenantId)
    .where("post_topics.post_id", "in", ids)
    .orderBy("topics.name")
    .execute();

  const captionsByPost = groupBy(captions, (c) => c.post_id);
  const topicsByPost = groupBy(topics, (t) => t.post_id);
  const posts = page.map((r): HubPost => ({
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    title: r.title,
    body: r.body,
    url: r.url,
    previewTitle: r.preview_title,
    previewDescription: r.preview_description,
    previewImageId: r.preview_image_id ?? null,
    publishedAt: r.published_at,
    expiresAt: r.expires_at,
    isNew: isNewSince(r.published_at, baseline),
    suggestedBy: r.suggester_name ?? null,
    topics: (topicsByPost.get(r.id) ?? []).map((t) => ({ id: t.id, name: t.name })),
    captions: (captionsByPost.get(r.id) ?? []).map((c) => ({
      id: c.id,
      network: c.network,
      language: c.language,
      addressForm: c.address_form,
      text: c.text,
    })),
  }));
  return { posts, hasMore, limit, offset };
}

/** The tenant's topics, for the hub's topic filter. */
export async function listHubTopics(tx: Tx, member: Member): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom("topics")
    .select(["id", "name"])
    .where("tenant_id", "=", member.tenantId)
    .orderBy("name")
    .execute();
}

/**
 * Remembers this open (home/note-visit.server.ts), so the next visit shows only what was published
 * since. Within a visit the "new" badges stay, also after a reload.
 */
export async function markHubVisited(tx: Tx, member: Member, now: Date = new Date()): Promise<void> {
  await noteVisit(tx, member, now);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
