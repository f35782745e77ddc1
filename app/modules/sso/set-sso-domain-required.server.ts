import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { SetSsoDomainRequiredInput } from "~/app/modules/sso/sso-schemas.ts";

/**
 * Requires single sign-on for a verified domain's addresses (magic links refused, at request and at
 * redemption), or lifts it. Only a verified domain (the table's CHECK says so too), and only while
 * the tenant has an enabled provider: otherwise the domain's people could not sign in at all.
 * Only a domain verified by DNS: a sign-in proves that one person of the domain has an account at
 * the directory (any Workspace user carries `hd`), not that the tenant speaks for the domain, and
 * require-SSO takes magic links away from that domain's people in every company.
 */
export async function setSsoDomainRequired(
  tx: Tx,
  actor: Member,
  input: SetSsoDomainRequiredInput,
): Promise<void> {
  requirePermission(actor, "tenant.sso");
  const { domain, required } = parseInput(SetSsoDomainRequiredInput, input, "invalid domain");
  const row = await tx
    .selectFrom("sso_domains")
    .select(["domain", "verified_at", "verified_by", "require_sso"])
    .where("tenant_id", "=", actor.tenantId)
    .where("domain", "=", domain.toLowerCase())
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("domain");
  if (row.require_sso === required) return;
  if (required) {
    if (!row.verified_at) throw new ConflictError(`${row.domain} is not verified`, "sso_domain_unverified");
    if (row.verified_by !== "dns")
      throw new ConflictError(
        `${row.domain} is verified by a sign-in, not by DNS`,
        "sso_domain_dns_required",
      );
    const provider = await tx
      .selectFrom("identity_providers")
      .select("id")
      .where("tenant_id", "=", actor.tenantId)
      .where("enabled", "=", true)
      .executeTakeFirst();
    if (!provider) throw new ConflictError("no enabled identity provider", "sso_no_provider");
  }
  await tx
    .updateTable("sso_domains")
    .set({ require_sso: required })
    .where("tenant_id", "=", actor.tenantId)
    .where("domain", "=", row.domain)
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: required ? "sso.domain_sso_required" : "sso.domain_sso_optional",
    subject: row.domain,
  });
}
