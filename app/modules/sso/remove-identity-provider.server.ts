import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { unverifyDomainsProvenBySignIn } from "~/app/modules/sso/verify-sso-domain-by-sign-in.server.ts";

/**
 * Disconnects the tenant's identity provider: its sealed secret and the links of people to their
 * provider subjects (sso_identities, by cascade) go with it; people and memberships stay and sign in
 * by magic link again. Require-SSO is switched off on the tenant's domains, which no provider could
 * serve any more; domains verified by DNS stay verified for a provider connected later, those a
 * sign-in through this provider proved do not (unverifyDomainsProvenBySignIn).
 */
export async function removeIdentityProvider(
  tx: Tx,
  actor: Member,
): Promise<{ requireSsoCleared: string[] }> {
  requirePermission(actor, "tenant.sso");
  const removed = await tx
    .deleteFrom("identity_providers")
    .where("tenant_id", "=", actor.tenantId)
    .returning(["id", "kind", "issuer"])
    .executeTakeFirst();
  if (!removed) throw new NotFoundError("identity provider");
  const cleared = await tx
    .updateTable("sso_domains")
    .set({ require_sso: false })
    .where("tenant_id", "=", actor.tenantId)
    .where("require_sso", "=", true)
    .returning("domain")
    .execute();
  const requireSsoCleared = cleared.map((d) => d.domain);
  const unverified = await unverifyDomainsProvenBySignIn(tx, actor.tenantId);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "sso.provider_removed",
    subject: removed.id,
    data: {
      kind: removed.kind,
      issuer: removed.issuer,
      requireSsoCleared,
      ...(unverified.length ? { unverified } : {}),
    },
  });
  return { requireSsoCleared };
}
