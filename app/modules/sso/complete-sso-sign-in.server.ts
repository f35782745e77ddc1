import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { serializeSessionCookie } from "~/app/modules/auth/cookie.server.ts";
import { getSession } from "~/app/modules/auth/require.server.ts";
import { findMembership } from "~/app/modules/tenancy/find-membership.server.ts";
import { requireSsoKeyring } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { requireIdentityProvider } from "~/app/modules/sso/identity-provider.server.ts";
import { SsoError } from "~/app/modules/sso/sso-error.ts";
import { readSsoFlow, type SsoPurpose } from "~/app/modules/sso/sso-flow-cookie.server.ts";
import { redeemAuthorizationCode, sameSecret } from "~/app/modules/sso/sso-oidc.server.ts";
import { identityFromClaims, safeReturnTo } from "~/app/modules/sso/sso-sign-in-rules.ts";
import { signInWithSso } from "~/app/modules/sso/sign-in-with-sso.server.ts";
import { verifySsoDomainBySignIn } from "~/app/modules/sso/verify-sso-domain-by-sign-in.server.ts";

export interface SsoCallbackOutcome {
  purpose: SsoPurpose;
  tenantId: string;
  /** a path under /t/<slug> */
  redirectTo: string;
  /** sign-in: the new session's Set-Cookie header */
  sessionCookie?: string;
  /** verify-domain: the domain now verified */
  verifiedDomain?: string;
}

/**
 * The callback of a flow startSsoSignIn began (GET /sso/callback): the state must be the one sealed
 * in the flow's cookie (constant time; the cookie lives ten minutes and says which tenant and
 * provider the flow belongs to), then the code is exchanged and the ID token validated
 * (sso-oidc.server.ts) against that tenant's provider, so a state of tenant A never meets tenant B's
 * provider. Then either the sign-in (signInWithSso) or, for an admin's "verify-domain" flow, the
 * domain's verification (the admin must still be signed in, the same person, and an admin).
 *
 * Takes `db` and opens its own transactions: the tenant is known only from the cookie, and the code
 * exchange (a network call) must not hold one.
 */
export async function completeSsoSignIn(
  db: DB,
  request: Request,
  opts: { now?: Date } = {},
): Promise<SsoCallbackOutcome> {
  const now = opts.now ?? new Date();
  const key = requireSsoKeyring();
  const params = new URL(request.url).searchParams;
  const flow = readSsoFlow(request, key);
  const state = params.get("state");
  if (!flow || !state || !sameSecret(state, flow.state) || flow.expires < now.getTime())
    throw new SsoError(
      "sso_flow_expired",
      flow ? "the state is not the flow's, or the flow expired" : "no flow cookie",
    );

  const provider = await withTenant(db, flow.tenantId, (tx) => requireIdentityProvider(tx, flow.tenantId));
  if (provider.id !== flow.providerId)
    throw new SsoError("sso_flow_expired", "the tenant's provider changed since the flow started");
  const claims = await redeemAuthorizationCode(provider, params, flow);
  const returnTo = safeReturnTo(flow.tenantSlug, flow.returnTo);

  if (flow.purpose === "verify-domain") {
    const session = await getSession(request);
    if (!session || session.user.id !== flow.actorUserId || !flow.domain)
      throw new ForbiddenError("the admin who started the verification is not signed in");
    const found = await findMembership(db, flow.tenantSlug, session.user.id);
    if (!found || found.tenant.id !== flow.tenantId) throw new ForbiddenError("not a member of the tenant");
    const domain = flow.domain;
    await withTenant(db, flow.tenantId, (tx) =>
      verifySsoDomainBySignIn(tx, found.member, { domain, provider, claims }, { now }),
    );
    return { purpose: flow.purpose, tenantId: flow.tenantId, redirectTo: returnTo, verifiedDomain: domain };
  }

  const identity = identityFromClaims(provider, claims);
  if ("problem" in identity) throw new SsoError(identity.problem, `claims refused: ${identity.problem}`);
  const signedIn = await withTenant(db, flow.tenantId, (tx) =>
    signInWithSso(tx, { tenantId: flow.tenantId, provider, identity }, { now }),
  );
  return {
    purpose: flow.purpose,
    tenantId: flow.tenantId,
    redirectTo: returnTo,
    sessionCookie: serializeSessionCookie(signedIn.token, signedIn.expiresAt),
  };
}
