import { timingSafeEqual } from "node:crypto";
import {
  CodeChallengeMethod,
  Google,
  MicrosoftEntraId,
  OAuth2Client,
  OAuth2RequestError,
  generateCodeVerifier,
  generateState,
  type OAuth2Tokens,
} from "arctic";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { appUrl } from "~/app/lib/env.server.ts";
import { SsoError } from "~/app/modules/sso/sso-error.ts";
import { checkDiscoveryUrl, issuerFetch } from "~/app/modules/sso/oidc-discovery.server.ts";
import { SSO_SCOPES } from "~/app/modules/sso/sso-schemas.ts";
import type { IdTokenClaims } from "~/app/modules/sso/sso-sign-in-rules.ts";
import type { SsoProvider } from "~/app/modules/sso/identity-provider.server.ts";

/*
 * The OpenID Connect protocol of a sign-in: the authorization URL (code flow with PKCE S256, state
 * and nonce) and the callback's code exchange with a validated ID token.
 *
 * Microsoft Entra ID and Google go through arctic (MicrosoftEntraId, Google), which exchanges the code
 * but does not look inside the ID token: jose checks it against the issuer's JWKS (signature, issuer,
 * audience, expiry, age), and the nonce is compared here. Any other issuer goes through openid-client
 * (discovery, PKCE, state, RFC 9207 `iss`, nonce, ID token claims), with its non-repudiation checks
 * on so the ID token's signature is verified against the JWKS too (by default it trusts the TLS
 * channel of the token endpoint and does not).
 *
 * SSO_MICROSOFT_AUTHORITY / SSO_GOOGLE_AUTHORITY (development and tests only; refused in
 * production, app/lib/env.server.ts) point Microsoft and Google at a local provider with their paths
 * (tests/fakes/oidc-provider.ts). arctic's classes hard-code their hosts, so with an override the
 * same requests go through arctic's generic OAuth2Client.
 */

const MICROSOFT_AUTHORITY = "https://login.microsoftonline.com";
const GOOGLE = {
  authorization: "https://accounts.google.com/o/oauth2/v2/auth",
  token: "https://oauth2.googleapis.com/token",
  jwks: "https://www.googleapis.com/oauth2/v3/certs",
  issuer: "https://accounts.google.com",
};
/** An ID token older than this (by iat) is refused even before it expires: it was just issued. */
const MAX_TOKEN_AGE = "10 minutes";
/** Clocks of IdPs and servers drift a little. */
const CLOCK_TOLERANCE_SECONDS = 60;
const TIMEOUT_SECONDS = 10;

/** The one redirect URI for every tenant (registered in each provider's app). */
export function ssoRedirectUri(): string {
  return `${appUrl()}/sso/callback`;
}

/** Overrides of Microsoft's and Google's hosts (tests); read per call, refused in production. */
function authorityOverride(name: "SSO_MICROSOFT_AUTHORITY" | "SSO_GOOGLE_AUTHORITY"): string | undefined {
  const value = process.env[name]?.trim();
  if (!value) return undefined;
  if (process.env.NODE_ENV === "production") throw new Error(`${name} is for development and tests only`);
  return value.replace(/\/$/, "");
}

interface Endpoints {
  authorization: string;
  token: string;
  jwks: string;
  /** what the ID token's iss must be */
  issuer: string;
  /** an override is set: arctic's generic client instead of the provider class */
  overridden: boolean;
}

function endpoints(provider: SsoProvider): Endpoints {
  if (provider.kind === "microsoft") {
    const override = authorityOverride("SSO_MICROSOFT_AUTHORITY");
    const base = `${override ?? MICROSOFT_AUTHORITY}/${encodeURIComponent(provider.entraTenantId ?? "")}`;
    return {
      authorization: `${base}/oauth2/v2.0/authorize`,
      token: `${base}/oauth2/v2.0/token`,
      jwks: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      overridden: override !== undefined,
    };
  }
  const override = authorityOverride("SSO_GOOGLE_AUTHORITY");
  return override
    ? {
        authorization: `${override}/o/oauth2/v2/auth`,
        token: `${override}/token`,
        jwks: `${override}/oauth2/v3/certs`,
        issuer: override,
        overridden: true,
      }
    : { ...GOOGLE, overridden: false };
}

