import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { validateSessionToken } from "~/app/modules/auth/session.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { identityProviderSecretContext } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { startSsoSignIn } from "~/app/modules/sso/start-sso-sign-in.server.ts";
import { configureIdentityProvider } from "~/app/modules/sso/configure-identity-provider.server.ts";
import { removeIdentityProvider } from "~/app/modules/sso/remove-identity-provider.server.ts";
import { SSO_FLOW_COOKIE } from "~/app/modules/sso/sso-flow-cookie.server.ts";
import { ssoRedirectUri } from "~/app/modules/sso/sso-oidc.server.ts";
import { issuerFetch } from "~/app/modules/sso/oidc-discovery.server.ts";
import * as callbackRoute from "~/app/routes/sso.callback.tsx";
import * as startRoute from "~/app/routes/sso.start.ts";
import {
  startFakeOidcProvider,
  type FakeOidcAccount,
  type FakeOidcProvider,
} from "~/tests/fakes/oidc-provider.ts";
import {
  createCompany,
  sessionCookie,
  uniqueId,
  type TestCompany,
  type TestPerson,
} from "~/tests/support/factories.ts";

/*
 * The single sign-on flow against a real OpenID provider (oidc-provider) on loopback: the start
 * (startSsoSignIn), the provider's authorization endpoint and interaction driven over HTTP with
 * redirects followed by hand, then the callback route's loader with the flow's cookie.
 */

let db: DB;
let generic: FakeOidcProvider;
let microsoft: FakeOidcProvider;
let google: FakeOidcProvider;
const savedEnv = { ...process.env };
const ENTRA_TID = "3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11";
const WORKSPACE = `ws-${uniqueId()}.test`;

beforeAll(async () => {
  db = (await database()).db;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  const redirectUris = [ssoRedirectUri()];
  const clients = ["a", "b", "c", "d", "e", "f", "g", "h"].map((n) => ({
    clientId: `client-${n}`,
    clientSecret: `secret-${n}`,
    redirectUris,
  }));
  generic = await startFakeOidcProvider({ kind: "oidc", clients });
  microsoft = await startFakeOidcProvider({ kind: "microsoft", tenantId: ENTRA_TID, clients });
  google = await startFakeOidcProvider({ kind: "google", hostedDomain: WORKSPACE, clients });
  process.env.SSO_MICROSOFT_AUTHORITY = microsoft.url;
  process.env.SSO_GOOGLE_AUTHORITY = google.url;
});

afterAll(async () => {
  await Promise.all([generic?.close(), microsoft?.close(), google?.close()]);
  process.env = savedEnv;
});

let clientCount = 0;
interface SsoCompany extends TestCompany {
  domain: string;
  providerId: string;
  fake: FakeOidcProvider;
}

