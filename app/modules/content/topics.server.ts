import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type {
  CreateTopicInput,
  DeleteTopicInput,
  UpdateTopicInput,
} from "~/app/modules/content/topic-schemas.ts";

export interface TopicSummary {
  id: string;
  name: string;
  requiresSecondApproval: boolean;
  postCount: number;
}

export async function listTopics(tx: Tx, tenantId: string): Promise<TopicSummary[]> {
  const rows = await tx
    .selectFrom("topics")
    .select((eb) => [
      "topics.id",
      "topics.name",
      "topics.requires_second_approval",
      eb
        .selectFrom("post_topics")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("post_topics.topic_id", "=", "topics.id")
        .where("post_topics.tenant_id", "=", tenantId)
        .as("post_count"),
    ])
    .where("topics.tenant_id", "=", tenantId)
    .orderBy("topics.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    requiresSecondApproval: r.requires_second_approval,
    postCount: r.post_count ?? 0,
  }));
}

/**
 * "Legal" and "legal" would look like one topic in every checkbox list: names clash
 * case-insensitively. Checked before writing, since a unique violation would abort the caller's transaction.
 */
async function assertNameFree(tx: Tx, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = tx
    .selectFrom("topics")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) throw new ConflictError("topic name taken", "topic_exists");
}

export async function createTopic(tx: Tx, actor: Member, input: CreateTopicInput): Promise<{ id: string }> {
  requirePermission(actor, "topics.manage");
  await assertNameFree(tx, actor.tenantId, input.name);
  const topic = await tx
    .insertInto("topics")
    .values({
      tenant_id: actor.tenantId,
      name: input.name,
      requires_second_approval: input.requiresSecondApproval,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "topic.created",
    subject: topic.id,
    data: { ...input },
  });
  return topic;
}

/** Renames a topic and sets its second-approval rule (it applies to approvals from now on). */
export async function updateTopic(tx: Tx, actor: Member, input: UpdateTopicInput): Promise<void> {
  requirePermission(actor, "topics.manage");
  await assertNameFree(tx, actor.tenantId, input.name, input.topicId);
  const set = { name: input.name, requires_second_approval: input.requiresSecondApproval };
  const result = await tx
    .updateTable("topics")
    .set(set)
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", input.topicId)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("topic");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "topic.updated",
    subject: input.topicId,
    data: { ...input },
  });
}

/** Deletes a topic; posts simply lose it (post_topics cascade). */
export async function deleteTopic(tx: Tx, actor: Member, input: DeleteTopicInput): Promise<void> {
  requirePermission(actor, "topics.manage");
  const gone = await tx
    .deleteFrom("topics")
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", input.topicId)
    .returning("name")
    .executeTakeFirst();
  if (!gone) throw new NotFoundError("topic");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "topic.deleted",
    subject: input.topicId,
    data: { name: gone.name },
  });
}