export interface FlowSecrets {
  state: string;
  verifier: string;
  nonce: string;
}

export function newFlowSecrets(): FlowSecrets {
  return { state: generateState(), verifier: generateCodeVerifier(), nonce: oidc.randomNonce() };
}

/** Constant-time comparison of two strings (state, nonce). */
export function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== "string") return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function arcticClient(provider: SsoProvider, ep: Endpoints) {
  const redirect = ssoRedirectUri();
  if (ep.overridden) {
    const client = new OAuth2Client(provider.clientId, provider.clientSecret, redirect);
    return {
      url: (state: string, verifier: string) =>
        client.createAuthorizationURLWithPKCE(ep.authorization, state, CodeChallengeMethod.S256, verifier, [
          ...SSO_SCOPES,
        ]),
      redeem: (code: string, verifier: string) => client.validateAuthorizationCode(ep.token, code, verifier),
    };
  }
  const client =
    provider.kind === "microsoft"
      ? new MicrosoftEntraId(provider.entraTenantId ?? "", provider.clientId, provider.clientSecret, redirect)
      : new Google(provider.clientId, provider.clientSecret, redirect);
  return {
    url: (state: string, verifier: string) => client.createAuthorizationURL(state, verifier, [...SSO_SCOPES]),
    redeem: (code: string, verifier: string) => client.validateAuthorizationCode(code, verifier),
  };
}

async function discover(provider: SsoProvider): Promise<oidc.Configuration> {
  const url = provider.discoveryUrl ? checkDiscoveryUrl(provider.discoveryUrl) : null;
  if (!url) throw new SsoError("sso_token_failed", "the provider's discovery URL is not usable");
  try {
    const config = await oidc.discovery(
      url,
      provider.clientId,
      { redirect_uris: [ssoRedirectUri()] },
      oidc.ClientSecretBasic(provider.clientSecret),
      {
        // checkDiscoveryUrl admits http only to loopback, only where that is allowed (development, tests, e2e)
        execute: [
          ...(url.protocol === "http:" ? [oidc.allowInsecureRequests] : []),
          oidc.enableNonRepudiationChecks,
        ],
        timeout: TIMEOUT_SECONDS,
        // every request to the issuer: public addresses only, no redirects, a byte cap
        [oidc.customFetch]: issuerFetch,
      },
    );
    if (config.serverMetadata().issuer !== provider.issuer)
      throw new SsoError(
        "sso_token_invalid",
        `the discovery document names issuer ${config.serverMetadata().issuer}, the provider ${provider.issuer}`,
      );
    return config;
  } catch (error) {
    if (error instanceof SsoError) throw error;
    throw new SsoError("sso_token_failed", `discovery failed: ${(error as Error).message}`);
  }
}

/** The provider's sign-in page for this flow. */
export async function authorizationUrl(
  provider: SsoProvider,
  secrets: FlowSecrets,
  opts: { loginHint?: string | undefined },
): Promise<URL> {
  if (provider.kind === "oidc") {
    const config = await discover(provider);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: ssoRedirectUri(),
      scope: SSO_SCOPES.join(" "),
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.verifier),
      code_challenge_method: "S256",
      state: secrets.state,
      nonce: secrets.nonce,
      ...(opts.loginHint ? { login_hint: opts.loginHint } : {}),
    });
  }
  const url = arcticClient(provider, endpoints(provider)).url(secrets.state, secrets.verifier);
  url.searchParams.set("nonce", secrets.nonce);
  if (opts.loginHint) url.searchParams.set("login_hint", opts.loginHint);
  // Google's account chooser shows only accounts of the Workspace (a hint; the hd claim decides)
  if (provider.kind === "google" && provider.hostedDomain) url.searchParams.set("hd", provider.hostedDomain);
  return url;
}

