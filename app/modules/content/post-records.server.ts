import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Post, PostStatus } from "~/db/schema.ts";
import { ConflictError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { assertCaptionsFitDisclosure } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { nextStatus, type PostAction } from "~/app/modules/content/post-workflow.ts";
import type { CaptionInput } from "~/app/modules/content/schemas.ts";

/** Shared by the post use cases: loading with a row lock, relations, snapshots, transitions. */

/** The action is not allowed in the post's current status (someone else may have moved it). */
export class InvalidTransitionError extends ConflictError {
  constructor(
    readonly from: PostStatus,
    readonly action: PostAction,
  ) {
    super(`cannot ${action} a post that is ${from}`, "invalid_transition");
  }
}

/** The post, locked for this transaction, so two reviewers cannot both move it from the same state. */
export async function lockPost(tx: Tx, tenantId: string, postId: string): Promise<Post> {
  const post = await tx
    .selectFrom("posts")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", postId)
    .forUpdate()
    .executeTakeFirst();
  if (!post) throw new NotFoundError("post");
  return post;
}

export function requireTransition(post: Post, action: PostAction): PostStatus {
  const to = nextStatus(post.status, action);
  if (!to) throw new InvalidTransitionError(post.status, action);
  return to;
}

/**
 * Moves a locked post along the state machine: the status update (guarded by the old status and
 * checked by its count), the transition row and an audit event.
 */
export async function transition(
  tx: Tx,
  post: Post,
  action: PostAction,
  opts: {
    actor: Member | null;
    reason?: string | null;
    now?: Date;
    set?: { published_at?: Date; rejection_reason?: string | null };
  },
): Promise<PostStatus> {
  const to = requireTransition(post, action);
  const now = opts.now ?? new Date();
  const result = await tx
    .updateTable("posts")
    .set({ status: to, updated_at: now, ...opts.set })
    .where("tenant_id", "=", post.tenant_id)
    .where("id", "=", post.id)
    .where("status", "=", post.status)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new InvalidTransitionError(post.status, action);
  await recordTransition(tx, {
    post,
    version: post.version,
    from: post.status,
    to,
    action,
    actorId: opts.actor?.id ?? null,
    reason: opts.reason ?? null,
    now,
  });
  await recordAudit(tx, {
    tenantId: post.tenant_id,
    actorUserId: opts.actor?.userId ?? null,
    action: `post.${action}`,
    subject: post.id,
    data: { from: post.status, to },
  });
  post.status = to;
  return to;
}

export async function recordTransition(
  tx: Tx,
  t: {
    post: Pick<Post, "id" | "tenant_id">;
    version: number;
    from: PostStatus;
    to: PostStatus;
    action: string;
    actorId: string | null;
    reason?: string | null;
    now?: Date;
  },
): Promise<void> {
  await tx
    .insertInto("post_transitions")
    .values({
      tenant_id: t.post.tenant_id,
      post_id: t.post.id,
      version: t.version,
      from_status: t.from,
      to_status: t.to,
      action: t.action,
      actor_id: t.actorId,
      reason: t.reason ?? null,
      ...(t.now ? { created_at: t.now } : {}),
    })
    .execute();
}

/** Topic and team ids must be this tenant's: a foreign id is a field error, never a silent link. */
export async function assertOwnedIds(
  tx: Tx,
  tenantId: string,
  topicIds: readonly string[],
  teamIds: readonly string[],
): Promise<void> {
  const topics = unique(topicIds);
  const teams = unique(teamIds);
  if (topics.length > 0) {
    const found = await tx
      .selectFrom("topics")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("id", "in", topics)
      .execute();
    if (found.length !== topics.length)
      throw new ValidationError("unknown topic", { topicIds: ["topicUnknown"] });
  }
  if (teams.length > 0) {
    const found = await tx
      .selectFrom("teams")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("id", "in", teams)
      .execute();
    if (found.length !== teams.length)
      throw new ValidationError("unknown team", { teamIds: ["teamUnknown"] });
  }
}

export function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export interface PostContent {
  title: string;
  url: string | null;
  body: string;
  publishAt: Date | null;
  expiresAt: Date | null;
  topicIds: string[];
  teamIds: string[];
  captions: CaptionInput[];
}

/** The content as stored in post_versions.snapshot; also what "did the content change" compares. */
export function snapshotOf(c: PostContent): Record<string, unknown> {
  return {
    title: c.title,
    url: c.url,
    body: c.body,
    publishAt: c.publishAt?.toISOString() ?? null,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    topicIds: unique(c.topicIds).sort(),
    teamIds: unique(c.teamIds).sort(),
    captions: c.captions.map((cap) => ({
      network: cap.network,
      language: cap.language,
      addressForm: cap.addressForm ?? null,
      text: cap.text,
    })),
  };
}

/** Replaces captions, topics and teams of a post (captions keep the given order as position). */
export async function writeRelations(
  tx: Tx,
  tenantId: string,
  postId: string,
  c: PostContent,
  replace: boolean,
): Promise<void> {
  // each caption with the disclosure label the share page will append must fit its network (issue 13)
  await assertCaptionsFitDisclosure(tx, tenantId, c.captions);
  if (replace) {
    await tx.deleteFrom("captions").where("tenant_id", "=", tenantId).where("post_id", "=", postId).execute();
    await tx
      .deleteFrom("post_topics")
      .where("tenant_id", "=", tenantId)
      .where("post_id", "=", postId)
      .execute();
    await tx
      .deleteFrom("post_teams")
      .where("tenant_id", "=", tenantId)
      .where("post_id", "=", postId)
      .execute();
  }
  if (c.captions.length > 0) {
    await tx
      .insertInto("captions")
      .values(
        c.captions.map((cap, position) => ({
          tenant_id: tenantId,
          post_id: postId,
          network: cap.network,
          language: cap.language,
          address_form: cap.language === "de" ? (cap.addressForm ?? null) : null,
          text: cap.text,
          position,
        })),
      )
      .execute();
  }
  const topics = unique(c.topicIds);
  if (topics.length > 0)
    await tx
      .insertInto("post_topics")
      .values(topics.map((topic_id) => ({ tenant_id: tenantId, post_id: postId, topic_id })))
      .execute();
  const teams = unique(c.teamIds);
  if (teams.length > 0)
    await tx
      .insertInto("post_teams")
      .values(teams.map((team_id) => ({ tenant_id: tenantId, post_id: postId, team_id })))
      .execute();
}

export async function insertVersion(
  tx: Tx,
  tenantId: string,
  postId: string,
  version: number,
  snapshot: Record<string, unknown>,
  createdBy: string | null,
  now?: Date,
): Promise<void> {
  await tx
    .insertInto("post_versions")
    .values({
      tenant_id: tenantId,
      post_id: postId,
      version,
      snapshot: JSON.stringify(snapshot),
      created_by: createdBy,
      ...(now ? { created_at: now } : {}),
    })
    .execute();
}

/** The snapshot of the post's current version (for "did anything change"). */
export async function currentSnapshot(
  tx: Tx,
  post: Pick<Post, "id" | "tenant_id" | "version">,
): Promise<Record<string, unknown> | undefined> {
  const row = await tx
    .selectFrom("post_versions")
    .select("snapshot")
    .where("tenant_id", "=", post.tenant_id)
    .where("post_id", "=", post.id)
    .where("version", "=", post.version)
    .executeTakeFirst();
  return row?.snapshot;
}

/** Does any of the post's topics need a second approval? */
export async function needsSecondApproval(tx: Tx, tenantId: string, postId: string): Promise<boolean> {
  const row = await tx
    .selectFrom("post_topics")
    .innerJoin("topics", (j) =>
      j
        .onRef("topics.id", "=", "post_topics.topic_id")
        .onRef("topics.tenant_id", "=", "post_topics.tenant_id"),
    )
    .select(sql<number>`count(*)::int`.as("n"))
    .where("post_topics.tenant_id", "=", tenantId)
    .where("post_topics.post_id", "=", postId)
    .where("topics.requires_second_approval", "=", true)
    .executeTakeFirstOrThrow();
  return row.n > 0;
}
