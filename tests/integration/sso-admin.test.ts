import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { resetRateLimits } from "~/app/lib/rate-limit.server.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { consumeSignInLink } from "~/app/modules/auth/consume-sign-in-link.server.ts";
import { requestSignInLink } from "~/app/modules/auth/request-sign-in-link.server.ts";
import { startSignIn } from "~/app/modules/auth/start-sign-in.server.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";
import { addSsoDomain } from "~/app/modules/sso/add-sso-domain.server.ts";
import { configureIdentityProvider } from "~/app/modules/sso/configure-identity-provider.server.ts";
import { findSsoSignInOptions } from "~/app/modules/sso/find-sso-sign-in-options.server.ts";
import { getSsoSettings } from "~/app/modules/sso/get-sso-settings.server.ts";
import { identityProviderSecretContext } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { discoverIssuer } from "~/app/modules/sso/oidc-discovery.server.ts";
import { removeIdentityProvider } from "~/app/modules/sso/remove-identity-provider.server.ts";
import { removeSsoDomain } from "~/app/modules/sso/remove-sso-domain.server.ts";
import { setSsoDomainRequired } from "~/app/modules/sso/set-sso-domain-required.server.ts";
import { verifySsoDomainByDns } from "~/app/modules/sso/verify-sso-domain-by-dns.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import * as adminSsoRoute from "~/app/routes/admin.sso.tsx";
import * as joinRoute from "~/app/routes/join.tsx";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import * as loginRoute from "~/app/routes/login.tsx";
import * as verifyRoute from "~/app/routes/login.verify.tsx";
import { startFakeDns, type FakeDns } from "~/tests/fakes/dns.ts";
import { createCompany, createUser, sessionCookie, uniqueId } from "~/tests/support/factories.ts";

// Mail goes to a file outbox of this test file; Redis unset → jobs run in-process.
const outbox = mkdtempSync(join(tmpdir(), "chorus-sso-admin-mail-"));
process.env.MAIL_DIR = outbox;
delete process.env.RESEND_API_KEY;
delete process.env.REDIS_URL;

let db: DB;
let dns: FakeDns;
let discovery: Server;
let origin: string;
const savedEnv = { ...process.env };
const SECRET = `very-secret-${randomBytes(8).toString("hex")}`;

/** A company with an admin and an employee, and a domain of its own for this test. */
async function company() {
  const c = await createCompany(db, { name: `Acme ${uniqueId()}` });
  const admin = await c.member({ roles: ["admin"] });
  const employee = await c.member({ roles: ["employee"] });
  return { ...c, admin, employee, domain: `acme-${uniqueId()}.test` };
}
const as = <T>(member: Member, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(db, member.tenantId, fn);
const verify = (member: Member, domain: string) =>
  verifySsoDomainByDns(db, member, { domain }, { dnsServers: [dns.server] });
const microsoft = (over: Record<string, unknown> = {}) => ({
  kind: "microsoft" as const,
  entraTenantId: "3F1C9A52-7A7E-4C55-9D0E-2B7E8F5A6C11",
  clientId: "11111111-2222-3333-4444-555555555555",
  clientSecret: SECRET,
  jitEnabled: "on",
  enabled: "on",
  ...over,
});

function tokenFromLatestMail(email: string): string {
  const mails = readdirSync(outbox)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(outbox, f), "utf8")) as { to: string; text: string });
  const token = mails
    .filter((m) => m.to === email)
    .at(-1)
    ?.text.match(/\/login\/verify\?token=([a-z2-7]+)/)?.[1];
  if (!token) throw new Error(`no sign-in link mailed to ${email}`);
  return token;
}

