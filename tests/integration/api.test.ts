import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { database, type DB } from "~/db/client.ts";
import type { Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken, revokeApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { MAX_BODY_BYTES } from "~/app/modules/api/http.server.ts";
import { ApiError, ApiPost, ApiPostList, ApiSuggestionList } from "~/app/modules/api/schemas.ts";
import * as postsRoute from "~/app/routes/api.v1.posts.ts";
import * as postRoute from "~/app/routes/api.v1.post.ts";
import * as suggestionsRoute from "~/app/routes/api.v1.suggestions.ts";
import * as notFoundRoute from "~/app/routes/api.not-found.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

// The route modules are called directly with real Requests against this file's own PostgreSQL
// database: the same code path as through the server, minus the build.

type Args = { request: Request; params: Record<string, string> };
type Handler = (args: never) => Promise<Response> | Response;

let db: DB;
let tenantA: Tenant;
let tenantB: Tenant;
let tokenA: string;
let tokenB: string;
let revokedToken: string;

beforeAll(async () => {
  ({ db } = await database());
  tenantA = await createTenant(db);
  tenantB = await createTenant(db);
  tokenA = (await issueToken(tenantA)).token;
  tokenB = (await issueToken(tenantB)).token;
  const revoked = await issueToken(tenantA);
  await withTenant(db, tenantA.id, (tx) => revokeApiToken(tx, tenantA.id, revoked.id));
  revokedToken = revoked.token;
});

function issueToken(tenant: Tenant): Promise<{ id: string; token: string }> {
  return withTenant(db, tenant.id, (tx) =>
    createApiToken(tx, {
      name: `test ${uniqueId()}`,
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      createdBy: null,
    }),
  );
}

const countPosts = async (tenantId: string) =>
  Number(
    (
      await withTenant(db, tenantId, (tx) =>
        tx
          .selectFrom("posts")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow(),
      )
    ).n,
  );

/** Calls a route function like React Router does for a resource route. */
async function call(
  handler: Handler,
  path: string,
  init: RequestInit & { token?: string | null; params?: Record<string, string> } = {},
): Promise<Response> {
  const { token = tokenA, params = {}, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const request = new Request(`http://localhost${path}`, { ...rest, headers });
  const args: Args = { request, params };
  return handler(args as never);
}

const postJson = (body: unknown, init: { token?: string | null } = {}) =>
  call(postsRoute.action, "/api/v1/posts", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });

/** The body, checked against the schema the API documents for it. */
async function bodyOf<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S>> {
  expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success)
    throw new Error(`response does not match its schema: ${JSON.stringify(parsed.error.issues, null, 2)}`);
  return parsed.data;
}

const validPost = () => ({
  title: `Our new plant in Leipzig ${uniqueId()}`,
  url: "https://example.com/news/leipzig",
  captions: [
    { network: "linkedin", language: "de", addressForm: "du", text: "Wir bauen in Leipzig! 🎉" },
    { network: "x", language: "en", text: "We are building in Leipzig https://example.com/news/leipzig" },
  ],
});

