import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { authenticateApiToken, createApiToken, listApiTokens } from "~/app/modules/api/api-tokens.server.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import * as tokensRoute from "~/app/routes/admin.tokens.tsx";
import { addMember, createTenant, createUser } from "~/tests/support/factories.ts";

// The admin.tokens route's loader and action are called directly with real Requests (a signed-in
// session cookie), against this file's own PostgreSQL database.

let db: DB;
let tenant: Tenant;
let adminCookie: string;

beforeAll(async () => {
  ({ db } = await database());
  tenant = await createTenant(db);
  adminCookie = await signedIn(tenant, ["admin"]);
});

async function signedIn(t: Tenant, roles: Role[]): Promise<string> {
  const user = await createUser(db);
  await addMember(db, t.id, user.id, roles);
  const { token } = await createSession(db, user.id);
  return `${sessionCookieName()}=${encodeURIComponent(token)}`;
}

interface ActionData {
  created?: { name: string; token: string; scopes: string[] };
  notice?: string;
  error?: string;
}

/** What React Router would serialise: `data(...)` wraps the body and its status/headers. */
function unwrap(result: unknown): { body: ActionData; status: number; headers: Headers } {
  if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
    const r = result as unknown as { data: ActionData; init: ResponseInit | null };
    return { body: r.data, status: r.init?.status ?? 200, headers: new Headers(r.init?.headers) };
  }
  return { body: result as ActionData, status: 200, headers: new Headers() };
}

/** Fields as the form posts them: one `scopes` entry per ticked box. */
async function post(
  fields: Record<string, string | string[]>,
  { cookie = adminCookie, slug = tenant.slug } = {},
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  const request = new Request(`http://localhost/t/${slug}/admin/tokens`, {
    method: "POST",
    headers: { Cookie: cookie },
    body,
  });
  return unwrap(await tokensRoute.action({ request, params: { tenant: slug } } as never));
}

async function load({ cookie = adminCookie } = {}) {
  const request = new Request(`http://localhost/t/${tenant.slug}/admin/tokens`, {
    headers: { Cookie: cookie },
  });
  return tokensRoute.loader({ request, params: { tenant: tenant.slug } } as never);
}