beforeAll(async () => {
  db = (await database()).db;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.APP_URL = "http://chorus.test";
  dns = await startFakeDns();
  // a few OpenID providers' discovery documents, some of them wrong, on a real HTTP server
  discovery = createServer((req, res) => {
    const path = req.url ?? "/";
    const doc = (issuer: string) => ({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ["code"],
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/good/.well-known/openid-configuration") return json(200, doc(`${origin}/good`));
    if (path === "/other/.well-known/openid-configuration") return json(200, doc("https://evil.example"));
    if (path === "/notoidc/.well-known/openid-configuration") return json(200, { hello: "world" });
    if (path === "/big/.well-known/openid-configuration")
      return json(200, { ...doc(`${origin}/big`), padding: "x".repeat(100_000) });
    if (path === "/moved/.well-known/openid-configuration") {
      res.writeHead(302, { location: "/good/.well-known/openid-configuration" });
      return res.end();
    }
    if (path === "/slow/.well-known/openid-configuration") return; // never answers
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => discovery.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(discovery.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dns.close();
  discovery.closeAllConnections();
  await new Promise((resolve) => discovery.close(resolve));
  process.env = savedEnv;
});

beforeEach(() => {
  dns.clear();
  resetRateLimits();
});

describe("the identity provider", () => {
  it("stores a Microsoft provider's client secret sealed, never in clear, and keeps it on an edit without one", async () => {
    const c = await company();
    const saved = await configureIdentityProvider(db, c.admin, microsoft());
    expect(saved.issuer).toBe("https://login.microsoftonline.com/3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11/v2.0");

    const row = await as(c.admin, (tx) =>
      tx
        .selectFrom("identity_providers")
        .selectAll()
        .where("tenant_id", "=", c.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({
      kind: "microsoft",
      display_name: "Microsoft",
      entra_tenant_id: "3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11",
      jit_enabled: true,
      enabled: true,
      created_by: c.admin.id,
    });
    expect(row.client_secret_encrypted).toMatch(/^v2\./);
    expect(row.client_secret_encrypted).not.toContain(SECRET);
    expect(
      open(secretsKeyring()!, row.client_secret_encrypted, identityProviderSecretContext(c.tenantId)),
    ).toBe(SECRET);
    // bound to its tenant: copied into another tenant's row it does not open
    expect(() =>
      open(
        secretsKeyring()!,
        row.client_secret_encrypted,
        identityProviderSecretContext(randomBytes(16).toString("hex")),
      ),
    ).toThrow();

    // nothing of the secret anywhere else: the audit log, the admin page's data
    const audit = await as(c.admin, (tx) =>
      tx.selectFrom("audit_events").select(["action", "data"]).where("tenant_id", "=", c.tenantId).execute(),
    );
    expect(audit.map((a) => a.action)).toContain("sso.provider_configured");
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    const settings = await as(c.admin, (tx) => getSsoSettings(tx, c.admin));
    expect(JSON.stringify(settings)).not.toContain(SECRET);
    expect(settings.redirectUri).toBe("http://chorus.test/sso/callback");

    // an edit without a secret keeps the stored one; a new client id needs its secret
    await configureIdentityProvider(db, c.admin, microsoft({ clientSecret: "", jitEnabled: undefined }));
    const kept = await as(c.admin, (tx) =>
      tx
        .selectFrom("identity_providers")
        .select(["client_secret_encrypted", "jit_enabled"])
        .where("tenant_id", "=", c.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(kept).toEqual({ client_secret_encrypted: row.client_secret_encrypted, jit_enabled: false });
    await expect(
      configureIdentityProvider(db, c.admin, microsoft({ clientSecret: "", clientId: "another" })),
    ).rejects.toMatchObject({ fieldErrors: { clientSecret: ["secretForNewId"] } });
    await expect(
      configureIdentityProvider(db, c.admin, microsoft({ entraTenantId: "contoso.onmicrosoft.com" })),
    ).rejects.toMatchObject({ fieldErrors: { entraTenantId: ["entraTenantId"] } });
    // personal Microsoft accounts (anybody's) and Microsoft's pass-through directory are no company
    for (const shared of ["9188040d-6c67-4c5b-b112-36a304b66dad", "F8CDEF31-A31E-4B4A-93E4-5F571E91255A"])
      await expect(
        configureIdentityProvider(db, c.admin, microsoft({ entraTenantId: shared })),
      ).rejects.toMatchObject({ fieldErrors: { entraTenantId: ["entraPersonalAccounts"] } });
  });

  it("a new provider needs a secret; Google's hosted domain is normalised", async () => {
    const c = await company();
    await expect(
      configureIdentityProvider(db, c.admin, {
        kind: "google",
        hostedDomain: "acme.de",
        clientId: "x",
        clientSecret: "",
        jitEnabled: "",
        enabled: "on",
      }),
    ).rejects.toMatchObject({ fieldErrors: { clientSecret: ["required"] } });
    const saved = await configureIdentityProvider(db, c.admin, {
      kind: "google",
      hostedDomain: "Müller.DE",
      clientId: "123.apps.googleusercontent.com",
      clientSecret: SECRET,
      jitEnabled: "",
      enabled: "on",
    });
    expect(saved.issuer).toBe("https://accounts.google.com");
    const settings = await as(c.admin, (tx) => getSsoSettings(tx, c.admin));
    expect(settings.provider).toMatchObject({
      kind: "google",
      hostedDomain: "xn--mller-kva.de",
      displayName: "Google",
    });
  });

  it("reads a generic provider's issuer from its discovery document over real HTTP", async () => {
    const c = await company();
    const input = (discoveryUrl: string) => ({
      kind: "oidc" as const,
      displayName: "Keycloak",
      discoveryUrl,
      clientId: "chorus",
      clientSecret: SECRET,
      jitEnabled: "",
      enabled: "on",
    });
    // the issuer's own address is forgiven: the well-known path is added
    const saved = await configureIdentityProvider(db, c.admin, input(`${origin}/good`));
    expect(saved.issuer).toBe(`${origin}/good`);
    const settings = await as(c.admin, (tx) => getSsoSettings(tx, c.admin));
    expect(settings.provider).toMatchObject({
      kind: "oidc",
      issuer: `${origin}/good`,
      discoveryUrl: `${origin}/good/.well-known/openid-configuration`,
    });

    const refused = (url: string) =>
      configureIdentityProvider(db, c.admin, input(url)).then(
        () => "saved",
        (error: { fieldErrors?: Record<string, string[]> }) => error.fieldErrors?.discoveryUrl?.[0],
      );
    expect(await refused(`${origin}/other`)).toBe("discoveryInvalid"); // names another issuer
    expect(await refused(`${origin}/notoidc`)).toBe("discoveryInvalid");
    expect(await refused(`${origin}/big`)).toBe("discoveryInvalid"); // over the size limit
    expect(await refused(`${origin}/nothing`)).toBe("discoveryUnreachable"); // 404
    expect(await refused(`${origin}/moved`)).toBe("discoveryUnreachable"); // no redirects
    expect(await refused("http://login.example.com/.well-known/openid-configuration")).toBe(
      "discoveryUrlInvalid",
    );
    expect(await refused("https://user:pw@login.example.com/")).toBe("discoveryUrlInvalid");
    expect(await refused("https://10.0.0.1/")).toBe("discoveryBlocked");
    expect(await refused("ftp://login.example.com/")).toBe("discoveryUrlInvalid");
    await expect(discoverIssuer(`${origin}/slow`, { timeoutMs: 300 })).rejects.toMatchObject({
      problem: "discoveryUnreachable",
    });
    // and none of the refusals changed the stored provider
    const after = await as(c.admin, (tx) => getSsoSettings(tx, c.admin));
    expect(after.provider?.issuer).toBe(`${origin}/good`);
  });

  it("refuses everybody but admins", async () => {
    const c = await company();
    await c.member({ roles: ["comms_lead", "manager"] }).then(async (lead) => {
      await expect(configureIdentityProvider(db, lead, microsoft())).rejects.toMatchObject({ status: 403 });
    });
    await expect(configureIdentityProvider(db, c.employee, microsoft())).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      as(c.employee, (tx) => addSsoDomain(tx, c.employee, { domain: c.domain })),
    ).rejects.toMatchObject({
      status: 403,
    });
    await as(c.admin, (tx) => addSsoDomain(tx, c.admin, { domain: c.domain }));
    await expect(verify(c.employee, c.domain)).rejects.toMatchObject({ status: 403 });
    await expect(
      as(c.employee, (tx) => setSsoDomainRequired(tx, c.employee, { domain: c.domain, required: "on" })),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      as(c.employee, (tx) => removeSsoDomain(tx, c.employee, { domain: c.domain })),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(as(c.employee, (tx) => getSsoSettings(tx, c.employee))).rejects.toMatchObject({
      status: 403,
    });
    // and the page: 403 for an employee's session, loader and action alike
    const cookie = await sessionCookie(db, c.employee.userId);
    const base = `http://chorus.test/t/${c.tenant.slug}/admin/sso`;
    const answer = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return 200;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown.status;
        throw thrown;
      }
    };
    expect(
      await answer(() =>
        adminSsoRoute.loader({
          request: new Request(base, { headers: { Cookie: cookie } }),
          params: { tenant: c.tenant.slug },
        } as never),
      ),
    ).toBe(403);
    const body = new URLSearchParams({ intent: "add-domain", domain: `x-${c.domain}` });
    expect(
      await answer(() =>
        adminSsoRoute.action({
          request: new Request(base, {
            method: "POST",
            headers: { Cookie: cookie, Origin: "http://chorus.test" },
            body,
          }),
          params: { tenant: c.tenant.slug },
        } as never),
      ),
    ).toBe(403);
  });
});

describe("the admin page", () => {
  it("never sends the client secret back, saved or refused", async () => {
    const c = await company();
    const cookie = await sessionCookie(db, c.admin.userId);
    const post = (fields: Record<string, string>) =>
      adminSsoRoute.action({
        request: new Request(`http://chorus.test/t/${c.tenant.slug}/admin/sso`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: "http://chorus.test" },
          body: new URLSearchParams({
            intent: "provider",
            kind: "microsoft",
            clientId: "app",
            clientSecret: SECRET,
            ...fields,
          }),
        }),
        params: { tenant: c.tenant.slug },
      } as never);
    const refused = await post({ entraTenantId: "not-a-guid" });
    expect(JSON.stringify(refused)).toContain("entraTenantId");
    expect(JSON.stringify(refused)).not.toContain(SECRET);
    const saved = await post({ entraTenantId: "3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11", enabled: "on" });
    expect(JSON.stringify(saved)).toContain("sso.admin.saved");
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    const page = await adminSsoRoute.loader({
      request: new Request(`http://chorus.test/t/${c.tenant.slug}/admin/sso`, {
        headers: { Cookie: cookie },
      }),
      params: { tenant: c.tenant.slug },
    } as never);
    expect(page.provider).toMatchObject({ kind: "microsoft", clientId: "app" });
    expect(JSON.stringify(page)).not.toContain(SECRET);
  });
});

describe("domains", () => {
  it("verifies a claim by its TXT record through real DNS: a missing record and a wrong token are refused", async () => {
    const c = await company();
    const added = await as(c.admin, (tx) =>
      addSsoDomain(tx, c.admin, { domain: `  ${c.domain.toUpperCase()}. ` }),
    );
    expect(added.domain).toBe(c.domain);
    expect(added.record.name).toBe(`_chorus.${c.domain}`);
    expect(added.record.value).toMatch(/^chorus-domain-verification=[0-9a-f]{32}$/);
    await expect(as(c.admin, (tx) => addSsoDomain(tx, c.admin, { domain: c.domain }))).rejects.toMatchObject({
      code: "sso_domain_exists",
    });
    await expect(as(c.admin, (tx) => addSsoDomain(tx, c.admin, { domain: "co.uk" }))).rejects.toMatchObject({
      fieldErrors: { domain: ["domainPublicSuffix"] },
    });

    // no record at all
    await expect(verify(c.admin, c.domain)).rejects.toMatchObject({ code: "sso_dns_missing" });
    // a record with another token (another claim's, or mistyped)
    dns.setTxt(`_chorus.${c.domain}`, ["v=spf1 -all", "chorus-domain-verification=0000"]);
    await expect(verify(c.admin, c.domain)).rejects.toMatchObject({ code: "sso_dns_mismatch" });
    // a DNS server that fails
    dns.clear();
    dns.fail(`_chorus.${c.domain}`);
    dns.fail(c.domain);
    await expect(
      verifySsoDomainByDns(db, c.admin, { domain: c.domain }, { dnsServers: [dns.server] }),
    ).rejects.toMatchObject({ code: "sso_dns_unreachable", status: 502 });
    let settings = await as(c.admin, (tx) => getSsoSettings(tx, c.admin));
    expect(settings.domains).toEqual([expect.objectContaining({ domain: c.domain, verifiedAt: null })]);

    // the right record, at the domain itself this time
    dns.clear();
    dns.setTxt(c.domain, [added.record.value]);
    const verified = await verify(c.admin, c.domain);
    expect(verified.alreadyVerified).toBe(false);
    expect(dns.queries.map((q) => q.name)).toEqual([`_chorus.${c.domain}`, c.domain]);
    settings = await as(c.admin, (tx) => getSsoSettings(tx, c.admin));
    expect(settings.domains[0]).toMatchObject({ domain: c.domain, verifiedBy: "dns", requireSso: false });
    expect(settings.domains[0]!.verifiedAt).toBeInstanceOf(Date);
    const audit = await as(c.admin, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "subject"])
        .where("tenant_id", "=", c.tenantId)
        .orderBy("created_at")
        .execute(),
    );
    expect(audit).toEqual([
      { action: "sso.domain_added", subject: c.domain },
      { action: "sso.domain_verified", subject: c.domain },
    ]);
  });

  it("IDN claims are stored and looked up as punycode", async () => {
    const c = await company();
    const label = `müller-${uniqueId()}`;
    const added = await as(c.admin, (tx) => addSsoDomain(tx, c.admin, { domain: `${label}.test` }));
    expect(added.domain).toMatch(/^xn--mller-.*\.test$/);
    dns.setTxt(added.record.name, [added.record.value]);
    await verify(c.admin, added.domain);
    const choice = await findSsoSignInOptions(db, `erika@${label}.test`);
    expect(choice).toEqual({ options: [], requireSso: false }); // verified, but no provider yet
    await configureIdentityProvider(db, c.admin, microsoft());
    expect((await findSsoSignInOptions(db, `erika@${label.toUpperCase()}.TEST`)).options).toEqual([
      { tenantSlug: c.tenant.slug, tenantName: c.tenant.name, kind: "microsoft", displayName: "Microsoft" },
    ]);
  });

  it("two companies may verify one domain: the sign-in page offers both, and each admin is told", async () => {
    const a = await company();
    const b = await company();
    const domain = a.domain;
    for (const c of [a, b]) {
      const added = await as(c.admin, (tx) => addSsoDomain(tx, c.admin, { domain }));
      // each claim has its own token: one company's record does not verify the other's claim
      dns.setTxt(`_chorus.${domain}`, [added.record.value]);
      await verify(c.admin, domain);
      await configureIdentityProvider(db, c.admin, microsoft());
    }
    const choice = await findSsoSignInOptions(db, `someone@${domain}`);
    expect(choice.options.map((o) => o.tenantSlug).sort()).toEqual([a.tenant.slug, b.tenant.slug].sort());
    const settings = await as(a.admin, (tx) => getSsoSettings(tx, a.admin));
    expect(settings.domains[0]!.alsoVerifiedElsewhere).toBe(true);

    // b's record alone no longer verifies a's fresh claim of another domain
    const other = `other-${domain}`;
    await as(a.admin, (tx) => addSsoDomain(tx, a.admin, { domain: other }));
    const bClaim = await as(b.admin, (tx) => addSsoDomain(tx, b.admin, { domain: other }));
    dns.setTxt(`_chorus.${other}`, [bClaim.record.value]);
    await expect(verify(a.admin, other)).rejects.toMatchObject({ code: "sso_dns_mismatch" });
  });
});

describe("require single sign-on", () => {
  async function verifiedCompany() {
    const c = await company();
    const added = await as(c.admin, (tx) => addSsoDomain(tx, c.admin, { domain: c.domain }));
    dns.setTxt(added.record.name, [added.record.value]);
    return c;
  }

  it("only on a verified domain of a company with an enabled provider; the table's CHECK agrees", async () => {
    const c = await verifiedCompany();
    await expect(
      as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" })),
    ).rejects.toMatchObject({ code: "sso_domain_unverified" });
    // the schema refuses it too, whoever writes
    await expect(
      as(c.admin, (tx) =>
        tx.updateTable("sso_domains").set({ require_sso: true }).where("domain", "=", c.domain).execute(),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    // verified by a sign-in only: that proves an account at the directory, not the domain
    await as(c.admin, (tx) =>
      tx
        .updateTable("sso_domains")
        .set({ verified_at: new Date(), verified_by: "sso" })
        .where("domain", "=", c.domain)
        .execute(),
    );
    await configureIdentityProvider(db, c.admin, microsoft());
    await expect(
      as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" })),
    ).rejects.toMatchObject({ code: "sso_domain_dns_required" });
    await as(c.admin, (tx) => removeIdentityProvider(tx, c.admin));
    await as(c.admin, (tx) =>
      tx
        .updateTable("sso_domains")
        .set({ verified_at: null, verified_by: null })
        .where("domain", "=", c.domain)
        .execute(),
    );
    await verify(c.admin, c.domain);
    await expect(
      as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" })),
    ).rejects.toMatchObject({ code: "sso_no_provider" });
    await configureIdentityProvider(db, c.admin, microsoft());
    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" }));
    expect((await findSsoSignInOptions(db, `x@${c.domain}`)).requireSso).toBe(true);

    // switching the provider off lifts it, so nobody is locked out; so does disconnecting
    const off = await configureIdentityProvider(
      db,
      c.admin,
      microsoft({ enabled: undefined, clientSecret: "" }),
    );
    expect(off.requireSsoCleared).toEqual([c.domain]);
    expect((await findSsoSignInOptions(db, `x@${c.domain}`)).requireSso).toBe(false);
    await configureIdentityProvider(db, c.admin, microsoft({ clientSecret: "" }));
    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" }));
    expect(await as(c.admin, (tx) => removeIdentityProvider(tx, c.admin))).toEqual({
      requireSsoCleared: [c.domain],
    });
    expect((await findSsoSignInOptions(db, `x@${c.domain}`)).requireSso).toBe(false);
  });

  it("an invitation accepted for a require-SSO domain makes the membership but no session: the person signs in through the provider", async () => {
    const c = await verifiedCompany();
    await verify(c.admin, c.domain);
    await configureIdentityProvider(db, c.admin, microsoft());
    const invite = async (email: string) => {
      const token = randomBytes(20)
        .toString("hex")
        .replace(/[^a-z2-7]/g, "a")
        .slice(0, 32)
        .padEnd(32, "a");
      await as(c.admin, (tx) =>
        tx
          .insertInto("invitations")
          .values({
            tenant_id: c.tenantId,
            email,
            name: "Nina",
            roles: ["employee"],
            token_hash: hashToken(token),
            expires_at: new Date(Date.now() + 86_400_000),
          })
          .execute(),
      );
      return token;
    };
    const accept = (token: string) =>
      joinRoute.action({
        request: new Request(`http://localhost/t/${c.tenant.slug}/join`, {
          method: "POST",
          body: new URLSearchParams({ token }),
        }),
        params: { tenant: c.tenant.slug },
      } as never);

    // before the requirement: the invitation signs the person in (a session cookie, a redirect)
    const before = await accept(await invite(`otto-${uniqueId()}@${c.domain}`));
    expect(before).toBeInstanceOf(Response);
    expect((before as Response).headers.get("set-cookie")).toMatch(/session/);

    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" }));
    const email = `nina-${uniqueId()}@${c.domain}`;
    const answer = await accept(await invite(email));
    expect(answer).toEqual({ invalid: false, tenantSlug: c.tenant.slug });
    const user = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const sessions = await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(sessions).toEqual([]);
    const membership = await as(c.admin, (tx) =>
      tx
        .selectFrom("memberships")
        .select(["roles", "status"])
        .where("user_id", "=", user.id)
        .executeTakeFirst(),
    );
    expect(membership).toEqual({ roles: ["employee"], status: "active" });
  });

  it("refuses the magic link at request and a link mailed earlier at redemption, for known and unknown addresses alike", async () => {
    const c = await verifiedCompany();
    await verify(c.admin, c.domain);
    await configureIdentityProvider(db, c.admin, microsoft());
    const person = await createUser(db, { email: `erika-${uniqueId()}@${c.domain}` });

    // before: SSO is offered, and the link can still be asked for
    const first = await startSignIn(db, { email: person.email, ip: "10.9.0.1", locale: "en" });
    expect(first).toMatchObject({ kind: "sso", choice: { requireSso: false } });
    await requestSignInLink(db, { email: person.email, ip: "10.9.0.1", locale: "en" });
    await drainInProcessJobs();
    const earlier = tokenFromLatestMail(person.email);

    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" }));

    for (const email of [person.email, `nobody-${uniqueId()}@${c.domain.toUpperCase()}`]) {
      await expect(requestSignInLink(db, { email, ip: "10.9.0.2", locale: "en" })).rejects.toMatchObject({
        code: "sso_required",
        status: 403,
      });
    }
    const links = await db
      .selectFrom("sign_in_tokens")
      .select("id")
      .where("email", "=", person.email)
      .execute();
    expect(links).toHaveLength(1); // only the earlier one

    const sessionsBefore = await db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", person.id)
      .execute();
    expect(await consumeSignInLink(db, earlier)).toEqual({ ok: false, reason: "sso_required" });
    const sessionsAfter = await db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", person.id)
      .execute();
    expect(sessionsAfter).toHaveLength(sessionsBefore.length);
    // used up: lifting the requirement does not bring it back
    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "" }));
    expect(await consumeSignInLink(db, earlier)).toEqual({ ok: false, reason: "invalid" });

    // other domains are untouched
    const other = await createUser(db);
    await requestSignInLink(db, { email: other.email, ip: "10.9.0.3", locale: "en" });
    await drainInProcessJobs();
    expect((await consumeSignInLink(db, tokenFromLatestMail(other.email))).ok).toBe(true);
  });

  it("the sign-in page offers the company's button by domain alone and refuses the link with the reason", async () => {
    const c = await verifiedCompany();
    await verify(c.admin, c.domain);
    await configureIdentityProvider(db, c.admin, microsoft({ displayName: "Acme Entra" }));
    const known = await createUser(db, { email: `known-${uniqueId()}@${c.domain}` });
    const unknown = `unknown-${uniqueId()}@${c.domain}`;
    const answer = async (fields: Record<string, string>) => {
      const result = (await loginRoute.action({
        request: new Request("http://chorus.test/login", {
          method: "POST",
          body: new URLSearchParams(fields),
        }),
        context: { ip: "10.9.9.9" },
        params: {},
      } as never)) as { data?: Record<string, unknown>; init?: { status?: number } };
      return { status: result.init?.status ?? 200, data: result.data ?? (result as Record<string, unknown>) };
    };
    const option = {
      tenantSlug: c.tenant.slug,
      tenantName: c.tenant.name,
      kind: "microsoft",
      displayName: "Acme Entra",
    };
    // the same answer for an address with an account and one without; no mail for either
    for (const email of [known.email, unknown]) {
      const first = await answer({ email, locale: "en" });
      expect(first.status).toBe(200);
      expect(first.data).toMatchObject({
        sentTo: null,
        sso: { options: [option], requireSso: false, email },
      });
    }
    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" }));
    for (const email of [known.email, unknown]) {
      const refused = await answer({ intent: "link", email, locale: "en" });
      expect(refused.status).toBe(403);
      expect(refused.data).toMatchObject({ sentTo: null, sso: { options: [option], requireSso: true } });
    }
    expect(
      await db.selectFrom("sign_in_tokens").select("id").where("email", "=", known.email).execute(),
    ).toEqual([]);

    // a company by its Chorus address: unknown or without single sign-on is said so
    expect((await answer({ intent: "company", companySlug: "no-such-company" })).data).toMatchObject({
      companyNotFound: true,
    });
  });

  it("a link mailed before single sign-on was required says why it no longer works", async () => {
    const c = await verifiedCompany();
    await verify(c.admin, c.domain);
    await configureIdentityProvider(db, c.admin, microsoft());
    const person = await createUser(db, { email: `late-${uniqueId()}@${c.domain}` });
    await requestSignInLink(db, { email: person.email, ip: "10.9.8.1", locale: "en" });
    await drainInProcessJobs();
    const token = tokenFromLatestMail(person.email);
    await as(c.admin, (tx) => setSsoDomainRequired(tx, c.admin, { domain: c.domain, required: "on" }));
    const result = await verifyRoute.action({
      request: new Request("http://chorus.test/login/verify", {
        method: "POST",
        body: new URLSearchParams({ token }),
      }),
      params: {},
    } as never);
    expect(result).toEqual({ invalid: true, ssoRequired: true });
  });

  it("a removed domain routes nothing any more; resolve_sso_domain only ever sees verified rows", async () => {
    const c = await verifiedCompany();
    await configureIdentityProvider(db, c.admin, microsoft());
    // claimed, not verified: nothing
    const { rows: before } = await sql<{
      tenant_id: string;
    }>`select * from resolve_sso_domain(${c.domain})`.execute(db);
    expect(before).toEqual([]);
    await verify(c.admin, c.domain);
    const { rows: after } = await sql<{
      tenant_id: string;
    }>`select * from resolve_sso_domain(${c.domain})`.execute(db);
    expect(after.map((r) => r.tenant_id)).toEqual([c.tenantId]);
    await as(c.admin, (tx) => removeSsoDomain(tx, c.admin, { domain: c.domain }));
    expect((await findSsoSignInOptions(db, `x@${c.domain}`)).options).toEqual([]);
    await expect(
      as(c.admin, (tx) => removeSsoDomain(tx, c.admin, { domain: c.domain })),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
