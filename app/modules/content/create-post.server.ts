import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { enqueue } from "~/jobs/queue.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import {
  assertOwnedIds,
  insertVersion,
  recordTransition,
  snapshotOf,
  unique,
  writeRelations,
  type PostContent,
} from "~/app/modules/content/post-records.server.ts";
import type { CreatePostInput } from "~/app/modules/content/schemas.ts";
import { slugify } from "~/app/modules/content/slug.ts";

const SLUG_MAX = 60;

/**
 * A post that arrives through the public API: a tenant's token acts, not a person. The post has no
 * author (so every comms lead may approve it) and the audit event names the token.
 */
export interface ApiActor {
  kind: "api";
  tenantId: string;
  tokenId: string;
}

/**
 * A new draft (version 1). The caller owns the transaction (opened by withTenant); the input is
 * already parsed (CreatePostInput). A link post gets its preview fetched by a background job, queued
 * once the transaction has committed so the job can see the post.
 */
export async function createPost(
  tx: Tx,
  actor: Member | ApiActor,
  input: CreatePostInput,
  opts: { sourceSuggestionId?: string; now?: Date } = {},
): Promise<{ id: string; slug: string }> {
  const tenantId = actor.tenantId;
  const member = "kind" in actor ? null : actor;
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
      author_id: member?.id ?? null,
      source_suggestion_id: opts.sourceSuggestionId ?? null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning(["id", "tenant_id"])
    .executeTakeFirstOrThrow();
  await writeRelations(tx, tenantId, post.id, content, false);
  await insertVersion(tx, tenantId, post.id, 1, snapshotOf(content), member?.id ?? null, now);
  await recordTransition(tx, {
    post,
    version: 1,
    from: "draft",
    to: "draft",
    action: "create",
    actorId: member?.id ?? null,
    now,
  });
  await recordAudit(tx, {
    tenantId,
    actorUserId: member?.userId ?? null,
    action: "post.created",
    subject: post.id,
    data: {
      title: content.title,
      slug,
      sourceSuggestionId: opts.sourceSuggestionId ?? null,
      ...(member ? {} : { via: "api", apiTokenId: (actor as ApiActor).tokenId }),
    },
  });
  if (isLink)
    afterCommit(tx, () =>
      enqueue("fetch-post-preview", { tenantId, postId: post.id }, { jobId: `preview-${post.id}` }),
    );
  return { id: post.id, slug };
}

/** The title's slug, made unique in the tenant with -2, -3, … (kept within SLUG_MAX). */
async function uniqueSlug(tx: Tx, tenantId: string, title: string): Promise<string> {
  const base = slugify(title, SLUG_MAX) || "post";
  const taken = new Set(
    (
      await tx
        .selectFrom("posts")
        .select("slug")
        .where("tenant_id", "=", tenantId)
        .where(
          sql<boolean>`left(slug, ${Math.min(base.length, SLUG_MAX - 4)}) = ${base.slice(0, SLUG_MAX - 4)}`,
        )
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
