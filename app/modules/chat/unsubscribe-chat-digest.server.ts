import type { Tx } from "~/db/client.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/**
 * The member stops their personal Slack digest. Always possible, also after the company removed
 * its Slack workspace. Their own membership only; idempotent (nothing to stop: nothing changes,
 * nothing is recorded). Audited as chat.digest_unsubscribed.
 */
export async function unsubscribeChatDigest(tx: Tx, actor: Member): Promise<{ changed: boolean }> {
  requirePermission(actor, "tenant.view");
  const deleted = await tx
    .deleteFrom("chat_digest_subscriptions")
    .where("tenant_id", "=", actor.tenantId)
    .where("membership_id", "=", actor.id)
    .where("provider", "=", "slack")
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n) return { changed: false };
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "chat.digest_unsubscribed",
    subject: actor.id,
    data: { provider: "slack" },
  });
  return { changed: true };
}
