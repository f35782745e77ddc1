import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { database, type DB } from "~/db/client.ts";
import type { Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import routes from "~/app/routes.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { openApiDocument } from "~/app/modules/api/openapi.server.ts";
import * as apiSchemas from "~/app/modules/api/schemas.ts";
import * as openapiRoute from "~/app/routes/api.v1.openapi.ts";
import * as postsRoute from "~/app/routes/api.v1.posts.ts";
import * as postRoute from "~/app/routes/api.v1.post.ts";
import * as suggestionsRoute from "~/app/routes/api.v1.suggestions.ts";
import * as creditRoute from "~/app/routes/api.v1.credit.ts";
import { contentHash, StatementContent } from "~/app/modules/goals/statement.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

interface Doc {
  openapi: string;
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        parameters?: { name: string; in: string }[];
        responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
      }
    >
  >;
  components: {
    schemas: Record<string, unknown>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
}

const doc = openApiDocument() as unknown as Doc;

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 according to a stock validator", async () => {
    const result = await new Validator().validate(doc as never);
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("describes every /api/v1 route the app registers, and no other", () => {
    const registered = routes
      .map((r) => r.path ?? "")
      .filter((p) => p.startsWith("api/v1/"))
      .map((p) => `/${p.slice("api/v1/".length)}`.replace(/:(\w+)/g, "{$1}"))
      .sort();
    expect(registered.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(doc.paths).sort()).toEqual(registered);
    expect(Object.keys(doc.paths["/posts"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(doc.paths["/posts"]?.get?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      "query:limit",
      "query:offset",
      "query:status",
    ]);
    expect(doc.paths["/posts/{id}"]?.get?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(["path:id"]);
    expect(doc.paths["/credit"]?.get?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      "query:from",
      "query:period",
      "query:to",
    ]);
    expect(doc.paths["/credit"]?.get?.responses["200"]?.content?.["application/json"]?.schema.$ref).toBe(
      "#/components/schemas/CreditStatementList",
    );
  });

  it("requires the bearer scheme everywhere except for the document itself", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/openapi.json"]?.get?.security).toEqual([]);
    expect(doc.servers[0]?.url).toMatch(/^https?:\/\/.+\/api\/v1$/);
  });

  it("names the scope each operation needs, and documents the 403 insufficient_scope", () => {
    const scopes = Object.fromEntries(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security]),
      ),
    );
    expect(scopes).toEqual({
      "GET /posts": [{ bearerAuth: ["content"] }],
      "POST /posts": [{ bearerAuth: ["content"] }],
      "GET /posts/{id}": [{ bearerAuth: ["content"] }],
      "GET /suggestions": [{ bearerAuth: ["content"] }],
      "GET /credit": [{ bearerAuth: ["credit"] }],
      "GET /openapi.json": [],
    });
    const credit403 = doc.paths["/credit"]?.get?.responses["403"] as
      { description: string; content?: Record<string, { schema: { $ref?: string } }> } | undefined;
    expect(credit403?.description).toContain("insufficient_scope");
    expect(credit403?.description).toContain("`credit` scope");
    expect(credit403?.content?.["application/json"]?.schema.$ref).toBe("#/components/schemas/Error");
    expect((doc.components.securitySchemes.bearerAuth as { description?: string }).description).toMatch(
      /`content`.*`credit`/s,
    );
    const errorCodes = (
      doc.components.schemas.Error as { properties: { error: { properties: { code: { enum: string[] } } } } }
    ).properties.error.properties.code.enum;
    expect(errorCodes).toContain("insufficient_scope");
  });

  it("documents the error responses with the Error schema", () => {
    const post = doc.paths["/posts"]?.post;
    for (const status of ["400", "401", "413", "415"])
      expect(post?.responses[status]?.content?.["application/json"]?.schema.$ref, status).toBe(
        "#/components/schemas/Error",
      );
    expect(doc.paths["/posts/{id}"]?.get?.responses["404"]?.content?.["application/json"]?.schema.$ref).toBe(
      "#/components/schemas/Error",
    );
  });

  it("resolves every $ref inside the document", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
    }
  });

  it("is served at /api/v1/openapi.json without a token, as JSON that is not cached", async () => {
    const res = await openapiRoute.loader({
      request: new Request("http://localhost/api/v1/openapi.json"),
      params: {},
    } as never);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});

