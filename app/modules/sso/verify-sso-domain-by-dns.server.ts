import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, DomainError, NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { lookupVerification } from "~/app/modules/sso/sso-dns.server.ts";
import { SsoDomainInput } from "~/app/modules/sso/sso-schemas.ts";

export type DomainVerification = { domain: string; verifiedAt: Date; alreadyVerified: boolean };

/**
 * Verifies a claimed domain by its DNS TXT record (sso-dns.server.ts: `_chorus.<domain>` or the
 * domain itself, `chorus-domain-verification=<this claim's token>`). A wrong token, no record, or a
 * DNS failure leave the claim unverified and say which (sso_dns_mismatch, sso_dns_missing,
 * sso_dns_unreachable). A verified domain stays verified when checked again.
 *
 * Takes `db`, not a transaction: the DNS lookup (seconds when a server does not answer) runs between
 * two transactions, never inside one; the write checks that the claim is still the one looked up.
 */
export async function verifySsoDomainByDns(
  db: DB,
  actor: Member,
  input: { domain: string },
  opts: { now?: Date; dnsServers?: readonly string[] } = {},
): Promise<DomainVerification> {
  requirePermission(actor, "tenant.sso");
  const domain = parseInput(SsoDomainInput, input, "invalid domain").domain.toLowerCase();
  const claim = await withTenant(db, actor.tenantId, (tx) =>
    tx
      .selectFrom("sso_domains")
      .select(["domain", "verification_token", "verified_at"])
      .where("tenant_id", "=", actor.tenantId)
      .where("domain", "=", domain)
      .executeTakeFirst(),
  );
  if (!claim) throw new NotFoundError("domain");
  if (claim.verified_at) return { domain, verifiedAt: claim.verified_at, alreadyVerified: true };

  const found = await lookupVerification(domain, claim.verification_token, { servers: opts.dnsServers });
  if (found !== "match") {
    if (found === "unreachable")
      throw new DomainError(`DNS lookup of ${domain} failed`, "sso_dns_unreachable");
    throw new ConflictError(
      found === "mismatch" ? `${domain}: the TXT record has another token` : `${domain}: no TXT record`,
      found === "mismatch" ? "sso_dns_mismatch" : "sso_dns_missing",
    );
  }
  const now = opts.now ?? new Date();
  return withTenant(db, actor.tenantId, async (tx) => {
    const verified = await tx
      .updateTable("sso_domains")
      .set({ verified_at: now, verified_by: "dns" })
      .where("tenant_id", "=", actor.tenantId)
      .where("domain", "=", domain)
      // removed and claimed again meanwhile: a new token, which this lookup did not see
      .where("verification_token", "=", claim.verification_token)
      .where("verified_at", "is", null)
      .returning("verified_at")
      .executeTakeFirst();
    if (!verified) {
      const current = await tx
        .selectFrom("sso_domains")
        .select(["verified_at", "verification_token"])
        .where("tenant_id", "=", actor.tenantId)
        .where("domain", "=", domain)
        .executeTakeFirst();
      if (current?.verified_at && current.verification_token === claim.verification_token)
        return { domain, verifiedAt: current.verified_at, alreadyVerified: true };
      throw new NotFoundError("domain");
    }
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: "sso.domain_verified",
      subject: domain,
      data: { by: "dns" },
    });
    return { domain, verifiedAt: verified.verified_at!, alreadyVerified: false };
  });
}
