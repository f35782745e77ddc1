/**
 * A real OpenID provider on loopback for the single sign-on tests: `oidc-provider` (a certified
 * implementation) with configurable clients, an interaction that signs in the configured account at
 * once (as a person who is already signed in at their IdP and has consented would), and hooks that
 * make the next token response misbehave.
 *
 * kind "oidc": an ordinary issuer at the origin (discovery at /.well-known/openid-configuration).
 * kind "microsoft": Entra ID's paths under one directory: issuer <origin>/<tenant id>/v2.0,
 *   /<tenant id>/oauth2/v2.0/authorize, …/token, /<tenant id>/discovery/v2.0/keys; ID tokens carry
 *   tid, oid and preferred_username (SSO_MICROSOFT_AUTHORITY=<origin> points Chorus here).
 * kind "google": Google's paths: issuer <origin>, /o/oauth2/v2/auth, /token, /oauth2/v3/certs; ID
 *   tokens carry hd (SSO_GOOGLE_AUTHORITY=<origin> points Chorus here).
 *
 * Misbehaving (tamperNext): the real provider answers the token request, then its ID token is
 * decoded, changed (a wrong audience, expired, a wrong nonce, …) and signed again with the
 * provider's own key, so the signature still verifies against its JWKS and only the changed claim
 * is wrong. `foreign-key` signs with a key the JWKS does not hold.
 *
 * Runnable on its own for e2e runs:
 *   npx tsx tests/fakes/oidc-provider.ts --port 4030 [--kind oidc|microsoft|google]
 *     [--client-id ID --client-secret SECRET --redirect-uri http://localhost:3000/sso/callback]
 *     [--email a@acme.test --sub SUB --name NAME --tenant-id TID --hosted-domain acme.test]
 * It prints the issuer and the discovery URL to configure in the tenant's provider settings.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export type FakeOidcKind = "oidc" | "microsoft" | "google";

export interface FakeOidcAccount {
  /** the subject (Entra: also the oid claim unless `oid` is given) */
  sub: string;
  email: string;
  /** omitted from the ID token when undefined */
  email_verified?: boolean | undefined;
  name?: string | undefined;
  /** Entra: the UPN (default: the email) */
  preferred_username?: string | undefined;
  /** Entra: the object id (default: sub) */
  oid?: string | undefined;
  /** Google: the Workspace domain (default: the configured hosted domain) */
  hd?: string | undefined;
  /** Entra: the directory the token names (default: the configured tenant id) */
  tid?: string | undefined;
}

export interface FakeOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export type FakeOidcMisbehaviour =
  "wrong-audience" | "expired" | "wrong-nonce" | "no-nonce" | "wrong-issuer" | "foreign-key";

export interface FakeOidcProvider {
  /** http://127.0.0.1:<port> */
  url: string;
  kind: FakeOidcKind;
  issuer: string;
  /** kind oidc: the discovery document */
  discoveryUrl: string;
  /** kind microsoft: the directory id in the paths and the tid claim */
  tenantId: string;
  /** kind google: the hd claim */
  hostedDomain: string;
  clients: FakeOidcClient[];
  /** who signs in at the next authorization (change it between tests) */
  account: FakeOidcAccount;
  /** the next token response's ID token is changed this way (and signed again) */
  tamperNext(how: FakeOidcMisbehaviour | ((claims: JWTPayload) => JWTPayload)): void;
  /** authorization requests received (their query), to assert PKCE, state, nonce and login_hint */
  authorizationRequests: Record<string, string>[];
  close(): Promise<void>;
}

export interface FakeOidcOptions {
  port?: number;
  kind?: FakeOidcKind;
  clients?: FakeOidcClient[];
  account?: FakeOidcAccount;
  tenantId?: string;
  hostedDomain?: string;
}

const ENTRA_TENANT = "3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11";