// ---- real responses conform to what the document says ---------------------------------------

/** The zod schema behind each component, found by the id it was registered with (.meta({ id })). */
const schemaById = new Map<string, z.ZodType>();
for (const value of Object.values(apiSchemas)) {
  if (value instanceof z.ZodType) {
    const id = z.globalRegistry.get(value)?.id;
    if (typeof id === "string") schemaById.set(id, value);
  }
}

/** Checks a real response against the schema the document names for this path, method and status. */
async function expectConforms(path: string, method: "get" | "post", res: Response): Promise<void> {
  const response = doc.paths[path]?.[method]?.responses[String(res.status)];
  expect(response, `${method.toUpperCase()} ${path} → ${res.status} is not documented`).toBeDefined();
  expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  const ref = response?.content?.["application/json"]?.schema.$ref ?? "";
  const schema = schemaById.get(ref.replace("#/components/schemas/", ""));
  expect(schema, `no zod schema for ${ref}`).toBeDefined();
  const parsed = schema!.safeParse(await res.json());
  if (!parsed.success) console.error(method, path, res.status, parsed.error.issues);
  expect(parsed.success, `${method.toUpperCase()} ${path} → ${res.status} does not match ${ref}`).toBe(true);
}

describe("real responses match the document", () => {
  let db: DB;
  let tenant: Tenant;
  let token: string;
  let contentOnly: string;
  let creditOnly: string;
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("Authorization")) headers.set("Authorization", `Bearer ${token}`);
    return new Request(`http://localhost/api/v1${path}`, { ...init, headers });
  };

  beforeAll(async () => {
    ({ db } = await database());
    tenant = await createTenant(db);
    ({ token } = await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, {
        name: `openapi ${uniqueId()}`,
        scopes: ["content", "credit"],
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        createdBy: null,
      }),
    ));
    ({ token: contentOnly } = await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, {
        name: "cms",
        scopes: ["content"],
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        createdBy: null,
      }),
    ));
    ({ token: creditOnly } = await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, {
        name: "hr",
        scopes: ["credit"],
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        createdBy: null,
      }),
    ));
    await withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("suggestions")
        .values({ tenant_id: tenant.id, url: "https://example.test/s", reason: "Worth it" })
        .execute(),
    );
    await releasedStatement(db, tenant);
  });

  it("for every documented operation and its success and error statuses", async () => {
    const create = (
      body: unknown,
      headers: Record<string, string> = { "Content-Type": "application/json" },
    ) =>
      postsRoute.action({
        request: request("/posts", {
          method: "POST",
          headers,
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
        params: {},
      } as never);

    const created = await create({
      title: "Conformance",
      url: "https://example.test/a",
      publishAt: "2030-01-01T09:00:00+01:00",
      captions: [{ network: "bluesky", language: "de", addressForm: "sie", text: "Lesen Sie das" }],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.clone().json()) as { id: string };
    await expectConforms("/posts", "post", created);
    await expectConforms("/posts", "post", await create({ title: "", url: "javascript:alert(1)" }));
    await expectConforms("/posts", "post", await create("title=x", { "Content-Type": "text/plain" }));
    await expectConforms(
      "/posts",
      "post",
      await create({}, { "Content-Type": "application/json", Authorization: "Bearer nope" }),
    );

    await expectConforms(
      "/posts",
      "get",
      await postsRoute.loader({ request: request("/posts?limit=1"), params: {} } as never),
    );
    await expectConforms(
      "/posts",
      "get",
      await postsRoute.loader({ request: request("/posts?limit=0"), params: {} } as never),
    );
    await expectConforms(
      "/posts/{id}",
      "get",
      await postRoute.loader({ request: request(`/posts/${id}`), params: { id } } as never),
    );
    await expectConforms(
      "/posts/{id}",
      "get",
      await postRoute.loader({ request: request("/posts/x"), params: { id: "x" } } as never),
    );
    await expectConforms(
      "/suggestions",
      "get",
      await suggestionsRoute.loader({ request: request("/suggestions"), params: {} } as never),
    );
    await expectConforms(
      "/suggestions",
      "get",
      await suggestionsRoute.loader({ request: request("/suggestions?status=maybe"), params: {} } as never),
    );

    const credit = await creditRoute.loader({
      request: request("/credit?period=2026-Q4"),
      params: {},
    } as never);
    expect(((await credit.clone().json()) as { statements: unknown[] }).statements).toHaveLength(1);
    await expectConforms("/credit", "get", credit);
    await expectConforms(
      "/credit",
      "get",
      await creditRoute.loader({ request: request("/credit?period=2026-Q9"), params: {} } as never),
    );
    await expectConforms(
      "/credit",
      "get",
      await creditRoute.loader({
        request: request("/credit?period=2026", { headers: { Authorization: "Bearer nope" } }),
        params: {},
      } as never),
    );

    const outOfScope = await creditRoute.loader({
      request: request("/credit?period=2026-Q4", { headers: { Authorization: `Bearer ${contentOnly}` } }),
      params: {},
    } as never);
    expect(outOfScope.status).toBe(403);
    expect(((await outOfScope.clone().json()) as { error: { code: string } }).error.code).toBe(
      "insufficient_scope",
    );
    await expectConforms("/credit", "get", outOfScope);
    const postsOutOfScope = await postsRoute.loader({
      request: request("/posts", { headers: { Authorization: `Bearer ${creditOnly}` } }),
      params: {},
    } as never);
    expect(postsOutOfScope.status).toBe(403);
    await expectConforms("/posts", "get", postsOutOfScope);
  });
});

/** One released credit statement in 2026-Q4, as the period close locks it and the employee releases it. */
async function releasedStatement(db: DB, tenant: Tenant): Promise<void> {
  const user = await createUser(db, { name: "Jürgen Weiß" });
  const employee = await addMember(db, tenant.id, user.id, ["employee"]);
  const content = StatementContent.parse({
    version: 1,
    tenant: { id: tenant.id, name: tenant.name },
    employee: { membershipId: employee.id, name: "Jürgen Weiß", team: null },
    manager: null,
    period: { kind: "quarter", label: "2026-Q4", startsOn: "2026-10-01", endsOn: "2026-12-31" },
    objectives: [
      {
        position: 1,
        title: "Teilen",
        metric: "shares",
        target: 5,
        weight: 100,
        actual: 5,
        attainmentPercent: 100,
        weightedPercent: 100,
        manualNote: null,
        activities: [{ date: "2026-10-05", kind: "share", label: "Post", value: 1 }],
        activityCount: 5,
      },
    ],
    overallPercent: 100,
    capPercent: 150,
    rules: [{ id: "default", effectiveFrom: "2026-01-01", rules: { share: 10 } }],
    generatedAt: "2027-01-01T00:00:00.000Z",
    supersedes: null,
  });
  await withTenant(db, tenant.id, async (tx) => {
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: tenant.id,
        employee_id: employee.id,
        period_kind: "quarter",
        period_label: "2026-Q4",
        starts_on: "2026-10-01",
        ends_on: "2026-12-31",
        status: "closed",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("credit_statements")
      .values({
        tenant_id: tenant.id,
        agreement_id: agreement.id,
        employee_id: employee.id,
        period_label: "2026-Q4",
        starts_on: "2026-10-01",
        ends_on: "2026-12-31",
        content: JSON.stringify(content),
        content_hash: contentHash(content),
        released_at: new Date(),
        release_mode: "employee",
      })
      .execute();
  });
}
