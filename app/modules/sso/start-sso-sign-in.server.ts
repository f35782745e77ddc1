import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { requireSsoKeyring } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { requireIdentityProvider } from "~/app/modules/sso/identity-provider.server.ts";
import {
  SSO_FLOW_TTL_SECONDS,
  ssoFlowCookie,
  type SsoPurpose,
} from "~/app/modules/sso/sso-flow-cookie.server.ts";
import { authorizationUrl, newFlowSecrets } from "~/app/modules/sso/sso-oidc.server.ts";
import { safeReturnTo } from "~/app/modules/sso/sso-sign-in-rules.ts";

export interface StartSsoSignInInput {
  tenant: { id: string; slug: string };
  purpose: SsoPurpose;
  /** the address the person typed: passed to the provider as login_hint */
  loginHint?: string | undefined;
  /** where to land afterwards: only a path under /t/<slug>, anything else lands on /t/<slug> */
  returnTo?: string | undefined;
  /** purpose verify-domain: the claimed domain the sign-in should prove */
  domain?: string | undefined;
}

const HINT = /^[^\s@]{1,200}@[^\s@]{1,200}$/;

/**
 * Sends a person to the tenant's identity provider: returns the provider's URL and the Set-Cookie
 * header of the flow (state, PKCE verifier, nonce, tenant, purpose; sealed, HttpOnly, ten minutes,
 * sent only to /sso/callback). The callback (completeSsoSignIn) finishes it.
 *
 * Purpose "verify-domain" is an admin's action (opts.actor with tenant.sso, of this tenant) and needs
 * a Microsoft or Google provider: a generic issuer cannot prove a domain.
 *
 * Takes `db`: a generic issuer's discovery document is fetched, never inside a transaction.
 */
export async function startSsoSignIn(
  db: DB,
  input: StartSsoSignInInput,
  opts: { actor?: Member; now?: Date } = {},
): Promise<{ url: string; cookie: string }> {
  const now = opts.now ?? new Date();
  const key = requireSsoKeyring();
  let domain: string | undefined;
  if (input.purpose === "verify-domain") {
    const actor = opts.actor;
    if (!actor || actor.tenantId !== input.tenant.id) throw new ForbiddenError("not an admin of this tenant");
    requirePermission(actor, "tenant.sso");
    domain = input.domain?.trim().toLowerCase();
    if (!domain) throw new ValidationError("domain required", { domain: ["required"] });
  }
  const provider = await withTenant(db, input.tenant.id, (tx) =>
    requireIdentityProvider(tx, input.tenant.id),
  );
  if (input.purpose === "verify-domain" && provider.kind === "oidc")
    throw new ConflictError("a generic OpenID provider cannot prove a domain", "sso_no_provider");

  const secrets = newFlowSecrets();
  const loginHint = input.loginHint?.trim();
  const url = await authorizationUrl(provider, secrets, {
    loginHint: loginHint && HINT.test(loginHint) ? loginHint : undefined,
  });
  const cookie = ssoFlowCookie(key, {
    ...secrets,
    tenantId: input.tenant.id,
    tenantSlug: input.tenant.slug,
    providerId: provider.id,
    purpose: input.purpose,
    returnTo: safeReturnTo(input.tenant.slug, input.returnTo),
    ...(domain ? { domain, actorUserId: opts.actor!.userId } : {}),
    expires: now.getTime() + SSO_FLOW_TTL_SECONDS * 1000,
  });
  return { url: url.toString(), cookie };
}
