import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { SsoError } from "~/app/modules/sso/sso-error.ts";
import {
  domainProvenByClaims,
  type IdTokenClaims,
  type SsoProviderRules,
} from "~/app/modules/sso/sso-sign-in-rules.ts";

/**
 * Verifies a claimed domain of the tenant by a sign-in through its Microsoft or Google provider (the
 * callback of a "verify-domain" flow an admin started): the validated ID token must prove exactly
 * this domain (domainProvenByClaims: Google's hd, Entra's UPN domain of the configured directory). A
 * generic issuer never proves one. Already verified: nothing changes.
 */
export async function verifySsoDomainBySignIn(
  tx: Tx,
  actor: Member,
  input: { domain: string; provider: SsoProviderRules & { id: string }; claims: IdTokenClaims },
  opts: { now?: Date } = {},
): Promise<{ domain: string; alreadyVerified: boolean }> {
  requirePermission(actor, "tenant.sso");
  const proven = domainProvenByClaims(input.provider, input.claims);
  if (!proven || proven !== input.domain)
    throw new SsoError(
      "sso_domain_not_proven",
      `the sign-in proves ${proven ?? "no domain"}, not ${input.domain}`,
    );
  const claim = await tx
    .selectFrom("sso_domains")
    .select("verified_at")
    .where("tenant_id", "=", actor.tenantId)
    .where("domain", "=", input.domain)
    .executeTakeFirst();
  if (!claim) throw new NotFoundError("domain");
  if (claim.verified_at) return { domain: input.domain, alreadyVerified: true };
  await tx
    .updateTable("sso_domains")
    .set({ verified_at: opts.now ?? new Date(), verified_by: "sso" })
    .where("tenant_id", "=", actor.tenantId)
    .where("domain", "=", input.domain)
    .where("verified_at", "is", null)
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "sso.domain_verified",
    subject: input.domain,
    data: { by: "sso", providerId: input.provider.id, kind: input.provider.kind },
  });
  return { domain: input.domain, alreadyVerified: false };
}

/**
 * The tenant's domains verified by a sign-in lose it (and require-SSO with it) when the provider that
 * proved them goes or becomes another directory or issuer: a sign-in proves only that somebody of that
 * directory signed in, so the domain stays proven for sign-ins that directory authenticates, never for
 * an issuer the tenant runs itself. Domains verified by DNS stay. Returns the domains.
 */
export async function unverifyDomainsProvenBySignIn(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .updateTable("sso_domains")
    .set({ verified_at: null, verified_by: null, require_sso: false })
    .where("tenant_id", "=", tenantId)
    .where("verified_by", "=", "sso")
    .returning("domain")
    .execute();
  return rows.map((r) => r.domain);
}
