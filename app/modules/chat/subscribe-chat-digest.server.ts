import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { liveSlackWorkspace } from "~/app/modules/chat/chat-digest-choice.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/**
 * The member asks for the weekly digest as a personal Slack message (issue 17: direct messages only
 * to people who opted in). Their own membership only: there is no input naming anyone else.
 * Only while the company's Slack workspace is added with a live token (else
 * slack_digest_unavailable), only for an active membership. Idempotent: a second request changes
 * nothing and records nothing. Audited as chat.digest_subscribed (in the person's export).
 *
 * The digest job (chat-digests.server.ts) finds the person in Slack by their e-mail address each
 * time it sends (users.lookupByEmail); nothing about their Slack account is stored here.
 */
export async function subscribeChatDigest(tx: Tx, actor: Member): Promise<{ changed: boolean }> {
  requirePermission(actor, "tenant.view");
  if (!(await liveSlackWorkspace(tx, actor.tenantId)))
    throw new ConflictError("the company's Slack workspace is not added", "slack_digest_unavailable");
  const membership = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", actor.id)
    .where("status", "=", "active")
    .forUpdate()
    .executeTakeFirst();
  if (!membership) throw new NotFoundError("member");
  const inserted = await tx
    .insertInto("chat_digest_subscriptions")
    .values({ tenant_id: actor.tenantId, membership_id: actor.id, provider: "slack" })
    .onConflict((oc) => oc.columns(["tenant_id", "membership_id", "provider"]).doNothing())
    .returning("membership_id")
    .executeTakeFirst();
  if (!inserted) return { changed: false };
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "chat.digest_subscribed",
    subject: actor.id,
    data: { provider: "slack" },
  });
  return { changed: true };
}
