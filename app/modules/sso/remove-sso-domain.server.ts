import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { SsoDomainInput } from "~/app/modules/sso/sso-schemas.ts";

/**
 * Gives up a domain claim: its addresses no longer find the tenant's sign-in button, are no longer
 * admitted just in time, and get magic links again (unless another tenant requires SSO for it).
 */
export async function removeSsoDomain(tx: Tx, actor: Member, input: { domain: string }): Promise<void> {
  requirePermission(actor, "tenant.sso");
  const { domain } = parseInput(SsoDomainInput, input, "invalid domain");
  const removed = await tx
    .deleteFrom("sso_domains")
    .where("tenant_id", "=", actor.tenantId)
    .where("domain", "=", domain.toLowerCase())
    .returning(["domain", "verified_at", "require_sso"])
    .executeTakeFirst();
  if (!removed) throw new NotFoundError("domain");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "sso.domain_removed",
    subject: removed.domain,
    data: { wasVerified: removed.verified_at !== null, wasRequired: removed.require_sso },
  });
}