export async function startFakeOidcProvider(options: FakeOidcOptions = {}): Promise<FakeOidcProvider> {
  const kind = options.kind ?? "oidc";
  const tenantId = options.tenantId ?? ENTRA_TENANT;
  const hostedDomain = options.hostedDomain ?? "acme.test";
  const clients = options.clients ?? [
    {
      clientId: "chorus-test",
      clientSecret: "chorus-test-secret",
      redirectUris: ["http://localhost:3000/sso/callback"],
    },
  ];

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
  const foreign = await generateKeyPair("RS256");

  // bind first: the issuer names the port
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = kind === "microsoft" ? `${origin}/${tenantId}/v2.0` : origin;

  const routes: Configuration["routes"] =
    kind === "microsoft"
      ? {
          authorization: `/${tenantId}/oauth2/v2.0/authorize`,
          token: `/${tenantId}/oauth2/v2.0/token`,
          jwks: `/${tenantId}/discovery/v2.0/keys`,
          userinfo: `/${tenantId}/oidc/userinfo`,
        }
      : kind === "google"
        ? { authorization: "/o/oauth2/v2/auth", token: "/token", jwks: "/oauth2/v3/certs" }
        : {};

  const fake: FakeOidcProvider = {
    url: origin,
    kind,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    tenantId,
    hostedDomain,
    clients,
    account: options.account ?? {
      sub: "user-1",
      email: `ada@${hostedDomain}`,
      email_verified: true,
      name: "Ada Lovelace",
    },
    tamperNext(how) {
      tamper = how;
    },
    authorizationRequests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  let tamper: Parameters<FakeOidcProvider["tamperNext"]>[0] | undefined;

  const claimsOf = (account: FakeOidcAccount): Record<string, unknown> => {
    const claims: Record<string, unknown> = { sub: account.sub, email: account.email };
    if (account.email_verified !== undefined) claims.email_verified = account.email_verified;
    if (account.name !== undefined) claims.name = account.name;
    if (kind === "microsoft") {
      claims.tid = account.tid ?? tenantId;
      claims.oid = account.oid ?? account.sub;
      claims.preferred_username = account.preferred_username ?? account.email;
    }
    if (kind === "google") claims.hd = account.hd ?? hostedDomain;
    return claims;
  };
  // the account is read when the interaction finishes; its claims when the tokens are issued
  const signedIn = new Map<string, FakeOidcAccount>();

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    routes,
    // scope-derived claims in the ID token too (Entra and Google put email and name there)
    conformIdTokenClaims: false,
    claims: {
      openid: ["sub", "tid", "oid", "hd"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
    },
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Grant: 3600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = signedIn.get(id) ?? (id === fake.account.sub ? fake.account : undefined);
      return account ? { accountId: id, claims: () => ({ ...claimsOf(account), sub: id }) } : undefined;
    },
    // consent given once and for all: every requested OIDC scope is granted
    loadExistingGrant: async (ctx) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = "json";
      ctx.body = out;
    },
  });

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (ctx.method === "GET" && ctx.path === (routes.authorization ?? "/auth"))
      fake.authorizationRequests.push(Object.fromEntries(new URLSearchParams(ctx.querystring)));
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.oidc?.route !== "token" || !tamper || !body?.id_token) return;
    const how = tamper;
    tamper = undefined;
    const claims = decodeJwt(body.id_token);
    const now = Math.floor(Date.now() / 1000);
    const changed =
      typeof how === "function"
        ? how({ ...claims })
        : {
            ...claims,
            ...(how === "wrong-audience" ? { aud: "someone-else" } : {}),
            ...(how === "expired" ? { iat: now - 7200, exp: now - 3600 } : {}),
            ...(how === "wrong-nonce" ? { nonce: randomBytes(16).toString("base64url") } : {}),
            ...(how === "wrong-issuer" ? { iss: `${origin}/elsewhere` } : {}),
          };
    if (how === "no-nonce") delete changed.nonce;
    const key = how === "foreign-key" ? foreign.privateKey : privateKey;
    ctx.body = {
      ...body,
      id_token: await new SignJWT(changed).setProtectedHeader({ alg: "RS256", kid }).sign(key),
    };
  });

  const callback = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path.startsWith("/interaction/")) {
      void (async () => {
        try {
          await provider.interactionDetails(req, res);
          const account = fake.account;
          signedIn.set(account.sub, account);
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: account.sub } },
            { mergeWithLastSubmission: false },
          );
        } catch (error) {
          res.writeHead(400, { "Content-Type": "text/plain" }).end(String(error));
        }
      })();
      return;
    }
    void callback(req, res);
  });

  return fake;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > -1 ? process.argv[i + 1] : undefined;
  };
  const email = arg("--email") ?? `ada@${arg("--hosted-domain") ?? "acme.test"}`;
  const fake = await startFakeOidcProvider({
    port: Number(arg("--port") ?? 4030),
    kind: (arg("--kind") ?? "oidc") as FakeOidcKind,
    tenantId: arg("--tenant-id"),
    hostedDomain: arg("--hosted-domain"),
    clients: [
      {
        clientId: arg("--client-id") ?? "chorus-test",
        clientSecret: arg("--client-secret") ?? "chorus-test-secret",
        redirectUris: [arg("--redirect-uri") ?? "http://localhost:3000/sso/callback"],
      },
    ],
    account: {
      sub: arg("--sub") ?? "user-1",
      email,
      email_verified: true,
      name: arg("--name") ?? "Ada Lovelace",
    },
  });
  console.log(
    `fake OpenID provider (${fake.kind}) listening on ${fake.url}: issuer ${fake.issuer}, discovery ${fake.discoveryUrl}; client ${fake.clients[0]!.clientId} / ${fake.clients[0]!.clientSecret}; signs in ${fake.account.email}`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
