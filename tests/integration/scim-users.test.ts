import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { ApiScope, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { validateSessionToken } from "~/app/modules/auth/session.server.ts";
import {
  addMember,
  createTenant,
  createUser,
  sessionCookie,
  uniqueId,
  verifiedSsoDomain,
} from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

// /scim/v2 through the real edge (server.ts) and the production build, over HTTP, with requests
// shaped as Microsoft Entra ID's provisioning service and Okta send them.

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

let app: AppServer;
let db: DB;
let tenantA: Tenant;
let tenantB: Tenant;
let scimA: { id: string; token: string };
let scimB: string;
let contentA: string;
let managerId: string;
/** verified by both tenants (one company with two Chorus tenants): SCIM provisions only such addresses */
let domain: string;

function issue(tenant: Tenant, scopes: ApiScope[]) {
  return withTenant(db, tenant.id, (tx) =>
    createApiToken(tx, {
      name: `scim ${uniqueId()}`,
      scopes,
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      createdBy: null,
    }),
  );
}

beforeAll(async () => {
  app = await startAppServer();
  ({ db } = await database());
  tenantA = await createTenant(db);
  tenantB = await createTenant(db);
  scimA = await issue(tenantA, ["scim"]);
  scimB = (await issue(tenantB, ["scim"])).token;
  contentA = (await issue(tenantA, ["content", "credit"])).token;
  domain = await verifiedSsoDomain(db, tenantA.id);
  await verifiedSsoDomain(db, tenantB.id, domain);
  const boss = await createUser(db, { name: "Berta Boss" });
  managerId = (await addMember(db, tenantA.id, boss.id, ["manager", "employee"])).id;
}, 60_000);

afterAll(async () => {
  await app?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { detail?: string; scimType?: string };
}

/** A SCIM request as a directory sends it: bearer token, application/scim+json. */
async function scim(
  method: string,
  path: string,
  opts: {
    body?: unknown;
    token?: string | null;
    contentType?: string;
    raw?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const { token = scimA.token } = opts;
  const headers: Record<string, string> = { Accept: "application/scim+json", ...opts.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined || opts.raw !== undefined) {
    headers["Content-Type"] = opts.contentType ?? "application/scim+json; charset=utf-8";
    body = opts.raw ?? JSON.stringify(opts.body);
  }
  const res = await fetch(`${app.base}/scim/v2${path}`, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

function expectScimError(answer: Answer, status: number, scimType?: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
  expect(answer.body.schemas).toEqual([ERROR]);
  expect(answer.body.status).toBe(String(status));
  expect(typeof answer.body.detail).toBe("string");
  if (scimType) expect(answer.body.scimType).toBe(scimType);
}

const filter = (expression: string) => `/Users?filter=${encodeURIComponent(expression)}`;

/** Entra ID's create (Microsoft's "Create User" request, userName mapped from the UPN). */
function entraCreate(email: string, externalId: string = crypto.randomUUID()) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId,
    userName: email,
    active: true,
    emails: [{ primary: true, type: "work", value: email }],
    meta: { resourceType: "User" },
    name: { formatted: "Erika Mustermann", familyName: "Mustermann", givenName: "Erika" },
    displayName: "Erika Mustermann",
    title: "Vertrieb",
    preferredLanguage: "de-DE",
    [ENTERPRISE]: { department: "Sales", employeeNumber: "4711" },
    roles: [],
  };
}

const membership = (tenantId: string, id: string) =>
  withTenant(db, tenantId, (tx) =>
    tx.selectFrom("memberships").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
  );

describe("discovery", () => {
  it("describes itself: ServiceProviderConfig, ResourceTypes, Schemas", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: "oauthbearertoken" }],
    });
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.schemas).toEqual([LIST]);
    expect((types.body.Resources as { id: string }[]).map((t) => t.id)).toEqual(["User", "Group"]);
    expect((await scim("GET", "/ResourceTypes/User")).body).toMatchObject({
      endpoint: "/Users",
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    const schemas = await scim("GET", "/Schemas");
    expect(schemas.body.totalResults).toBe(3);
    const user = await scim("GET", `/Schemas/${USER}`);
    expect((user.body.attributes as { name: string }[]).map((a) => a.name)).toContain("userName");
    expectScimError(await scim("GET", "/Schemas/urn:nope"), 404);
  });

  it("answers unknown paths, wrong methods and the .data suffix in SCIM's error shape", async () => {
    expectScimError(await scim("GET", "/Nothing"), 404);
    expectScimError(await scim("POST", "/ServiceProviderConfig", { body: {} }), 405);
    const data = await scim("GET", "/Users.data");
    expectScimError(data, 404);
    const put = await scim("PUT", "/Users", { body: {} });
    expectScimError(put, 405);
    expect(put.headers.get("allow")).toBe("GET, POST");
  });

  it("refuses a body over the API limit at the edge, in SCIM's error shape", async () => {
    const huge = await scim("POST", "/Users", {
      raw: JSON.stringify({ userName: "x".repeat(1024 * 1024 + 10) }),
    });
    expectScimError(huge, 413);
  });

  it("sends the security headers and no-store like /api", async () => {
    const res = await fetch(`${app.base}/scim/v2/ServiceProviderConfig`, {
      headers: { Authorization: `Bearer ${scimA.token}` },
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("authentication", () => {
  it("401 with a Bearer challenge without a token, with an unknown or malformed one", async () => {
    const none = await scim("GET", "/Users", { token: null });
    expectScimError(none, 401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="chorus"');
    for (const token of [`chorus_${tenantA.slug}_${"a".repeat(32)}`, "garbage"]) {
      const bad = await scim("GET", "/Users", { token });
      expectScimError(bad, 401);
      expect(bad.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("403 for a content/credit token on SCIM, and 403 for a SCIM token on the content API", async () => {
    const wrong = await scim("GET", "/Users", { token: contentA });
    expectScimError(wrong, 403);
    expect(wrong.headers.get("www-authenticate")).toContain('scope="scim"');
    const api = await fetch(`${app.base}/api/v1/posts`, {
      headers: { Authorization: `Bearer ${scimA.token}` },
    });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
  });
});

describe("Entra ID provisioning a person", () => {
  let email: string;
  let id: string;

  it("probes, creates, finds, updates, deactivates, reactivates, deletes and revives", async () => {
    email = `erika.${uniqueId()}@${domain}`;
    // 1. Entra's first call for every user in scope
    const probe = await scim("GET", filter(`userName eq "${email}"`));
    expect(probe.status).toBe(200);
    expect(probe.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    // 2. create: 201 with Location and meta, employee only, no opt-in
    const created = await scim("POST", "/Users", { body: entraCreate(email.toUpperCase(), "ext-erika") });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id as string;
    expect(created.headers.get("location")).toBe(`${app.base}/scim/v2/Users/${id}`);
    expect(created.body).toMatchObject({
      schemas: [USER],
      id,
      externalId: "ext-erika",
      userName: email,
      displayName: "Erika Mustermann",
      active: true,
      emails: [{ value: email, type: "work", primary: true }],
      meta: { resourceType: "User", location: `${app.base}/scim/v2/Users/${id}` },
    });
    const row = await membership(tenantA.id, id);
    expect(row).toMatchObject({
      roles: ["employee"],
      status: "active",
      scim_external_id: "ext-erika",
      manager_id: null,
    });
    const consents = await withTenant(db, tenantA.id, (tx) =>
      tx.selectFrom("advocacy_consents").select("id").where("membership_id", "=", id).execute(),
    );
    expect(consents).toEqual([]);
    const audit = await withTenant(db, tenantA.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["actor_user_id", "data"])
        .where("subject", "=", id)
        .where("action", "=", "member.provisioned")
        .executeTakeFirstOrThrow(),
    );
    expect(audit.actor_user_id).toBeNull();
    expect(audit.data).toMatchObject({ via: "scim", tokenId: scimA.id });

    // 3. found by userName (any case), externalId and the work address; and by id
    for (const expression of [
      `userName eq "${email.toUpperCase()}"`,
      `externalId eq "ext-erika"`,
      `emails[type eq "work"].value eq "${email}"`,
      `userName eq "${email}" and externalId eq "ext-erika"`,
    ]) {
      const found = await scim("GET", filter(expression));
      expect(found.body.totalResults, expression).toBe(1);
      expect((found.body.Resources as { id: string }[])[0]!.id).toBe(id);
    }
    expect((await scim("GET", filter(`externalId eq "EXT-ERIKA"`))).body.totalResults).toBe(0);
    expect((await scim("GET", `/Users/${id}`)).body.userName).toBe(email);

    // 4. Entra's PATCH: several operations, capitalised, the manager as a bare id
    const patched = await scim("PATCH", `/Users/${id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: "Replace", path: "name.familyName", value: "Musterfrau" },
          { op: "Replace", path: 'emails[type eq "work"].value', value: email },
          { op: "Replace", path: "title", value: "Vertriebsleitung" },
          { op: "Add", path: `${ENTERPRISE}:manager`, value: managerId },
        ],
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      displayName: "Erika Musterfrau",
      [ENTERPRISE]: { manager: { value: managerId, displayName: "Berta Boss" } },
    });
    expect((await membership(tenantA.id, id)).manager_id).toBe(managerId);

    // 5. a path-less replace of several attributes at once, manager as { value }, then removed
    const multi = await scim("PATCH", `/Users/${id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: "replace",
            value: { "name.givenName": "Eri", "name.familyName": "Neu", externalId: "ext-erika-2" },
          },
          { op: "replace", path: `${ENTERPRISE}:manager`, value: { value: managerId } },
        ],
      },
    });
    expect(multi.body).toMatchObject({ displayName: "Eri Neu", externalId: "ext-erika-2" });
    const removed = await scim("PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "Remove", path: `${ENTERPRISE}:manager` }] },
    });
    expect(removed.body[ENTERPRISE]).toBeUndefined();
    expect((await membership(tenantA.id, id)).manager_id).toBeNull();

    // 6. active "False" (Entra's string boolean): the session stops working at once
    const person = await membership(tenantA.id, id);
    const cookie = await sessionCookie(db, person.user_id);
    const token = decodeURIComponent(cookie.split("=")[1]!);
    const before = await fetch(`${app.base}/t/${tenantA.slug}`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(before.status).toBe(200);
    const off = await scim("PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] },
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await validateSessionToken(db, token)).toBeNull();
    const after = await fetch(`${app.base}/t/${tenantA.slug}`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
    expect((await membership(tenantA.id, id)).status).toBe("deactivated");
    // still listed, as inactive
    expect((await scim("GET", filter(`userName eq "${email}"`))).body.Resources).toMatchObject([
      { active: false },
    ]);

    // 7. active "True": back, with the employee role only
    const on = await scim("PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "True" }] },
    });
    expect(on.body.active).toBe(true);
    expect(await membership(tenantA.id, id)).toMatchObject({ status: "active", roles: ["employee"] });

    // 8. delete: 204, then 404 and not listed; the records stay
    const deleted = await fetch(`${app.base}/scim/v2/Users/${id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${scimA.token}` },
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expectScimError(await scim("GET", `/Users/${id}`), 404);
    expectScimError(
      await scim("PATCH", `/Users/${id}`, {
        body: { Operations: [{ op: "replace", path: "active", value: true }] },
      }),
      404,
    );
    expect((await scim("GET", filter(`userName eq "${email}"`))).body.totalResults).toBe(0);
    expect(await membership(tenantA.id, id)).toMatchObject({ status: "deactivated" });
    expect((await membership(tenantA.id, id)).scim_deleted_at).not.toBeNull();

    // 9. created again: the same membership comes back
    const revived = await scim("POST", "/Users", { body: entraCreate(email, "ext-erika-3") });
    expect(revived.status).toBe(201);
    expect(revived.body).toMatchObject({ id, active: true, externalId: "ext-erika-3" });
    expect((await membership(tenantA.id, id)).scim_deleted_at).toBeNull();

    // 10. and once more: 409 uniqueness
    expectScimError(await scim("POST", "/Users", { body: entraCreate(email) }), 409, "uniqueness");
  });
});

describe("Okta provisioning a person", () => {
  it("probes with paging, creates, replaces with PUT and deactivates with a path-less replace", async () => {
    const email = `okta.${uniqueId()}@${domain}`;
    const probe = await scim("GET", `${filter(`userName eq "${email}"`)}&startIndex=1&count=100`);
    expect(probe.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0 });
    const okta = {
      schemas: [USER],
      userName: email,
      name: { givenName: "Otto", familyName: "Okta" },
      emails: [{ primary: true, value: email, type: "work" }],
      displayName: "Otto Okta",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      groups: [],
      password: "1mz050nq",
      active: true,
    };
    const created = await scim("POST", "/Users", { body: okta, contentType: "application/json" });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const put = await scim("PUT", `/Users/${id}`, {
      body: {
        ...okta,
        id,
        displayName: "Otto Okta-Neu",
        name: { givenName: "Otto", familyName: "Okta-Neu" },
      },
      contentType: "application/json",
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Otto Okta-Neu", active: true });
    const off = await scim("PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] },
      contentType: "application/json",
    });
    expect(off.body.active).toBe(false);
    expect((await membership(tenantA.id, id)).status).toBe("deactivated");
  });
});

describe("only addresses of the company's verified e-mail domains", () => {
  const DETAIL =
    "userName must be an address of one of this company's e-mail domains verified by DNS; verify the domain under Admin → Single sign-on.";

  const refused = (answer: Answer) => {
    expectScimError(answer, 400, "invalidValue");
    expect(answer.body.detail).toBe(DETAIL);
  };
  const userRow = (email: string) =>
    db.selectFrom("users").select("id").where("email", "=", email.toLowerCase()).executeTakeFirst();
  const membershipsOf = (tenantId: string, userId: string) =>
    withTenant(db, tenantId, (tx) =>
      tx.selectFrom("memberships").select("id").where("user_id", "=", userId).execute(),
    );
  /** everything a directory sees of an answer but what differs on every request (clock, request id, CSP nonce) */
  const seen = (answer: Answer) => ({
    status: answer.status,
    headers: [...answer.headers]
      .filter(([name]) => name !== "date" && name !== "x-request-id")
      .map(([name, value]) => [name, value.replace(/'nonce-[^']*'/, "'nonce-…'")]),
    body: answer.body,
  });

  it("refuses an address of a domain the company has not verified: 400 invalidValue, no person, no membership", async () => {
    const email = `new.${uniqueId()}@unverified-${uniqueId()}.example.test`;
    refused(await scim("POST", "/Users", { body: entraCreate(email) }));
    expect(await userRow(email)).toBeUndefined();

    // a domain claimed but not yet verified (its TXT record not found) is no better
    const claimed = `claimed-${uniqueId()}.example.test`;
    await withTenant(db, tenantA.id, (tx) =>
      tx
        .insertInto("sso_domains")
        .values({ tenant_id: tenantA.id, domain: claimed, verification_token: uniqueId() })
        .execute(),
    );
    const address = `new.${uniqueId()}@${claimed}`;
    refused(await scim("POST", "/Users", { body: entraCreate(address) }));
    expect(await userRow(address)).toBeUndefined();
    // nor one verified by a sign-in: any account at the directory proves that much (Google's hd),
    // not that the company speaks for the domain's people
    await withTenant(db, tenantA.id, (tx) =>
      tx
        .updateTable("sso_domains")
        .set({ verified_at: new Date(), verified_by: "sso" })
        .where("domain", "=", claimed)
        .execute(),
    );
    refused(await scim("POST", "/Users", { body: entraCreate(address) }));
    expect(await userRow(address)).toBeUndefined();
    // nor a subdomain of a verified one: exactly the domain, as at sign-in
    refused(await scim("POST", "/Users", { body: entraCreate(`x.${uniqueId()}@mail.${domain}`) }));
  });

  it("refuses a stranger's address, another company's verified domain included, and adds them nowhere", async () => {
    const other = await createTenant(db);
    const otherDomain = await verifiedSsoDomain(db, other.id);
    const stranger = await createUser(db, {
      name: "Stella Stranger",
      email: `ceo.${uniqueId()}@${otherDomain}`,
    });
    await addMember(db, other.id, stranger.id, ["admin", "employee"]);

    const answer = await scim("POST", "/Users", { body: entraCreate(stranger.email) });
    refused(answer);
    expect(JSON.stringify(answer.body)).not.toContain("Stella");
    expect(await membershipsOf(tenantA.id, stranger.id)).toEqual([]);
    // a person with the default test address (example.test, which no tenant verifies) likewise
    const plain = await createUser(db);
    refused(await scim("POST", "/Users", { body: entraCreate(plain.email) }));
    expect(await membershipsOf(tenantA.id, plain.id)).toEqual([]);
    // the other company's own directory provisions them as usual
    const otherToken = (await issue(other, ["scim"])).token;
    expectScimError(
      await scim("POST", "/Users", { token: otherToken, body: entraCreate(stranger.email) }),
      409,
      "uniqueness",
    );
  });

  it("answers alike for an outside address with and without a Chorus account", async () => {
    const outside = `outside-${uniqueId()}.example.test`;
    const known = await createUser(db, { name: "Kim Known", email: `kim.${uniqueId()}@${outside}` });
    const unknown = `nobody.${uniqueId()}@${outside}`;
    const body = (email: string) => ({ ...entraCreate(email, "ext-same"), emails: [], displayName: "Same" });
    const forKnown = await scim("POST", "/Users", { body: body(known.email) });
    const forUnknown = await scim("POST", "/Users", { body: body(unknown) });
    refused(forKnown);
    expect(seen(forKnown)).toEqual(seen(forUnknown));
    expect(await userRow(unknown)).toBeUndefined();
    expect(await membershipsOf(tenantA.id, known.id)).toEqual([]);
  });

  it("does not revive a member the directory deleted once the domain is no longer verified", async () => {
    const tenant = await createTenant(db);
    const token = (await issue(tenant, ["scim"])).token;
    const own = await verifiedSsoDomain(db, tenant.id);
    const email = `leaver.${uniqueId()}@${own}`;
    const created = await scim("POST", "/Users", { token, body: entraCreate(email) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await scim("DELETE", `/Users/${id}`, { token })).status).toBe(204);
    await withTenant(db, tenant.id, (tx) =>
      tx
        .updateTable("sso_domains")
        .set({ verified_at: null, verified_by: null })
        .where("tenant_id", "=", tenant.id)
        .where("domain", "=", own)
        .execute(),
    );
    refused(await scim("POST", "/Users", { token, body: entraCreate(email) }));
    expect((await membership(tenant.id, id)).scim_deleted_at).not.toBeNull();
  });

  it("takes the address's domain in any case and an IDN's punycode form", async () => {
    const tenant = await createTenant(db);
    const token = (await issue(tenant, ["scim"])).token;
    // Müller-${id}.example.test as stored: lower case ASCII, punycode (the admin page's normalisation)
    const idn = await verifiedSsoDomain(db, tenant.id, `xn--mller-kva.d-${uniqueId()}.example.test`);
    const address = `erika.${uniqueId()}@${idn}`;
    const created = await scim("POST", "/Users", { token, body: entraCreate(address.toUpperCase()) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.userName).toBe(address);
  });
});

describe("lists and refusals", () => {
  it("pages with startIndex and count", async () => {
    const tenant = await createTenant(db);
    const token = (await issue(tenant, ["scim"])).token;
    const own = await verifiedSsoDomain(db, tenant.id);
    for (let i = 0; i < 3; i++)
      expect(
        (await scim("POST", "/Users", { token, body: entraCreate(`p${i}.${uniqueId()}@${own}`) })).status,
      ).toBe(201);
    const page = await scim("GET", "/Users?startIndex=2&count=1", { token });
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect((await scim("GET", "/Users?count=0", { token })).body).toMatchObject({
      totalResults: 3,
      itemsPerPage: 0,
    });
    expect((await scim("GET", "/Users?startIndex=0&count=500", { token })).body).toMatchObject({
      startIndex: 1,
      itemsPerPage: 3,
    });
    // over the maximum is the maximum, past the end an empty page, however many digits (§3.4.2.4)
    expect((await scim("GET", "/Users?count=12345678901", { token })).body).toMatchObject({
      totalResults: 3,
      itemsPerPage: 3,
    });
    const far = await scim("GET", `/Users?startIndex=${"9".repeat(30)}`, { token });
    expect(far.status, JSON.stringify(far.body)).toBe(200);
    expect(far.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expectScimError(await scim("GET", "/Users?count=many", { token }), 400, "invalidValue");
  });

  it("refuses unsupported filters with 400 invalidFilter", async () => {
    for (const expression of [
      'userName sw "a"',
      'userName eq "a" or userName eq "b"',
      'title eq "x"',
      "userName eq",
    ])
      expectScimError(await scim("GET", filter(expression)), 400, "invalidFilter");
  });

  it("refuses bad bodies: media type, JSON, schema, PATCH ops", async () => {
    const email = `bad.${uniqueId()}@${domain}`;
    expectScimError(
      await scim("POST", "/Users", { raw: JSON.stringify(entraCreate(email)), contentType: "text/plain" }),
      415,
    );
    expectScimError(await scim("POST", "/Users", { raw: "{not json" }), 400, "invalidSyntax");
    expectScimError(
      await scim("POST", "/Users", { body: { userName: "not-an-address" } }),
      400,
      "invalidValue",
    );
    const { body } = await scim("POST", "/Users", { body: entraCreate(email) });
    const id = body.id as string;
    expectScimError(
      await scim("PATCH", `/Users/${id}`, { body: { Operations: [{ op: "Move", path: "active" }] } }),
      400,
      "invalidValue",
    );
    expectScimError(
      await scim("PATCH", `/Users/${id}`, {
        body: { Operations: [{ op: "Replace", path: "active", value: "maybe" }] },
      }),
      400,
      "invalidValue",
    );
    expectScimError(
      await scim("PATCH", `/Users/${id}`, { body: { Operations: [{ op: "Remove", path: "userName" }] } }),
      400,
      "mutability",
    );
  });

  it("checks the manager: same tenant, active, not self, no loop", async () => {
    const a = (await scim("POST", "/Users", { body: entraCreate(`a.${uniqueId()}@${domain}`) })).body
      .id as string;
    const b = (await scim("POST", "/Users", { body: entraCreate(`b.${uniqueId()}@${domain}`) })).body
      .id as string;
    const setManager = (of: string, manager: string) =>
      scim("PATCH", `/Users/${of}`, {
        body: { Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: manager }] },
      });
    expect((await setManager(a, b)).status).toBe(200);
    expectScimError(await setManager(b, a), 400, "invalidValue"); // a loop
    expectScimError(await setManager(a, a), 400, "invalidValue"); // self
    expectScimError(await setManager(a, crypto.randomUUID()), 400, "invalidValue");
    expectScimError(await setManager(a, "not-an-id"), 400, "invalidValue");
    const other = await addMember(db, tenantB.id, (await createUser(db)).id, ["employee"]);
    expectScimError(await setManager(a, other.id), 400, "invalidValue"); // another tenant's
  });

  it("never shows or changes another tenant's members; ids that are no uuid are 404", async () => {
    const { body } = await scim("POST", "/Users", { body: entraCreate(`x.${uniqueId()}@${domain}`) });
    expectScimError(await scim("GET", `/Users/${body.id as string}`, { token: scimB }), 404);
    expectScimError(await scim("DELETE", `/Users/${body.id as string}`, { token: scimB }), 404);
    expect(
      (await scim("GET", filter(`userName eq "${body.userName as string}"`), { token: scimB })).body
        .totalResults,
    ).toBe(0);
    expectScimError(await scim("GET", "/Users/12345"), 404);
  });

  it("finds members who joined by invitation, and reuses a person another company knows without renaming them", async () => {
    const known = await createUser(db, { name: "Karl Known", email: `karl.${uniqueId()}@${domain}` });
    const invited = await addMember(db, tenantA.id, known.id, ["admin", "employee"]);
    const found = await scim("GET", filter(`userName eq "${known.email}"`));
    expect((found.body.Resources as { id: string }[])[0]!.id).toBe(invited.id);
    expectScimError(await scim("POST", "/Users", { body: entraCreate(known.email) }), 409, "uniqueness");

    // member of A; tenant B's directory provisions the same address
    const inB = await scim("POST", "/Users", { token: scimB, body: entraCreate(known.email) });
    expect(inB.status).toBe(201);
    expect(inB.body.displayName).toBe("Karl Known");
    expect((await membership(tenantB.id, inB.body.id as string)).user_id).toBe(known.id);
    // nor may B's directory change the address
    expectScimError(
      await scim("PATCH", `/Users/${inB.body.id as string}`, {
        token: scimB,
        body: { Operations: [{ op: "Replace", path: "userName", value: `new.${uniqueId()}@example.test` }] },
      }),
      400,
      "mutability",
    );
  });

  it("never changes a person's address: 400 mutability (the address signs them in everywhere)", async () => {
    const email = `old.${uniqueId()}@${domain}`;
    const { body } = await scim("POST", "/Users", { body: entraCreate(email) });
    const moved = await scim("PATCH", `/Users/${body.id as string}`, {
      body: { Operations: [{ op: "Replace", path: "userName", value: `new.${uniqueId()}@${domain}` }] },
    });
    expectScimError(moved, 400, "mutability");
    // the same address in another case is no change
    const same = await scim("PATCH", `/Users/${body.id as string}`, {
      body: { Operations: [{ op: "Replace", path: "userName", value: email.toUpperCase() }] },
    });
    expect(same.status).toBe(200);
    expect((await scim("GET", `/Users/${body.id as string}`)).body.userName).toBe(email);
  });

  it("is not subject to the CSRF origin check: a bearer-token request with a foreign Origin goes through", async () => {
    const res = await scim("POST", "/Users", {
      body: entraCreate(`csrf.${uniqueId()}@${domain}`),
      headers: { Origin: "https://evil.example" },
    });
    expect(res.status).toBe(201);
  });
});
