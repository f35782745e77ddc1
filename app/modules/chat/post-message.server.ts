import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { addDays } from "~/app/lib/days.ts";
import { zonedLocalToDate } from "~/app/lib/zoned-time.ts";
import type { ChatDigestMessage, ChatPostMessage } from "~/app/modules/chat/chat-message.ts";
import { hubUrl, shareLinks, suggestUrl } from "~/app/modules/chat/share-links.ts";
import { httpsOnly } from "~/app/modules/chat/message-text.ts";

/** At most this many posts in a channel's weekly digest (the hub has the rest). */
export const CHAT_DIGEST_MAX_POSTS = 10;

interface CaptionRow {
  id: string;
  post_id: string;
  network: string;
  text: string;
}

async function tenantOf(tx: Tx, tenantId: string) {
  return tx
    .selectFrom("tenants")
    .select(["name", "slug", "time_zone"])
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
}

async function topicNames(tx: Tx, tenantId: string, postIds: string[]): Promise<Map<string, string[]>> {
  const byPost = new Map<string, string[]>(postIds.map((id) => [id, []]));
  if (postIds.length === 0) return byPost;
  const rows = await tx
    .selectFrom("post_topics")
    .innerJoin("topics", (j) =>
      j
        .onRef("topics.id", "=", "post_topics.topic_id")
        .onRef("topics.tenant_id", "=", "post_topics.tenant_id"),
    )
    .select(["post_topics.post_id", "topics.name"])
    .where("post_topics.tenant_id", "=", tenantId)
    .where("post_topics.post_id", "in", postIds)
    .orderBy("topics.name")
    .execute();
  for (const r of rows) byPost.get(r.post_id)?.push(r.name);
  return byPost;
}

/** The posts' captions in one language, in the author's order. */
async function captionsIn(
  tx: Tx,
  tenantId: string,
  postIds: string[],
  locale: Locale,
): Promise<CaptionRow[]> {
  if (postIds.length === 0) return [];
  return tx
    .selectFrom("captions")
    .select(["id", "post_id", "network", "text"])
    .where("tenant_id", "=", tenantId)
    .where("post_id", "in", postIds)
    .where("language", "=", locale)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** The caption ids the LinkedIn and X buttons preselect (the first of each network in this language). */
function captionIds(captions: CaptionRow[], postId: string) {
  const first = (network: string) =>
    captions.find((c) => c.post_id === postId && c.network === network)?.id ?? null;
  return { linkedin: first("linkedin"), x: first("x") };
}

/**
 * A published post as a channel message in `locale`: title, the comms lead's note, topics, the
 * preview picture (https only), the caption suggestion in that language (LinkedIn's first, else the
 * first of any network) and the share links with LinkedIn's and X's caption of that language
 * preselected. Undefined when the post does not exist. Nobody's figures (issue 17, privacy).
 */
export async function loadPostMessage(
  tx: Tx,
  tenantId: string,
  postId: string,
  locale: Locale,
): Promise<ChatPostMessage | undefined> {
  const post = await tx
    .selectFrom("posts")
    .select(["id", "title", "body", "preview_image_url"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", postId)
    .executeTakeFirst();
  if (!post) return undefined;
  const tenant = await tenantOf(tx, tenantId);
  const captions = await captionsIn(tx, tenantId, [post.id], locale);
  const caption = captions.find((c) => c.network === "linkedin") ?? captions[0] ?? null;
  const topics = await topicNames(tx, tenantId, [post.id]);
  const base = appUrl();
  return {
    kind: "post",
    locale,
    tenantName: tenant.name,
    post: {
      id: post.id,
      title: post.title,
      body: post.body,
      topics: topics.get(post.id) ?? [],
      imageUrl: httpsOnly(post.preview_image_url),
      caption: caption?.text ?? null,
    },
    links: {
      ...shareLinks(base, tenant.slug, post.id, captionIds(captions, post.id)),
      suggest: suggestUrl(base, tenant.slug),
    },
  };
}

/** The instants a tenant-local week (Monday "YYYY-MM-DD" to the next Monday) covers. */
export function weekBounds(weekOf: string, timeZone: string): { from: Date; to: Date } {
  const from = zonedLocalToDate(`${weekOf}T00:00`, timeZone);
  const to = zonedLocalToDate(`${addDays(weekOf, 7)}T00:00`, timeZone);
  if (!from || !to) throw new Error(`not a day: ${weekOf}`);
  return { from, to };
}

/**
 * The weekly digest of a channel or a person's Slack DM: the posts published in the tenant-local
 * week starting on `weekOf` (a Monday) that are still published and meant for everyone (a channel
 * or a digest does not know who reads it: see announce-post.server.ts), newest first, at most
 * CHAT_DIGEST_MAX_POSTS; with `channelId` of a channel that takes chosen topics, only posts of those
 * topics. Undefined when there is none: an empty digest teaches people to ignore it.
 */
export async function loadDigestMessage(
  tx: Tx,
  tenantId: string,
  weekOf: string,
  locale: Locale,
  now: Date = new Date(),
  opts: { channelId?: string | undefined } = {},
): Promise<ChatDigestMessage | undefined> {
  const tenant = await tenantOf(tx, tenantId);
  const { from, to } = weekBounds(weekOf, tenant.time_zone);
  const posts = await tx
    .selectFrom("posts")
    .select(["id", "title"])
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "published")
    .where("target_all", "=", true)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .where("published_at", ">=", from)
    .where("published_at", "<", to)
    // a channel that takes chosen topics gets only their posts in its digest too
    .$if(opts.channelId !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("post_topics")
            .innerJoin("chat_channel_topics", (j) =>
              j
                .onRef("chat_channel_topics.tenant_id", "=", "post_topics.tenant_id")
                .onRef("chat_channel_topics.topic_id", "=", "post_topics.topic_id"),
            )
            .select("post_topics.post_id")
            .whereRef("post_topics.post_id", "=", "posts.id")
            .where("post_topics.tenant_id", "=", tenantId)
            .where("chat_channel_topics.channel_id", "=", opts.channelId!),
        ),
      ),
    )
    .orderBy("published_at", "desc")
    .orderBy("id")
    .limit(CHAT_DIGEST_MAX_POSTS)
    .execute();
  if (posts.length === 0) return undefined;
  const ids = posts.map((p) => p.id);
  const topics = await topicNames(tx, tenantId, ids);
  const captions = await captionsIn(tx, tenantId, ids, locale);
  const base = appUrl();
  return {
    kind: "digest",
    locale,
    tenantName: tenant.name,
    weekOf,
    posts: posts.map((p) => ({
      id: p.id,
      title: p.title,
      topics: topics.get(p.id) ?? [],
      links: shareLinks(base, tenant.slug, p.id, captionIds(captions, p.id)),
    })),
    links: { hub: hubUrl(base, tenant.slug), suggest: suggestUrl(base, tenant.slug) },
  };
}
