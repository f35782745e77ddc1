import { sql } from "kysely";
import type { Tx } from "../../../db/client.ts";
import { enqueue } from "../../../jobs/queue.ts";
import { insertVersion, assertOwnedIds, recordTransition, snapshotOf, unique, writeRelations, type PostContent } from "../content/post-records.server.ts";
import type { CreatePostInput } from "../content/schemas.ts";
import { slugify } from "../content/slug.ts";
import { recordAudit } from "../tenancy/audit.server.ts";

/** Who acts when a post arrives through the public API: a tenant's token, not a person. */
export interface ApiActor {
  tenantId: string;
  tokenId: string;
}

const SLUG_MAX = 60;

/**
 * createPost (app/modules/content/create-post.server.ts) for an API token. That use case takes a
 * Member and writes its membership id as author and its user id into the audit log; a token has
 * neither, and inventing a Member (or attributing the post to whoever created the token, who then
 * could not approve it) would falsify the history. So this adapter writes the same rows from the same
 * lower-level pieces with no author (author_id, version created_by and transition actor are null) and
 * names the token in the audit event.
 *
 * TODO(content): once createPost accepts `Member | ApiActor`, replace this body with that call; the
 * insert and uniqueSlug below are copies of createPost's and must follow it until then.
 */
export async function createPostViaApi(tx: Tx, actor: ApiActor, input: CreatePostInput, opts: { now?: Date } = {}): Promise<{ id: string; slug: string }> {
  const { tenantId } = actor;
  const now = opts.now ?? new Date();
  await assertOwnedIds(tx, tenantId, input.topicIds, input.teamIds);
  const content: PostContent = {
    title: input.title,
    url: input.url ?? null,
    body: input.body,
    publishAt: input.publishAt ?? null,
    expiresAt: input.expiresAt ?? null,
    topicIds: unique(input.topicIds),
    teamIds: unique(input.teamIds),
    captions: input.captions,
  };
  const slug = await uniqueSlug(tx, tenantId, input.title);
  const isLink = content.url !== null;
  const post = await tx
    .insertInto("posts")
    .values({
      tenant_id: tenantId,
      slug,
      kind: isLink ? "link" : "text",
      title: content.title,
      body: content.body,
      url: content.url,
      preview_status: isLink ? "pending" : "none",
      status: "draft",
      target_all: content.teamIds.length === 0,
      publish_at: content.publishAt,
      expires_at: content.expiresAt,
      author_id: null,
      source_suggestion_id: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning(["id", "tenant_id"])
    .executeTakeFirstOrThrow();
  await writeRelations(tx, tenantId, post.id, content, false);
  await insertVersion(tx, tenantId, post.id, 1, snapshotOf(content), null, now);
  await recordTransition(tx, { post, version: 1, from: "draft", to: "draft", action: "create", actorId: null, now });
  await recordAudit(tx, { tenantId, actorUserId: null, action: "post.created", subject: post.id, data: { title: content.title, slug, sourceSuggestionId: null, via: "api", apiTokenId: actor.tokenId } });
  // The preview job is enqueued by the caller after commit (see enqueuePreview): enqueued inside the
  // transaction, an in-process or fast worker runs it before the post is visible and skips it.
  return { id: post.id, slug };
}

/** Copy of createPost's: the title's slug, made unique in the tenant with -2, -3, … */
async function uniqueSlug(tx: Tx, tenantId: string, title: string): Promise<string> {
  const base = slugify(title, SLUG_MAX) || "post";
  const taken = new Set(
    (
      await tx
        .selectFrom("posts")
        .select("slug")
        .where("tenant_id", "=", tenantId)
        .where(sql<boolean>`left(slug, ${Math.min(base.length, SLUG_MAX - 4)}) = ${base.slice(0, SLUG_MAX - 4)}`)
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Asks the background job for a link post's Open Graph preview; call after the post's transaction committed. */
export async function enqueuePreview(tenantId: string, postId: string): Promise<void> {
  await enqueue("fetch-post-preview", { tenantId, postId }, { jobId: `preview-${postId}` });
}
