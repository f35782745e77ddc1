import { randomBytes } from "node:crypto";
import type { Tx } from "~/db/client.ts";
import { ConflictError, ValidationError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { normaliseSsoDomain, verificationRecord } from "~/app/modules/sso/sso-domain.ts";
import { SsoDomainInput } from "~/app/modules/sso/sso-schemas.ts";

/**
 * Claims an e-mail domain for the tenant's single sign-on. A claim does nothing until it is
 * verified (verify-sso-domain-by-dns, or a sign-in through the tenant's Microsoft or Google provider
 * that proves it). Its verification token is random per claim (128 bits), so one tenant's TXT record
 * never verifies another tenant's claim of the same domain.
 */
export async function addSsoDomain(
  tx: Tx,
  actor: Member,
  input: SsoDomainInput,
  opts: { now?: Date } = {},
): Promise<{ domain: string; record: { name: string; value: string } }> {
  requirePermission(actor, "tenant.sso");
  const value = parseInput(SsoDomainInput, input, "invalid domain");
  const normalised = normaliseSsoDomain(value.domain);
  if ("problem" in normalised)
    throw new ValidationError("not a claimable domain", { domain: [normalised.problem] });
  const { domain } = normalised;
  const token = randomBytes(16).toString("hex");
  const inserted = await tx
    .insertInto("sso_domains")
    .values({
      tenant_id: actor.tenantId,
      domain,
      verification_token: token,
      created_at: opts.now ?? new Date(),
    })
    .onConflict((oc) => oc.columns(["tenant_id", "domain"]).doNothing())
    .returning("domain")
    .executeTakeFirst();
  if (!inserted) throw new ConflictError(`${domain} is claimed already`, "sso_domain_exists");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "sso.domain_added",
    subject: domain,
  });
  return { domain, record: verificationRecord(domain, token) };
}
