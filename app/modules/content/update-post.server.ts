import type { Tx } from "~/db/client.ts";
import type { PostStatus } from "~/db/schema.ts";
import { afterCommit } from "~/db/tenant.ts";
import { enqueue } from "~/jobs/queue.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { queueReviewRequested } from "~/app/modules/content/post-emails.server.ts";
import {
  assertOwnedIds,
  currentSnapshot,
  insertVersion,
  lockPost,
  requireTransition,
  snapshotOf,
  transition,
  unique,
  writeRelations,
  type PostContent,
} from "~/app/modules/content/post-records.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { UpdatePostInput } from "~/app/modules/content/schemas.ts";

export interface UpdateOutcome {
  changed: boolean;
  version: number;
  status: PostStatus;
}

/**
 * Replaces a post's content (captions, topics and teams included). A real change is a new version;
 * an approved or published post goes back to review with it (earlier approvals were for the old
 * version and no longer count). Saving unchanged content does nothing.
 */
export async function updatePost(
  tx: Tx,
  actor: Member,
  input: UpdatePostInput,
  opts: { now?: Date } = {},
): Promise<UpdateOutcome> {
  requirePermission(actor, "content.create");
  const now = opts.now ?? new Date();
  const post = await lockPost(tx, actor.tenantId, input.postId);
  requireTransition(post, "edit");
  await assertOwnedIds(tx, post.tenant_id, input.topicIds, input.teamIds);
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
  const snapshot = snapshotOf(content);
  const previous = await currentSnapshot(tx, post);
  if (previous && canonical(previous) === canonical(snapshot))
    return { changed: false, version: post.version, status: post.status };

  const version = post.version + 1;
  const urlChanged = content.url !== post.url;
  await tx
    .updateTable("posts")
    .set({
      title: content.title,
      body: content.body,
      url: content.url,
      kind: content.url ? "link" : "text",
      ...(urlChanged
        ? {
            preview_status: content.url ? "pending" : "none",
            preview_title: null,
            preview_description: null,
            preview_image_url: null,
            preview_error: null,
          }
        : {}),
      target_all: content.teamIds.length === 0,
      publish_at: content.publishAt,
      expires_at: content.expiresAt,
      version,
      updated_at: now,
    })
    .where("tenant_id", "=", post.tenant_id)
    .where("id", "=", post.id)
    .executeTakeFirstOrThrow();
  await writeRelations(tx, post.tenant_id, post.id, content, true);
  await insertVersion(tx, post.tenant_id, post.id, version, snapshot, actor.id, now);
  await recordAudit(tx, {
    tenantId: post.tenant_id,
    actorUserId: actor.userId,
    action: "post.updated",
    subject: post.id,
    data: { version },
  });
  post.version = version;
  post.title = content.title;

  if (post.status === "approved" || post.status === "published") {
    await transition(tx, post, "edit", { actor, now });
    await queueReviewRequested(tx, post, actor.name);
  }
  if (urlChanged && content.url)
    afterCommit(tx, () =>
      enqueue(
        "fetch-post-preview",
        { tenantId: post.tenant_id, postId: post.id },
        { jobId: `preview-${post.id}-v${version}` },
      ),
    );
  return { changed: true, version, status: post.status };
}

/** JSON with sorted keys: jsonb does not keep key order, so compare canonical forms. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
