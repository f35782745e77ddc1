import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import { tenantsForEmailDomain } from "~/app/modules/sso/sso-required.server.ts";

export interface SsoSignInOption {
  tenantSlug: string;
  tenantName: string;
  kind: IdentityProviderKind;
  /** "Sign in with <displayName>" */
  displayName: string;
}

export interface SsoSignInChoice {
  /** one button per tenant that verified the domain and has an enabled provider */
  options: SsoSignInOption[];
  /** a magic link would be refused for this address */
  requireSso: boolean;
}

/**
 * What the sign-in page offers for an address: its domain's tenants (verified claims only,
 * resolve_sso_domain) with an enabled identity provider. Found by domain alone, so the answer is the
 * same for every address of the domain and says nothing about who has an account; which companies
 * verified a domain is public by design (their people must find the button).
 *
 * Opens one transaction per tenant: it starts from a global key (the e-mail domain) and must find
 * the tenants first; identity_providers is only readable inside its tenant.
 */
export async function findSsoSignInOptions(db: DB, email: string): Promise<SsoSignInChoice> {
  const tenants = await tenantsForEmailDomain(db, email);
  if (tenants.length === 0) return { options: [], requireSso: false };
  const options: SsoSignInOption[] = [];
  for (const { tenantId } of tenants) {
    const option = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("identity_providers as p")
        .innerJoin("tenants as t", "t.id", "p.tenant_id")
        .select(["t.slug", "t.name", "p.kind", "p.display_name"])
        .where("p.tenant_id", "=", tenantId)
        .where("p.enabled", "=", true)
        .executeTakeFirst(),
    );
    if (option)
      options.push({
        tenantSlug: option.slug,
        tenantName: option.name,
        kind: option.kind,
        displayName: option.display_name,
      });
  }
  options.sort((a, b) => a.tenantName.localeCompare(b.tenantName));
  return { options, requireSso: tenants.some((t) => t.requireSso) };
}

/**
 * The tenant's sign-in button by its slug ("Sign in with your company account"); null: none. Its
 * tenant id is for starting the flow, not for a page.
 */
export async function findSsoSignInOptionBySlug(
  db: DB,
  slug: string,
): Promise<(SsoSignInOption & { tenantId: string }) | null> {
  const tenant = await db
    .selectFrom("tenants")
    .select(["id", "slug", "name"])
    .where("slug", "=", slug.trim().toLowerCase())
    .executeTakeFirst();
  if (!tenant) return null;
  const provider = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom("identity_providers")
      .select(["kind", "display_name"])
      .where("tenant_id", "=", tenant.id)
      .where("enabled", "=", true)
      .executeTakeFirst(),
  );
  return provider
    ? {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        tenantName: tenant.name,
        kind: provider.kind,
        displayName: provider.display_name,
      }
    : null;
}