/** JWKS sets by URL: jose caches the keys inside and refetches on an unknown kid (with a cooldown). */
const jwksSets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function jwks(url: string) {
  let set = jwksSets.get(url);
  if (!set) {
    if (jwksSets.size >= 200) jwksSets.clear();
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: TIMEOUT_SECONDS * 1000 });
    jwksSets.set(url, set);
  }
  return set;
}

/**
 * Exchanges the callback's code (with the PKCE verifier) and returns the ID token's claims once the
 * token is validated. The state was compared with the flow's cookie before (and openid-client
 * compares it again). Throws SsoError: sso_denied (the IdP answered with an error), sso_token_failed
 * (the exchange failed), sso_token_invalid (the ID token is not for us, not from the issuer, expired,
 * or of another flow).
 */
export async function redeemAuthorizationCode(
  provider: SsoProvider,
  params: URLSearchParams,
  secrets: FlowSecrets,
): Promise<IdTokenClaims> {
  if (params.get("error"))
    throw new SsoError(
      "sso_denied",
      `the provider answered ${params.get("error")}: ${params.get("error_description") ?? ""}`,
    );
  if (provider.kind === "oidc") return redeemWithOpenIdClient(provider, params, secrets);

  const ep = endpoints(provider);
  if (provider.issuer !== ep.issuer)
    throw new SsoError("sso_token_invalid", `the provider's issuer ${provider.issuer} is not ${ep.issuer}`);
  const code = params.get("code");
  if (!code) throw new SsoError("sso_token_failed", "no authorization code");
  let tokens: OAuth2Tokens;
  try {
    tokens = await arcticClient(provider, ep).redeem(code, secrets.verifier);
  } catch (error) {
    const detail =
      error instanceof OAuth2RequestError ? `${error.code} ${error.description ?? ""}` : String(error);
    throw new SsoError("sso_token_failed", `code exchange failed: ${detail}`);
  }
  let idToken: string;
  try {
    idToken = tokens.idToken();
  } catch {
    throw new SsoError("sso_token_invalid", "the token response has no ID token");
  }
  let payload: IdTokenClaims & { nonce?: unknown };
  try {
    ({ payload } = await jwtVerify(idToken, jwks(ep.jwks), {
      // Google documents both spellings of its issuer for ID tokens
      issuer: ep.issuer === GOOGLE.issuer ? [GOOGLE.issuer, "accounts.google.com"] : ep.issuer,
      audience: provider.clientId,
      algorithms: ["RS256"],
      requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    throw new SsoError("sso_token_invalid", `ID token refused: ${(error as Error).message}`);
  }
  if (!sameSecret(payload.nonce, secrets.nonce))
    throw new SsoError("sso_token_invalid", "ID token refused: the nonce is not this flow's");
  return payload;
}

async function redeemWithOpenIdClient(
  provider: SsoProvider,
  params: URLSearchParams,
  secrets: FlowSecrets,
): Promise<IdTokenClaims> {
  const config = await discover(provider);
  const current = new URL(ssoRedirectUri());
  current.search = params.toString();
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: secrets.verifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new SsoError("sso_token_invalid", "the token response has no ID token");
    return claims;
  } catch (error) {
    if (error instanceof SsoError) throw error;
    // the provider refused the exchange (invalid_grant: a code of another client, used twice, …) or
    // could not be reached; anything else is about the answer it gave, its ID token above all
    if (error instanceof oidc.ResponseBodyError || error instanceof TypeError)
      throw new SsoError("sso_token_failed", `code exchange failed: ${(error as Error).message}`);
    const code = (error as { code?: string }).code ?? "";
    throw new SsoError("sso_token_invalid", `ID token refused: ${code} ${(error as Error).message}`);
  }
}