describe("admin API tokens page", () => {
  it("creates a token shown once, which authenticates until it is revoked", async () => {
    const created = await post({ intent: "create", name: "Intranet sync", scopes: "content" });
    expect(created.status).toBe(200);
    expect(created.body.created?.scopes).toEqual(["content"]);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const token = created.body.created?.token;
    expect(token).toMatch(new RegExp(`^chorus_${tenant.slug}_[a-z2-7]+$`));
    const auth = await authenticateApiToken(db, `Bearer ${token!}`);
    expect(auth?.tenantId).toBe(tenant.id);
    expect(auth?.scopes).toEqual(["content"]);

    // The list shows name, scopes and status, never the secret or its hash.
    const { tokens } = await load();
    const listed = tokens.find((t) => t.id === auth?.tokenId);
    expect(listed).toMatchObject({ name: "Intranet sync", scopes: ["content"], revokedAt: null });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(tokens)).not.toContain(token!.split("_").at(-1)!);
    expect(Object.keys(listed!)).not.toContain("token_hash");

    const revoked = await post({ intent: "revoke", tokenId: auth!.tokenId });
    expect(revoked.body.notice).toBe("revoked");
    expect(await authenticateApiToken(db, `Bearer ${token!}`)).toBeNull();
    const after = (await load()).tokens.find((t) => t.id === auth?.tokenId);
    expect(after?.revokedAt).toBeInstanceOf(Date);
  });

  it("creates a provisioning token and shows the SCIM base URL to configure the directory with", async () => {
    const created = await post({ intent: "create", name: "Entra ID", scopes: "scim" });
    expect(created.body.created?.scopes).toEqual(["scim"]);
    const auth = await authenticateApiToken(db, created.body.created!.token);
    expect(auth?.scopes).toEqual(["scim"]);
    const loaded = await load();
    expect(loaded.scimBaseUrl).toMatch(/^https?:\/\/[^/]+\/scim\/v2$/);
    expect(loaded.tokens.find((t) => t.id === auth?.tokenId)?.scopes).toEqual(["scim"]);
  });

  it("refuses an empty name and creates nothing", async () => {
    const before = (await load()).tokens.length;
    const res = await post({ intent: "create", name: "   ", scopes: "content" });
    expect(res.status).toBe(400);
    expect(res.body.created).toBeUndefined();
    expect((await load()).tokens).toHaveLength(before);
  });

  it("creates a token with the scopes ticked, lists them and records them in the audit event", async () => {
    const hr = await post({ intent: "create", name: "HR export", scopes: ["credit", "content", "credit"] });
    expect(hr.status).toBe(200);
    // duplicates collapse, the order is fixed
    expect(hr.body.created?.scopes).toEqual(["content", "credit"]);
    const hrAuth = await authenticateApiToken(db, hr.body.created!.token);
    expect(hrAuth?.scopes).toEqual(["content", "credit"]);

    const creditOnly = await post({ intent: "create", name: "HR only", scopes: "credit" });
    const creditAuth = await authenticateApiToken(db, creditOnly.body.created!.token);
    expect(creditAuth?.scopes).toEqual(["credit"]);

    const { tokens } = await load();
    expect(tokens.find((t) => t.id === hrAuth?.tokenId)?.scopes).toEqual(["content", "credit"]);
    expect(tokens.find((t) => t.id === creditAuth?.tokenId)?.scopes).toEqual(["credit"]);

    const audit = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "data"])
        .where("tenant_id", "=", tenant.id)
        .where("subject", "=", creditAuth!.tokenId)
        .execute(),
    );
    // created without choosing a lifetime: a year
    expect(audit).toEqual([
      {
        action: "api_token.created",
        data: { name: "HR only", scopes: ["credit"], expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      },
    ]);
  });

  it("refuses a token without any scope, or with an unknown one, naming the scopes field, and creates nothing", async () => {
    const before = (await load()).tokens.length;
    const none = await post({ intent: "create", name: "Nothing" });
    expect(none.status).toBe(400);
    expect(none.body.created).toBeUndefined();
    expect((none.body as { result?: { error?: Record<string, string[]> } }).result?.error?.scopes).toEqual([
      "scopesRequired",
    ]);

    const unknown = await post({ intent: "create", name: "Everything", scopes: ["content", "admin"] });
    expect(unknown.status).toBe(400);
    expect(
      (unknown.body as { result?: { error?: Record<string, string[]> } }).result?.error?.["scopes[1]"],
    ).toEqual(["scopeUnknown"]);
    expect((await load()).tokens).toHaveLength(before);
  });

  it("the database refuses a token with no scope or an unknown one, and gives content only by default", async () => {
    const insert = (scopes?: string[]) =>
      withTenant(db, tenant.id, (tx) =>
        tx
          .insertInto("api_tokens")
          .values({
            tenant_id: tenant.id,
            name: "raw",
            token_hash: `raw-${crypto.randomUUID()}`,
            ...(scopes ? { scopes: scopes as never } : {}),
          })
          .returning("scopes")
          .executeTakeFirstOrThrow(),
      );
    await expect(insert([])).rejects.toMatchObject({ code: "23514" });
    await expect(insert(["content", "admin"])).rejects.toMatchObject({ code: "23514" });
    await expect(insert()).resolves.toEqual({ scopes: ["content"] });
  });

  it("cannot revoke another tenant's token, which keeps working", async () => {
    const other = await createTenant(db);
    const theirs = await withTenant(db, other.id, (tx) =>
      createApiToken(tx, { name: "theirs", tenantId: other.id, tenantSlug: other.slug, createdBy: null }),
    );
    const res = await post({ intent: "revoke", tokenId: theirs.id });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe("notFound");
    expect(await authenticateApiToken(db, theirs.token)).toMatchObject({ tenantId: other.id });
    const stillActive = await withTenant(db, other.id, (tx) => listApiTokens(tx, other.id));
    expect(stillActive.map((t) => t.revokedAt)).toEqual([null]);
    // a malformed id is "not found" too, not a database error
    expect((await post({ intent: "revoke", tokenId: "not-a-uuid" })).status).toBe(404);
  });

  it("is for admins only: a comms lead gets 403, a non-member 404", async () => {
    const leadCookie = await signedIn(tenant, ["comms_lead", "employee"]);
    await expect(
      post({ intent: "create", name: "sneaky", scopes: "content" }, { cookie: leadCookie }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(load({ cookie: leadCookie })).rejects.toMatchObject({ status: 403 });
    const stranger = await signedIn(await createTenant(db), ["admin"]);
    await expect(
      post({ intent: "create", name: "sneaky", scopes: "content" }, { cookie: stranger }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await load()).tokens.some((t) => t.name === "sneaky")).toBe(false);
  });
});
