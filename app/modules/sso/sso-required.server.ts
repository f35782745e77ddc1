import { sql } from "kysely";
import type { Conn } from "~/db/client.ts";
import { emailDomain } from "~/app/modules/sso/sso-domain.ts";

export interface SsoDomainTenant {
  tenantId: string;
  requireSso: boolean;
}

/**
 * The tenants that verified the address's domain, with whether each requires single sign-on for it.
 * Read before any tenant is known (the sign-in page, a magic link's redemption) through
 * resolve_sso_domain(text), the one SECURITY DEFINER door to sso_domains: verified rows of exactly
 * that domain, nothing else.
 */
export async function tenantsForEmailDomain(conn: Conn, email: string): Promise<SsoDomainTenant[]> {
  const domain = emailDomain(email);
  if (!domain) return [];
  const { rows } = await sql<{ tenant_id: string; require_sso: boolean }>`
    select tenant_id, require_sso from resolve_sso_domain(${domain})`.execute(conn);
  return rows.map((r) => ({ tenantId: r.tenant_id, requireSso: r.require_sso }));
}

/**
 * Whether magic links are refused for this address: some tenant that verified its domain requires
 * single sign-on for it. Depends on the domain only, never on whether the address has an account, so
 * the answer gives nothing away the sign-in page does not show anyway.
 */
export async function ssoRequiredForEmail(conn: Conn, email: string): Promise<boolean> {
  return (await tenantsForEmailDomain(conn, email)).some((t) => t.requireSso);
}