describe("authentication", () => {
  it("answers 401 with the error shape and a Bearer challenge when no token is sent", async () => {
    const res = await call(postsRoute.loader, "/api/v1/posts", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    const body = await bodyOf(res, ApiError);
    expect(body.error.code).toBe("unauthorized");
  });

  it("answers 401 for a revoked token, an unknown token and a malformed header", async () => {
    for (const token of [revokedToken, `chorus_${tenantA.slug}_${"a".repeat(32)}`, "not-a-token"]) {
      const res = await call(postsRoute.loader, "/api/v1/posts", { token });
      expect(res.status, token).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
      expect((await bodyOf(res, ApiError)).error.code).toBe("unauthorized");
    }
  });

  it("answers 401 before looking at the body of a create", async () => {
    const before = await countPosts(tenantA.id);
    const res = await postJson(validPost(), { token: revokedToken });
    expect(res.status).toBe(401);
    expect(await countPosts(tenantA.id)).toBe(before);
  });
});

describe("creating and reading posts", () => {
  it("creates a draft (201, Location) that GET /posts/:id returns with its captions", async () => {
    const input = validPost();
    const res = await postJson(input);
    expect(res.status).toBe(201);
    const created = await bodyOf(res, ApiPost);
    expect(created.status).toBe("draft");
    expect(created.title).toBe(input.title);
    expect(created.kind).toBe("link");
    expect(created.preview.status).toBe("pending");
    expect(created.targetAll).toBe(true);
    expect(res.headers.get("Location")).toMatch(new RegExp(`/api/v1/posts/${created.id}$`));

    const got = await call(postRoute.loader, `/api/v1/posts/${created.id}`, { params: { id: created.id } });
    expect(got.status).toBe(200);
    const post = await bodyOf(got, ApiPost);
    expect(post.id).toBe(created.id);
    expect(post.captions.map((c) => [c.network, c.language, c.addressForm, c.text])).toEqual([
      ["linkedin", "de", "du", "Wir bauen in Leipzig! 🎉"],
      ["x", "en", null, "We are building in Leipzig https://example.com/news/leipzig"],
    ]);
  });

  it("records the post as created by the token, with no human author", async () => {
    const created = await bodyOf(await postJson(validPost()), ApiPost);
    const { post, audit } = await withTenant(db, tenantA.id, async (tx) => ({
      post: await tx
        .selectFrom("posts")
        .select(["author_id", "tenant_id"])
        .where("id", "=", created.id)
        .executeTakeFirstOrThrow(),
      audit: await tx
        .selectFrom("audit_events")
        .select(["actor_user_id", "data"])
        .where("action", "=", "post.created")
        .where("subject", "=", created.id)
        .executeTakeFirstOrThrow(),
    }));
    expect(post).toEqual({ author_id: null, tenant_id: tenantA.id });
    expect(audit.actor_user_id).toBeNull();
    expect(audit.data).toMatchObject({ via: "api" });
    expect(typeof audit.data.apiTokenId).toBe("string");
  });

  it("creates a text post without url", async () => {
    const res = await postJson({ title: "A thought for the week", captions: [] });
    expect(res.status).toBe(201);
    const post = await bodyOf(res, ApiPost);
    expect([post.kind, post.url, post.preview.status]).toEqual(["text", null, "none"]);
  });

  it("answers 404 to tenant B's token asking for tenant A's post, and to malformed or unknown ids", async () => {
    const created = await bodyOf(await postJson(validPost()), ApiPost);
    const cases: [string, string][] = [
      [created.id, tokenB],
      ["not-a-uuid", tokenA],
      ["00000000-0000-4000-8000-000000000000", tokenA],
    ];
    for (const [id, token] of cases) {
      const res = await call(postRoute.loader, `/api/v1/posts/${id}`, { token, params: { id } });
      expect(res.status, id).toBe(404);
      expect((await bodyOf(res, ApiError)).error.code).toBe("not_found");
    }
    // …and B's list does not contain it either.
    const list = await bodyOf(await call(postsRoute.loader, "/api/v1/posts", { token: tokenB }), ApiPostList);
    expect(list.posts.map((p) => p.id)).not.toContain(created.id);
  });
});

describe("invalid input", () => {
  it("refuses a javascript: URL with a field error on url", async () => {
    const res = await postJson({ ...validPost(), url: "javascript:alert(1)" });
    expect(res.status).toBe(400);
    const body = await bodyOf(res, ApiError);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.fields?.url).toEqual(["must be an http(s) URL without user name or password"]);
  });

  it("refuses a caption too long for X, saying how X counted it", async () => {
    const text = `${"a".repeat(260)} https://example.com/${"x".repeat(100)}`; // 261 + 23 for the link
    const res = await postJson({ ...validPost(), captions: [{ network: "x", language: "en", text }] });
    expect(res.status).toBe(400);
    const body = await bodyOf(res, ApiError);
    expect(body.error.fields?.["captions.0.text"]).toEqual([
      "is too long for x: 284 characters as x counts them, at most 280",
    ]);
  });

  it("names every invalid field, in plain English, and creates nothing", async () => {
    const before = await countPosts(tenantA.id);
    const res = await postJson({
      title: 42,
      captions: [{ network: "myspace", language: "en", text: "" }],
      expiresAt: "soon",
    });
    expect(res.status).toBe(400);
    const fields = (await bodyOf(res, ApiError)).error.fields ?? {};
    expect(fields.title).toEqual(["must be a string"]);
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining(["captions.0.network", "captions.0.text", "expiresAt"]),
    );
    expect(fields["captions.0.text"]).toEqual(["is required"]);
    expect(await countPosts(tenantA.id)).toBe(before);
  });

  it("refuses a topic id of another tenant as a field error", async () => {
    const topicOfB = await withTenant(db, tenantB.id, (tx) =>
      tx
        .insertInto("topics")
        .values({ tenant_id: tenantB.id, name: `Legal ${uniqueId()}` })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const res = await postJson({ ...validPost(), topicIds: [topicOfB.id] });
    expect(res.status).toBe(400);
    expect((await bodyOf(res, ApiError)).error.fields?.topicIds).toEqual([
      "contains a topic id that does not exist in this tenant",
    ]);
  });

  it("refuses a body that is not JSON with 415, and broken JSON with 400", async () => {
    const form = await call(postsRoute.action, "/api/v1/posts", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "title=x&url=https%3A%2F%2Fexample.com",
    });
    expect(form.status).toBe(415);
    expect((await bodyOf(form, ApiError)).error.code).toBe("unsupported_media_type");

    const broken = await call(postsRoute.action, "/api/v1/posts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"title": ',
    });
    expect(broken.status).toBe(400);
    expect((await bodyOf(broken, ApiError)).error.message).toMatch(/not valid JSON/);

    const array = await postJson([validPost()]);
    expect(array.status).toBe(400);
    expect((await bodyOf(array, ApiError)).error.message).toMatch(/must be an object/);
  });

  it("refuses a body over 1 MB with 413, also when it is streamed without Content-Length", async () => {
    const huge = JSON.stringify({ ...validPost(), body: "x".repeat(MAX_BODY_BYTES) });
    const declared = await call(postsRoute.action, "/api/v1/posts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: huge,
    });
    expect(declared.status).toBe(413);
    expect((await bodyOf(declared, ApiError)).error.code).toBe("payload_too_large");

    const bytes = new TextEncoder().encode(huge);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const streamed = await call(postsRoute.action, "/api/v1/posts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe("listing", () => {
  it("pages through the tenant's posts with limit and offset, and filters by status", async () => {
    const tenant = await createTenant(db);
    const { token } = await issueToken(tenant);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await bodyOf(await postJson({ ...validPost(), title: `Post ${i}` }, { token }), ApiPost)).id);
    await withTenant(db, tenant.id, (tx) =>
      tx.updateTable("posts").set({ status: "archived" }).where("id", "=", ids[0]!).execute(),
    );

    const page1 = await bodyOf(
      await call(postsRoute.loader, "/api/v1/posts?limit=2", { token }),
      ApiPostList,
    );
    const page2 = await bodyOf(
      await call(postsRoute.loader, "/api/v1/posts?limit=2&offset=2", { token }),
      ApiPostList,
    );
    const page3 = await bodyOf(
      await call(postsRoute.loader, "/api/v1/posts?limit=2&offset=4", { token }),
      ApiPostList,
    );
    expect(page1.pagination).toEqual({ total: 5, limit: 2, offset: 0 });
    expect([page1.posts.length, page2.posts.length, page3.posts.length]).toEqual([2, 2, 1]);
    const seen = [...page1.posts, ...page2.posts, ...page3.posts].map((p) => p.id);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(page1.posts[0]?.captionCount).toBe(2);

    const drafts = await bodyOf(
      await call(postsRoute.loader, "/api/v1/posts?status=draft", { token }),
      ApiPostList,
    );
    expect(drafts.pagination.total).toBe(4);
    expect(drafts.posts.every((p) => p.status === "draft")).toBe(true);
  });

  it("refuses out-of-range paging and unknown statuses with field errors", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["offset=-1", "offset"],
      ["limit=ten", "limit"],
      ["status=deleted", "status"],
    ] as const) {
      const res = await call(postsRoute.loader, `/api/v1/posts?${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys((await bodyOf(res, ApiError)).error.fields ?? {}), query).toEqual([field]);
    }
  });

  it("lists the tenant's suggestions, filtered by status, without the suggester's name or email", async () => {
    const tenant = await createTenant(db);
    const { token } = await issueToken(tenant);
    const user = await createUser(db);
    const member = await addMember(db, tenant.id, user.id, ["employee"]);
    await withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("suggestions")
        .values([
          {
            tenant_id: tenant.id,
            suggester_id: member.id,
            url: "https://example.com/a",
            reason: "Great read",
          },
          {
            tenant_id: tenant.id,
            suggester_id: member.id,
            url: "https://example.com/b",
            reason: "Old news",
            status: "declined",
            decline_reason: "Outdated",
            decided_at: new Date(),
          },
        ])
        .execute(),
    );
    // Another tenant's suggestion must not show up.
    await withTenant(db, tenantB.id, (tx) =>
      tx
        .insertInto("suggestions")
        .values({ tenant_id: tenantB.id, url: "https://example.com/b-only", reason: "B" })
        .execute(),
    );

    const all = await bodyOf(
      await call(suggestionsRoute.loader, "/api/v1/suggestions", { token }),
      ApiSuggestionList,
    );
    expect(all.suggestions.map((s) => s.url).sort()).toEqual([
      "https://example.com/a",
      "https://example.com/b",
    ]);
    expect(all.suggestions.every((s) => s.suggesterId === member.id)).toBe(true);
    expect(JSON.stringify(all)).not.toContain(user.email);

    const open = await bodyOf(
      await call(suggestionsRoute.loader, "/api/v1/suggestions?status=open", { token }),
      ApiSuggestionList,
    );
    expect(open.suggestions.map((s) => [s.url, s.status, s.declineReason])).toEqual([
      ["https://example.com/a", "open", null],
    ]);
  });
});

describe("unknown paths and methods", () => {
  it("answers other /api paths with a JSON 404 for any method", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const res = await call(
        method === "GET" ? notFoundRoute.loader : notFoundRoute.action,
        "/api/v2/posts",
        { method, params: { "*": "v2/posts" } },
      );
      expect(res.status, method).toBe(404);
      expect((await bodyOf(res, ApiError)).error.code).toBe("not_found");
    }
  });

  it("answers unsupported methods on known paths with 405 and Allow", async () => {
    const created = await bodyOf(await postJson(validPost()), ApiPost);
    const del = await call(postRoute.action, `/api/v1/posts/${created.id}`, {
      method: "DELETE",
      params: { id: created.id },
    });
    expect(del.status).toBe(405);
    expect(del.headers.get("Allow")).toBe("GET");
    expect((await bodyOf(del, ApiError)).error.code).toBe("method_not_allowed");

    const put = await call(postsRoute.action, "/api/v1/posts", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET, POST");
    // The post is still there.
    expect(
      (await call(postRoute.loader, `/api/v1/posts/${created.id}`, { params: { id: created.id } })).status,
    ).toBe(200);
  });
});