/** A company with an identity provider at `kind`'s fake and e-mail domains (verified unless said). */
async function ssoCompany(
  opts: {
    kind?: IdentityProviderKind;
    jit?: boolean;
    domain?: string;
    verified?: boolean;
    extraDomains?: { domain: string; verified: boolean }[];
  } = {},
): Promise<SsoCompany> {
  const kind = opts.kind ?? "oidc";
  const fake = kind === "microsoft" ? microsoft : kind === "google" ? google : generic;
  const client = fake.clients[clientCount++ % fake.clients.length]!;
  const company = await createCompany(db);
  const domain = opts.domain ?? `acme-${uniqueId()}.test`;
  const keys = secretsKeyring()!;
  const providerId = await withTenant(db, company.tenantId, async (tx) => {
    const row = await tx
      .insertInto("identity_providers")
      .values({
        tenant_id: company.tenantId,
        kind,
        display_name: "Acme ID",
        issuer: fake.issuer,
        discovery_url: kind === "oidc" ? fake.discoveryUrl : null,
        entra_tenant_id: kind === "microsoft" ? ENTRA_TID : null,
        hosted_domain: kind === "google" ? WORKSPACE : null,
        client_id: client.clientId,
        client_secret_encrypted: seal(
          keys,
          client.clientSecret,
          identityProviderSecretContext(company.tenantId),
        ),
        jit_enabled: opts.jit ?? false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const d of [{ domain, verified: opts.verified ?? true }, ...(opts.extraDomains ?? [])])
      await tx
        .insertInto("sso_domains")
        .values({
          tenant_id: company.tenantId,
          domain: d.domain,
          verification_token: uniqueId(),
          verified_at: d.verified ? new Date() : null,
          verified_by: d.verified ? "dns" : null,
        })
        .execute();
    return row.id;
  });
  return { ...company, domain, providerId, fake };
}

const account = (email: string, extra: Partial<FakeOidcAccount> = {}): FakeOidcAccount => ({
  sub: `sub-${uniqueId()}`,
  email,
  email_verified: true,
  name: "Ada Lovelace",
  ...extra,
});

/** Follows the provider's redirects (its cookies kept) until it sends the browser back to us. */
async function authorize(url: string): Promise<string> {
  const jar = new Map<string, string>();
  let next = url;
  for (let i = 0; i < 10; i++) {
    if (next.startsWith(ssoRedirectUri())) return next;
    const res = await fetch(next, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get("location");
    if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
    next = new URL(location, next).toString();
  }
  throw new Error("too many redirects");
}

type CallbackResult =
  | { ok: true; location: string; setCookies: string[]; sessionToken: string | undefined }
  | { ok: false; status: number; error: string };

async function callback(url: string, cookie: string): Promise<CallbackResult> {
  const result = (await callbackRoute.loader({
    request: new Request(url, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  } as never)) as unknown;
  if (result instanceof Response) {
    const setCookies = result.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith(`${sessionCookieName()}=`));
    return {
      ok: true,
      location: result.headers.get("Location")!,
      setCookies,
      sessionToken: session?.split(";")[0]!.split("=")[1],
    };
  }
  const d = result as { data: { error: string }; init: { status: number; headers: Headers } };
  expect(new Headers(d.init.headers).getSetCookie().join()).toMatch(
    new RegExp(`^${SSO_FLOW_COOKIE}=;.*Max-Age=0`),
  );
  return { ok: false, status: d.init.status, error: d.data.error };
}

/** The whole flow: start, the provider, the callback (with extra cookies, e.g. a session). */
async function signIn(
  company: SsoCompany,
  who: FakeOidcAccount,
  opts: { tamper?: Parameters<FakeOidcProvider["tamperNext"]>[0]; returnTo?: string } = {},
): Promise<CallbackResult> {
  const { url, cookie } = await startSsoSignIn(db, {
    tenant: company.info,
    purpose: "sign-in",
    loginHint: who.email,
    returnTo: opts.returnTo,
  });
  company.fake.account = who;
  const back = await authorize(url);
  if (opts.tamper) company.fake.tamperNext(opts.tamper);
  return callback(back, cookie.split(";")[0]!);
}

const auditActions = (tenantId: string) =>
  withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("audit_events")
      .select(["action", "data", "actor_user_id"])
      .where("tenant_id", "=", tenantId)
      .execute(),
  );
const sessionsOf = async (userId: string) =>
  Number(
    (
      await db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("single sign-on through a generic OpenID provider", () => {
  it("signs a member in with the code flow (PKCE, state, nonce) and sets the session cookie", async () => {
    const acme = await ssoCompany();
    const ada = await acme.person({ email: `ada@${acme.domain}` });
    const result = await signIn(acme, account(`Ada@${acme.domain}`), {
      returnTo: `/t/${acme.info.slug}/hub`,
    });
    expect(result).toMatchObject({ ok: true, location: `/t/${acme.info.slug}/hub` });
    if (!result.ok) return;
    const session = await validateSessionToken(db, result.sessionToken!);
    expect(session?.user.id).toBe(ada.user.id);

    const request = generic.authorizationRequests.at(-1)!;
    expect(request).toMatchObject({
      response_type: "code",
      code_challenge_method: "S256",
      login_hint: `Ada@${acme.domain}`,
      redirect_uri: ssoRedirectUri(),
    });
    expect(request.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(request.state).toBeTruthy();
    expect(request.nonce).toBeTruthy();

    const identities = await withTenant(db, acme.tenantId, (tx) =>
      tx.selectFrom("sso_identities").selectAll().where("tenant_id", "=", acme.tenantId).execute(),
    );
    expect(identities).toMatchObject([{ user_id: ada.user.id, provider_id: acme.providerId }]);
    expect(await auditActions(acme.tenantId)).toContainEqual(
      expect.objectContaining({ action: "auth.sso_sign_in", actor_user_id: ada.user.id }),
    );
  });

  it("lands on the company's start page when returnTo leaves it", async () => {
    const acme = await ssoCompany();
    await acme.person({ email: `bo@${acme.domain}` });
    const bo = account(`bo@${acme.domain}`);
    for (const returnTo of [
      "https://evil.test/",
      "//evil.test/x",
      "/t/other/hub",
      `/t/${acme.info.slug}/../x`,
    ]) {
      const result = await signIn(acme, bo, { returnTo });
      expect(result).toMatchObject({ ok: true, location: `/t/${acme.info.slug}` });
    }
  });

  it.each([
    ["wrong-audience"],
    ["expired"],
    ["wrong-nonce"],
    ["no-nonce"],
    ["wrong-issuer"],
    ["foreign-key"],
  ] as const)("refuses an ID token with %s", async (tamper) => {
    const acme = await ssoCompany();
    const ada = await acme.person({ email: `ada@${acme.domain}` });
    const result = await signIn(acme, account(`ada@${acme.domain}`), { tamper });
    expect(result).toEqual({ ok: false, status: 400, error: "sso_token_invalid" });
    expect(await sessionsOf(ada.user.id)).toBe(0);
  });

  it("refuses a callback whose state is not the flow's, or without the flow's cookie", async () => {
    const acme = await ssoCompany();
    const ada = await acme.person({ email: `ada@${acme.domain}` });
    const { url, cookie } = await startSsoSignIn(db, { tenant: acme.info, purpose: "sign-in" });
    generic.account = account(`ada@${acme.domain}`);
    const back = new URL(await authorize(url));
    const forged = new URL(back);
    forged.searchParams.set("state", `${back.searchParams.get("state")}x`);
    expect(await callback(forged.toString(), cookie.split(";")[0]!)).toMatchObject({
      ok: false,
      error: "sso_flow_expired",
    });
    expect(await callback(back.toString(), "")).toMatchObject({ ok: false, error: "sso_flow_expired" });
    expect(await callback(back.toString(), `${SSO_FLOW_COOKIE}=v2.k0.AAAA`)).toMatchObject({
      ok: false,
      error: "sso_flow_expired",
    });
    expect(await sessionsOf(ada.user.id)).toBe(0);
  });

  it("refuses addresses of an unknown or an unverified domain, even with just-in-time membership", async () => {
    const unverified = `pending-${uniqueId()}.test`;
    const acme = await ssoCompany({ jit: true, extraDomains: [{ domain: unverified, verified: false }] });
    for (const email of [`eve@elsewhere-${uniqueId()}.test`, `eve@${unverified}`]) {
      const result = await signIn(acme, account(email));
      expect(result).toEqual({ ok: false, status: 403, error: "sso_domain_not_verified" });
      expect(
        await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst(),
      ).toBeUndefined();
    }
  });

  it("never lets one company's provider sign in another company's person (global sessions)", async () => {
    const victimCo = await ssoCompany();
    const victim = await victimCo.person({ email: `ceo@${victimCo.domain}` });
    // the attacker's company runs its own issuer and claims the victim's domain, unverified
    const attackerCo = await ssoCompany({
      jit: true,
      extraDomains: [{ domain: victimCo.domain, verified: false }],
    });
    const result = await signIn(attackerCo, account(`ceo@${victimCo.domain}`));
    expect(result).toMatchObject({ ok: false, error: "sso_domain_not_verified" });
    expect(await sessionsOf(victim.user.id)).toBe(0);
  });

  it("refuses a code from another company's provider presented with this flow's state", async () => {
    const a = await ssoCompany();
    const b = await ssoCompany();
    await a.person({ email: `ada@${a.domain}` });
    await b.person({ email: `ada@${b.domain}` });
    const flowA = await startSsoSignIn(db, { tenant: a.info, purpose: "sign-in" });
    const flowB = await startSsoSignIn(db, { tenant: b.info, purpose: "sign-in" });
    generic.account = account(`ada@${b.domain}`);
    const backA = new URL(await authorize(flowA.url));
    const backB = new URL(await authorize(flowB.url));
    const mixed = new URL(backB);
    mixed.searchParams.set("state", backA.searchParams.get("state")!);
    const result = await callback(mixed.toString(), flowA.cookie.split(";")[0]!);
    expect(result).toMatchObject({ ok: false });
    expect(["sso_token_failed", "sso_token_invalid"]).toContain(!result.ok && result.error);
  });

  it("refuses a subject bound to another user", async () => {
    const acme = await ssoCompany();
    const ada = await acme.person({ email: `ada@${acme.domain}` });
    const bob = await acme.person({ email: `bob@${acme.domain}` });
    const adaAtIdp = account(`ada@${acme.domain}`);
    expect(await signIn(acme, adaAtIdp)).toMatchObject({ ok: true });
    // the directory now says Ada's subject has Bob's address
    const result = await signIn(acme, { ...adaAtIdp, email: `bob@${acme.domain}` });
    expect(result).toEqual({ ok: false, status: 409, error: "sso_identity_conflict" });
    // and Bob's address under a new subject, once Bob is bound
    expect(await signIn(acme, account(`bob@${acme.domain}`, { sub: "bob-1" }))).toMatchObject({ ok: true });
    expect(await signIn(acme, account(`bob@${acme.domain}`, { sub: "bob-2" }))).toMatchObject({
      ok: false,
      error: "sso_identity_conflict",
    });
    expect(await sessionsOf(ada.user.id)).toBe(1);
    expect(await sessionsOf(bob.user.id)).toBe(1);
  });

  it("makes a new person an employee just in time, never an admin and not an advocate", async () => {
    const acme = await ssoCompany({ jit: true });
    const email = `new-${uniqueId()}@${acme.domain}`;
    const result = await signIn(acme, account(email, { name: "Nina Neu" }));
    expect(result).toMatchObject({ ok: true, location: `/t/${acme.info.slug}` });
    const user = await db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(user.name).toBe("Nina Neu");
    const membership = await withTenant(db, acme.tenantId, (tx) =>
      tx.selectFrom("memberships").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow(),
    );
    expect(membership).toMatchObject({ roles: ["employee"], status: "active" });
    const consents = await withTenant(db, acme.tenantId, (tx) =>
      tx
        .selectFrom("advocacy_consents")
        .select("membership_id")
        .where("membership_id", "=", membership.id)
        .execute(),
    );
    expect(consents).toEqual([]);
    const actions = (await auditActions(acme.tenantId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["member.joined", "auth.sso_sign_in"]));
  });

  it("refuses a person without membership when just-in-time membership is off", async () => {
    const acme = await ssoCompany({ jit: false });
    const email = `new-${uniqueId()}@${acme.domain}`;
    expect(await signIn(acme, account(email))).toEqual({ ok: false, status: 403, error: "sso_not_member" });
    expect(
      await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst(),
    ).toBeUndefined();
  });

  it("refuses a deactivated or a SCIM-deleted member, with just-in-time membership on", async () => {
    const acme = await ssoCompany({ jit: true });
    const gone = await acme.person({ email: `gone@${acme.domain}` });
    const deleted = await acme.person({ email: `deleted@${acme.domain}` });
    await withTenant(db, acme.tenantId, async (tx) => {
      await tx
        .updateTable("memberships")
        .set({ status: "deactivated" })
        .where("id", "=", gone.membership.id)
        .execute();
      await tx
        .updateTable("memberships")
        .set({ scim_deleted_at: new Date() })
        .where("id", "=", deleted.membership.id)
        .execute();
    });
    for (const person of [gone, deleted]) {
      const result = await signIn(acme, account(person.user.email));
      expect(result).toEqual({ ok: false, status: 403, error: "sso_member_deactivated" });
      expect(await sessionsOf(person.user.id)).toBe(0);
    }
  });

  it("refuses an address the provider says it has not verified", async () => {
    const acme = await ssoCompany();
    await acme.person({ email: `ada@${acme.domain}` });
    const result = await signIn(acme, account(`ada@${acme.domain}`, { email_verified: false }));
    expect(result).toMatchObject({ ok: false, error: "sso_email_unverified" });
  });
});

describe("POST /sso/start", () => {
  const post = (fields: Record<string, string>) =>
    startRoute.action({
      request: new Request("http://localhost/sso/start", {
        method: "POST",
        body: new URLSearchParams(fields),
      }),
      params: {},
      context: { ip: `192.0.2.${Math.floor(Math.random() * 250)}` },
    } as never) as Promise<Response>;

  it("sends the browser to the company's provider with the flow's cookie, which the callback accepts", async () => {
    const acme = await ssoCompany();
    const ada = await acme.person({ email: `ada@${acme.domain}` });
    const res = await post({ tenant: acme.info.slug, email: `ada@${acme.domain}` });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location.startsWith(`${generic.url}/auth?`)).toBe(true);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(
      new RegExp(`^${SSO_FLOW_COOKIE}=v2\\.[^;]+; Path=/sso/callback; HttpOnly; SameSite=Lax; Max-Age=600`),
    );
    generic.account = account(`ada@${acme.domain}`);
    const result = await callback(await authorize(location), cookie.split(";")[0]!);
    expect(result).toMatchObject({ ok: true, location: `/t/${acme.info.slug}` });
    if (result.ok) expect((await validateSessionToken(db, result.sessionToken!))?.user.id).toBe(ada.user.id);
  });

  it("reads no more than a discovery document's worth from a tenant's issuer at sign-in", async () => {
    // the issuer passed the checks when it was configured; now it answers every start with a
    // document of tens of megabytes (one tenant's issuer must not fill the shared server's memory)
    let sent = 0;
    const huge = createServer((req, res) => {
      const issuer = `http://127.0.0.1:${(huge.address() as AddressInfo).port}`;
      res.writeHead(200, { "content-type": "application/json" });
      const head = JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
      }).slice(0, -1);
      res.write(`${head},"padding":"`);
      const chunk = "x".repeat(1 << 20);
      const more = () => {
        while (sent < 40 << 20) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end('"}');
      };
      res.on("error", () => {});
      more();
    });
    await new Promise<void>((resolve) => huge.listen(0, "127.0.0.1", resolve));
    try {
      const origin = `http://127.0.0.1:${(huge.address() as AddressInfo).port}`;
      const acme = await ssoCompany();
      await withTenant(db, acme.tenantId, (tx) =>
        tx
          .updateTable("identity_providers")
          .set({ issuer: origin, discovery_url: `${origin}/.well-known/openid-configuration` })
          .where("tenant_id", "=", acme.tenantId)
          .execute(),
      );
      const res = await post({ tenant: acme.info.slug });
      expect(res.headers.get("Location")).toBe("/login?sso_error=sso_token_failed");
      expect(sent).toBeLessThan(20 << 20);
      // the code exchange and the keys go the same way: a private address is refused before a request
      for (const url of ["https://10.0.0.1/token", "https://169.254.169.254/keys", "https://[fd00::1]/x"])
        await expect(
          issuerFetch(url, { method: "POST", headers: {}, body: "code=x", redirect: "manual" }),
        ).rejects.toMatchObject({ problem: "discoveryBlocked" });
    } finally {
      huge.closeAllConnections();
      await new Promise((resolve) => huge.close(resolve));
    }
  });

  it("goes back to the sign-in page for a company without a provider, 404 for no company", async () => {
    const plain = await createCompany(db);
    const res = await post({ tenant: plain.info.slug });
    expect(res.headers.get("Location")).toBe("/login?sso_error=sso_no_provider");
    await expect(post({ tenant: `nope-${uniqueId()}` })).rejects.toMatchObject({ status: 404 });
  });

  it("says so when the person cancels at the provider", async () => {
    const acme = await ssoCompany();
    const { cookie } = await startSsoSignIn(db, { tenant: acme.info, purpose: "sign-in" });
    // the provider's error answer carries the flow's state
    const { url, cookie: flowCookie } = await startSsoSignIn(db, { tenant: acme.info, purpose: "sign-in" });
    const state = new URL(url).searchParams.get("state")!;
    const denied = `${ssoRedirectUri()}?error=access_denied&state=${state}`;
    expect(await callback(denied, flowCookie.split(";")[0]!)).toEqual({
      ok: false,
      status: 400,
      error: "sso_denied",
    });
    // another flow's cookie with that answer: not even the refusal is believed
    expect(await callback(denied, cookie.split(";")[0]!)).toMatchObject({
      ok: false,
      error: "sso_flow_expired",
    });
  });
});

describe("single sign-on through Microsoft Entra ID and Google (arctic, ID token checked by jose)", () => {
  it("signs in through Entra ID by oid, with the UPN when there is no email claim", async () => {
    const acme = await ssoCompany({ kind: "microsoft" });
    const ada = await acme.person({ email: `ada@${acme.domain}` });
    const result = await signIn(acme, account(`ada@${acme.domain}`, { oid: "oid-ada" }));
    expect(result).toMatchObject({ ok: true });
    const request = microsoft.authorizationRequests.at(-1)!;
    expect(request).toMatchObject({ code_challenge_method: "S256", login_hint: `ada@${acme.domain}` });
    expect(request.nonce).toBeTruthy();
    const identity = await withTenant(db, acme.tenantId, (tx) =>
      tx
        .selectFrom("sso_identities")
        .select(["subject", "user_id"])
        .where("tenant_id", "=", acme.tenantId)
        .executeTakeFirst(),
    );
    expect(identity).toEqual({ subject: "oid-ada", user_id: ada.user.id });
  });

  it("refuses a token of another Entra directory, and tampered tokens", async () => {
    const acme = await ssoCompany({ kind: "microsoft" });
    await acme.person({ email: `ada@${acme.domain}` });
    const other = await signIn(
      acme,
      account(`ada@${acme.domain}`, { tid: "00000000-0000-0000-0000-000000000001" }),
    );
    expect(other).toEqual({ ok: false, status: 403, error: "sso_wrong_directory" });
    for (const tamper of ["wrong-audience", "expired", "wrong-nonce", "foreign-key"] as const)
      expect(await signIn(acme, account(`ada@${acme.domain}`), { tamper })).toEqual({
        ok: false,
        status: 400,
        error: "sso_token_invalid",
      });
  });

  it("signs in through Google only for the configured Workspace and a verified address", async () => {
    const acme = await ssoCompany({ kind: "google", domain: WORKSPACE });
    await acme.person({ email: `ada@${WORKSPACE}` });
    expect(await signIn(acme, account(`ada@${WORKSPACE}`))).toMatchObject({ ok: true });
    expect(google.authorizationRequests.at(-1)).toMatchObject({
      hd: WORKSPACE,
      code_challenge_method: "S256",
    });
    expect(await signIn(acme, account(`ada@${WORKSPACE}`, { hd: "other.test" }))).toMatchObject({
      ok: false,
      error: "sso_wrong_directory",
    });
    expect(await signIn(acme, account(`ada@${WORKSPACE}`, { email_verified: false }))).toMatchObject({
      ok: false,
      error: "sso_email_unverified",
    });
    expect(await signIn(acme, account(`ada@${WORKSPACE}`), { tamper: "expired" })).toMatchObject({
      ok: false,
      error: "sso_token_invalid",
    });
  });
});

describe("verifying a domain by signing in", () => {
  async function verify(company: SsoCompany, admin: TestPerson, domain: string, who: FakeOidcAccount) {
    const { url, cookie } = await startSsoSignIn(
      db,
      {
        tenant: company.info,
        purpose: "verify-domain",
        domain,
        returnTo: `/t/${company.info.slug}/admin/sso`,
      },
      { actor: admin.member },
    );
    company.fake.account = who;
    const back = await authorize(url);
    return callback(back, `${cookie.split(";")[0]}; ${await sessionCookie(db, admin.user.id)}`);
  }

  it("verifies the Google Workspace domain an admin claimed, and records it", async () => {
    const workspace = `ws-${uniqueId()}.test`;
    const acme = await ssoCompany({ kind: "google", verified: false, domain: workspace });
    await withTenant(db, acme.tenantId, (tx) =>
      tx
        .updateTable("identity_providers")
        .set({ hosted_domain: workspace })
        .where("tenant_id", "=", acme.tenantId)
        .execute(),
    );
    const admin = await acme.person({ roles: ["admin", "employee"] });
    const result = await verify(acme, admin, workspace, account(`it@${workspace}`, { hd: workspace }));
    expect(result).toMatchObject({
      ok: true,
      location: `/t/${acme.info.slug}/admin/sso?sso_domain_verified=${workspace}`,
    });
    const row = await withTenant(db, acme.tenantId, (tx) =>
      tx
        .selectFrom("sso_domains")
        .selectAll()
        .where("tenant_id", "=", acme.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({ verified_by: "sso" });
    expect(row.verified_at).toBeInstanceOf(Date);
    expect((await auditActions(acme.tenantId)).map((a) => a.action)).toContain("sso.domain_verified");
  });

  it("does not verify a domain the token does not prove, nor for a non-admin, nor by a generic provider", async () => {
    const acme = await ssoCompany({ kind: "microsoft", verified: false });
    const admin = await acme.person({ roles: ["admin", "employee"] });
    const refused = await verify(acme, admin, acme.domain, account(`it@other-${uniqueId()}.test`));
    expect(refused).toMatchObject({ ok: false, error: "sso_domain_not_proven" });
    const employee = await acme.person();
    await expect(verify(acme, employee, acme.domain, account(`it@${acme.domain}`))).rejects.toThrow();
    const generic = await ssoCompany({ kind: "oidc", verified: false });
    const genericAdmin = await generic.person({ roles: ["admin"] });
    await expect(
      verify(generic, genericAdmin, generic.domain, account(`it@${generic.domain}`)),
    ).rejects.toMatchObject({
      code: "sso_no_provider",
    });
    const rows = await withTenant(db, acme.tenantId, (tx) =>
      tx.selectFrom("sso_domains").select("verified_at").where("tenant_id", "=", acme.tenantId).execute(),
    );
    expect(rows).toEqual([{ verified_at: null }]);
  });

  it("a personal Microsoft account proves no domain: the consumer directory is anybody's", async () => {
    // anyone can make a personal Microsoft account on an address they once confirmed (an ex-employee
    // keeps theirs on the company address); a tenant naming that directory must not verify the domain
    // and then sign in the domain's people through an issuer of its own
    const CONSUMERS = "9188040d-6c67-4c5b-b112-36a304b66dad";
    const msa = await startFakeOidcProvider({
      kind: "microsoft",
      tenantId: CONSUMERS,
      clients: microsoft.clients,
    });
    process.env.SSO_MICROSOFT_AUTHORITY = msa.url;
    try {
      const rogue = await ssoCompany({ kind: "microsoft", verified: false });
      await withTenant(db, rogue.tenantId, (tx) =>
        tx
          .updateTable("identity_providers")
          .set({ entra_tenant_id: CONSUMERS, issuer: msa.issuer })
          .where("tenant_id", "=", rogue.tenantId)
          .execute(),
      );
      rogue.fake = msa;
      const admin = await rogue.person({ roles: ["admin", "employee"] });
      const result = await verify(rogue, admin, rogue.domain, account(`former.employee@${rogue.domain}`));
      expect(result).toMatchObject({ ok: false, error: "sso_domain_not_proven" });
      const rows = await withTenant(db, rogue.tenantId, (tx) =>
        tx.selectFrom("sso_domains").select("verified_at").where("tenant_id", "=", rogue.tenantId).execute(),
      );
      expect(rows).toEqual([{ verified_at: null }]);
    } finally {
      process.env.SSO_MICROSOFT_AUTHORITY = microsoft.url;
      await msa.close();
    }
  });

  it("a domain proven by a sign-in is proven for that directory only: another provider, or none, unverifies it", async () => {
    // any member of a directory can sign in (an intern of Acme making a tenant of their own): that
    // proves the domain for sign-ins Acme's directory authenticates, never for an issuer of their own
    const rogue = await ssoCompany({ kind: "microsoft", verified: false });
    const intern = await rogue.person({ roles: ["admin", "employee"] });
    expect(await verify(rogue, intern, rogue.domain, account(`intern@${rogue.domain}`))).toMatchObject({
      ok: true,
    });
    const acme = await createCompany(db);
    const ceo = await acme.person({ email: `ceo@${rogue.domain}`, roles: ["admin", "employee"] });
    const own = generic.clients[7]!;
    await configureIdentityProvider(db, intern.member, {
      kind: "oidc",
      displayName: "Own",
      discoveryUrl: generic.discoveryUrl,
      clientId: own.clientId,
      clientSecret: own.clientSecret,
      jitEnabled: "on",
      enabled: "on",
    });
    rogue.fake = generic;
    const result = await signIn(rogue, account(`ceo@${rogue.domain}`));
    expect(result).toMatchObject({ ok: false, error: "sso_domain_not_verified" });
    expect(await sessionsOf(ceo.user.id)).toBe(0);

    // removed and connected again: the same
    const other = await ssoCompany({ kind: "microsoft", verified: false });
    const admin = await other.person({ roles: ["admin", "employee"] });
    expect(await verify(other, admin, other.domain, account(`it@${other.domain}`))).toMatchObject({
      ok: true,
    });
    await withTenant(db, other.tenantId, (tx) => removeIdentityProvider(tx, admin.member));
    const rows = await withTenant(db, other.tenantId, (tx) =>
      tx
        .selectFrom("sso_domains")
        .select(["verified_at", "verified_by"])
        .where("tenant_id", "=", other.tenantId)
        .execute(),
    );
    expect(rows).toEqual([{ verified_at: null, verified_by: null }]);
  });

  it("verifies an Entra UPN domain of the configured directory", async () => {
    const acme = await ssoCompany({ kind: "microsoft", verified: false });
    const admin = await acme.person({ roles: ["admin", "employee"] });
    const result = await verify(acme, admin, acme.domain, account(`it@${acme.domain}`));
    expect(result).toMatchObject({ ok: true });
  });
});
