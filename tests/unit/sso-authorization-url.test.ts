import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SsoProvider } from "~/app/modules/sso/identity-provider.server.ts";
import { authorizationUrl, newFlowSecrets, ssoRedirectUri } from "~/app/modules/sso/sso-oidc.server.ts";

/*
 * Microsoft's and Google's real sign-in URLs, as arctic's MicrosoftEntraId and Google build them (the
 * integration test points both at a local provider through SSO_*_AUTHORITY, which takes arctic's
 * generic client instead): the right host, PKCE S256, state, nonce, the address as login_hint.
 */

const TID = "3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11";
const base = {
  id: "00000000-0000-0000-0000-000000000001",
  tenantId: "00000000-0000-0000-0000-000000000002",
  displayName: "Acme",
  discoveryUrl: null,
  clientId: "client-1",
  clientSecret: "secret-1",
  jitEnabled: false,
};
const saved = { ...process.env };
beforeEach(() => {
  delete process.env.SSO_MICROSOFT_AUTHORITY;
  delete process.env.SSO_GOOGLE_AUTHORITY;
});
afterEach(() => {
  process.env = { ...saved };
});

const challengeOf = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

describe("authorizationUrl for Microsoft and Google", () => {
  it("Entra ID: the directory's v2.0 endpoint with PKCE S256, state, nonce and login_hint", async () => {
    const provider: SsoProvider = {
      ...base,
      kind: "microsoft",
      issuer: `https://login.microsoftonline.com/${TID}/v2.0`,
      entraTenantId: TID,
      hostedDomain: null,
    };
    const secrets = newFlowSecrets();
    const url = await authorizationUrl(provider, secrets, { loginHint: "ada@acme.de" });
    expect(`${url.origin}${url.pathname}`).toBe(
      `https://login.microsoftonline.com/${TID}/oauth2/v2.0/authorize`,
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "client-1",
      redirect_uri: ssoRedirectUri(),
      state: secrets.state,
      code_challenge_method: "S256",
      code_challenge: challengeOf(secrets.verifier),
      scope: "openid email profile",
      nonce: secrets.nonce,
      login_hint: "ada@acme.de",
    });
  });

  it("Google: accounts.google.com with PKCE S256, state, nonce and the Workspace as hd", async () => {
    const provider: SsoProvider = {
      ...base,
      kind: "google",
      issuer: "https://accounts.google.com",
      entraTenantId: null,
      hostedDomain: "acme.de",
    };
    const secrets = newFlowSecrets();
    const url = await authorizationUrl(provider, secrets, {});
    expect(`${url.origin}${url.pathname}`).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(url.searchParams.get("code_challenge")).toBe(challengeOf(secrets.verifier));
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe(secrets.state);
    expect(url.searchParams.get("nonce")).toBe(secrets.nonce);
    expect(url.searchParams.get("hd")).toBe("acme.de");
    expect(url.searchParams.has("login_hint")).toBe(false);
  });

  it("refuses the host overrides in production", async () => {
    process.env.SSO_MICROSOFT_AUTHORITY = "http://127.0.0.1:1";
    process.env.NODE_ENV = "production";
    const provider: SsoProvider = {
      ...base,
      kind: "microsoft",
      issuer: `https://login.microsoftonline.com/${TID}/v2.0`,
      entraTenantId: TID,
      hostedDomain: null,
    };
    await expect(authorizationUrl(provider, newFlowSecrets(), {})).rejects.toThrow(
      /development and tests only/,
    );
  });
});
