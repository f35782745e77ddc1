import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import { emailDomain } from "~/app/modules/sso/sso-domain.ts";

/*
 * What a validated ID token must say before Chorus believes it, per kind of provider. Pure rules, no
 * database and no network (tests/unit/sso-sign-in-rules.test.ts). The token's signature, issuer,
 * audience, expiry and nonce are checked before these rules run (sso-oidc.server.ts).
 *
 * Sessions are global (one user, many tenants), so an identity provider may only sign in addresses of
 * the domains its tenant has verified (complete-sso-sign-in.server.ts): that rule, not these, keeps a
 * tenant admin with an issuer of their own from asserting somebody else's address.
 */

/** The claims of a validated ID token (only what the rules read). */
export interface IdTokenClaims {
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  /** Entra */
  oid?: unknown;
  tid?: unknown;
  preferred_username?: unknown;
  idp?: unknown;
  iss?: unknown;
  /** Google */
  hd?: unknown;
}

export interface SsoProviderRules {
  kind: IdentityProviderKind;
  entraTenantId: string | null;
  hostedDomain: string | null;
}

export interface SsoIdentity {
  /** the stable subject: Entra's oid, otherwise sub */
  subject: string;
  /** lower case */
  email: string;
  name: string | null;
}

export type SsoClaimProblem =
  /** the token names another Entra directory or Google Workspace than the one configured */
  | "sso_wrong_directory"
  /** no address, or one the provider says it has not verified */
  | "sso_email_unverified";

/**
 * Entra directory ids that are nobody's company: personal Microsoft accounts (anyone can make one,
 * on any address they once confirmed, and keeps it after leaving the company) and Microsoft's
 * pass-through directory for them. A provider naming one proves no domain and signs in nobody.
 */
export const SHARED_ENTRA_TENANT_IDS: ReadonlySet<string> = new Set([
  "9188040d-6c67-4c5b-b112-36a304b66dad",
  "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
]);

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Who the token is about, or why it is refused.
 *
 * Microsoft: the token's `tid` must be the configured directory; the subject is `oid` (the same for
 * the person across every app of the directory; `sub` differs per app); the address is `email`, else
 * the UPN (`preferred_username`). Entra does not verify `email` (an admin of the directory sets it):
 * the verified-domain rule bounds it to the tenant's own domains.
 * Google: `hd` must be the configured Workspace domain (only Workspace accounts carry it) and
 * `email_verified` must be true.
 * Any other issuer: `email_verified: false` is refused; a token without the claim is accepted (many
 * company issuers leave it out), as again only verified domains of the tenant can be signed in.
 */
export function identityFromClaims(
  provider: SsoProviderRules,
  claims: IdTokenClaims,
): SsoIdentity | { problem: SsoClaimProblem } {
  let subject = text(claims.sub);
  let email = text(claims.email);
  if (provider.kind === "microsoft") {
    const tid = text(claims.tid)?.toLowerCase();
    if (!tid || tid !== provider.entraTenantId?.toLowerCase() || SHARED_ENTRA_TENANT_IDS.has(tid))
      return { problem: "sso_wrong_directory" };
    subject = text(claims.oid);
    email ??= text(claims.preferred_username);
  } else if (provider.kind === "google") {
    const hd = text(claims.hd)?.toLowerCase();
    if (!hd || hd !== provider.hostedDomain?.toLowerCase()) return { problem: "sso_wrong_directory" };
    if (claims.email_verified !== true) return { problem: "sso_email_unverified" };
  } else if (claims.email_verified === false || claims.email_verified === "false") {
    return { problem: "sso_email_unverified" };
  }
  if (!subject) return { problem: "sso_wrong_directory" };
  const address = email?.trim().toLowerCase();
  if (!address || !ADDRESS.test(address) || !emailDomain(address)) return { problem: "sso_email_unverified" };
  return { subject, email: address, name: text(claims.name)?.trim().slice(0, 200) ?? null };
}

/**
 * The e-mail domain a validated token proves the tenant controls, or null. Google: the Workspace
 * domain `hd` (Google verified it for the Workspace, and the tenant's provider names that Workspace).
 * Microsoft: the domain of the UPN, when the token is of the configured directory and about one of
 * its own members (a guest's UPN is their home address, so a token whose `idp` names another issuer
 * proves nothing); Entra only lets a directory use UPN domains it has verified. A generic issuer never
 * proves a domain: the tenant runs it and it may say anything.
 */
export function domainProvenByClaims(provider: SsoProviderRules, claims: IdTokenClaims): string | null {
  if (provider.kind === "google") {
    const hd = text(claims.hd)?.toLowerCase();
    if (!hd || hd !== provider.hostedDomain?.toLowerCase()) return null;
    return emailDomain(`x@${hd}`);
  }
  if (provider.kind === "microsoft") {
    const tid = text(claims.tid)?.toLowerCase();
    if (!tid || tid !== provider.entraTenantId?.toLowerCase() || SHARED_ENTRA_TENANT_IDS.has(tid))
      return null;
    const idp = text(claims.idp);
    if (idp !== undefined && idp !== text(claims.iss)) return null;
    const upn = text(claims.preferred_username)?.toLowerCase();
    if (!upn || !ADDRESS.test(upn)) return null;
    const domain = emailDomain(upn);
    // the directory's own *.onmicrosoft.com names belong to Microsoft, not to the company
    return domain && !domain.endsWith(".onmicrosoft.com") ? domain : null;
  }
  return null;
}

/**
 * Where to land after signing in: a path inside the tenant the flow was started for, else its start
 * page. Anything else (another tenant, another site, "//evil", backslashes) is dropped, not followed.
 */
export function safeReturnTo(tenantSlug: string, returnTo: string | undefined | null): string {
  const home = `/t/${tenantSlug}`;
  if (!returnTo) return home;
  if (returnTo !== home && !returnTo.startsWith(`${home}/`) && !returnTo.startsWith(`${home}?`)) return home;
  // dot segments, percent-encoded ones too: a browser resolves /t/acme/%2e%2e/other to /t/other
  if (/[\\\s]|\/\/|\/(?:\.|%2e){1,2}(?:[/?#]|$)/i.test(returnTo) || returnTo.length > 1000) return home;
  return returnTo;
}
