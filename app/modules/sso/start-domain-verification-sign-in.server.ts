import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { SsoDomainInput } from "~/app/modules/sso/sso-schemas.ts";
import { startSsoSignIn } from "~/app/modules/sso/start-sso-sign-in.server.ts";

/**
 * "Verify by signing in": sends the admin to the tenant's Microsoft or Google provider
 * (startSsoSignIn, purpose verify-domain); the callback verifies the claim when the provider vouches
 * for an address of the domain. A generic OIDC provider cannot prove a domain (any issuer may claim
 * any address): sso_no_provider. Returns where to go and the flow's cookie; the admin comes back to
 * the SSO page.
 */
export async function startDomainVerificationSignIn(
  db: DB,
  actor: Member,
  tenant: TenantInfo,
  input: { domain: string },
): Promise<{ url: string; cookie: string }> {
  requirePermission(actor, "tenant.sso");
  const { domain } = parseInput(SsoDomainInput, input, "invalid domain");
  // only a domain the tenant claims (and has not verified yet) is worth a trip to the provider
  const claim = await withTenant(db, actor.tenantId, (tx) =>
    tx
      .selectFrom("sso_domains")
      .select(["domain", "verified_at"])
      .where("tenant_id", "=", actor.tenantId)
      .where("domain", "=", domain.toLowerCase())
      .executeTakeFirst(),
  );
  if (!claim) throw new NotFoundError("domain");
  return startSsoSignIn(
    db,
    {
      tenant: { id: tenant.id, slug: tenant.slug },
      purpose: "verify-domain",
      domain: claim.domain,
      loginHint: undefined,
      returnTo: `/t/${tenant.slug}/admin/sso`,
    },
    { actor },
  );
}
