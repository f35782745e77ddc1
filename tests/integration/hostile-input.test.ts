import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { isDataException, toResponse } from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { handleApi } from "~/app/modules/api/http.server.ts";
import { ApiError } from "~/app/modules/api/schemas.ts";
import * as postsRoute from "~/app/routes/api.v1.posts.ts";
import * as postRoute from "~/app/routes/api.v1.post.ts";
import * as suggestionsRoute from "~/app/routes/api.v1.suggestions.ts";
import * as creditRoute from "~/app/routes/api.v1.credit.ts";
import * as suggestRoute from "~/app/routes/suggest.tsx";
import * as newPostRoute from "~/app/routes/content.new.tsx";
import { addMember, createTenant, createUser, uniqueId, sessionCookie } from "~/tests/support/factories.ts";

// Hostile input (issue 12): a NUL character, a lone UTF-16 surrogate or a date PostgreSQL cannot hold
// must be a 400 with a field error on every API operation and in the web forms, never a 500, and
// nothing may be written. The route functions are called with real Requests against this file's own
// database, as React Router would call them.

const NUL = "\u0000";
const LONE = "\uD83D"; // the first half of 🎉's surrogate pair, alone
/** A lone surrogate as it can arrive in a URL: its (CESU-8) bytes; UTF-8 decoding makes them U+FFFD. */
const LONE_IN_URL = "%ED%A0%BD";

let db: DB;
let tenant: Tenant;
let token: string;
let cookieLead: string;
let cookieEmployee: string;

beforeAll(async () => {
  logger.level = "silent";
  ({ db } = await database());
  tenant = await createTenant(db);
  ({ token } = await withTenant(db, tenant.id, (tx) =>
    createApiToken(tx, {
      name: `hostile ${uniqueId()}`,
      scopes: ["content", "credit"],
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      createdBy: null,
    }),
  ));
  const lead = await createUser(db);
  await addMember(db, tenant.id, lead.id, ["comms_lead", "employee"]);
  const employee = await createUser(db);
  await addMember(db, tenant.id, employee.id, ["employee"]);
  const cookieOf = async (userId: string) => await sessionCookie(db, userId);
  cookieLead = await cookieOf(lead.id);
  cookieEmployee = await cookieOf(employee.id);
});

const count = async (table: "posts" | "suggestions") =>
  Number(
    (
      await withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow(),
      )
    ).n,
  );

// ---- the public API ------------------------------------------------------------------------------

type Handler = (args: never) => Promise<Response> | Response;

function api(
  handler: Handler,
  path: string,
  init: RequestInit & { params?: Record<string, string> } = {},
): Promise<Response> {
  const { params = {}, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return Promise.resolve(
    handler({ request: new Request(`http://localhost${path}`, { ...rest, headers }), params } as never),
  );
}

const createPost = (body: unknown) =>
  api(postsRoute.action, "/api/v1/posts", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

const validPost = () => ({
  title: `Neues Werk in Leipzig ${uniqueId()}`,
  url: "https://example.com/news/leipzig",
  body: "Schöne Grüße aus Köln",
  publishAt: "2026-12-01T09:00:00Z",
  captions: [{ network: "linkedin", language: "de", addressForm: "du", text: "Wir bauen in Leipzig! 🎉" }],
});

/** A 400 in the API's error shape; returns its field errors. */
async function expectInvalid(res: Response): Promise<Record<string, string[]>> {
  expect(res.status).toBe(400);
  const parsed = ApiError.parse(await res.json());
  expect(parsed.error.code).toBe("invalid_input");
  return parsed.error.fields ?? {};
}

describe("API: POST /api/v1/posts", () => {
  it("accepts German text and emoji (surrogate pairs) as they are", async () => {
    const res = await createPost(validPost());
    expect(res.status).toBe(201);
    const post = (await res.json()) as { body: string; captions: { text: string }[] };
    expect(post.body).toBe("Schöne Grüße aus Köln");
    expect(post.captions[0]!.text).toBe("Wir bauen in Leipzig! 🎉");
  });

  const cases: [string, (p: ReturnType<typeof validPost>) => unknown, string][] = [
    ["a NUL in the title", (p) => ({ ...p, title: `Leip${NUL}zig` }), "title"],
    ["a NUL in the body", (p) => ({ ...p, body: `${NUL}` }), "body"],
    ["a NUL in the URL", (p) => ({ ...p, url: `https://example.com/${NUL}` }), "url"],
    [
      "a NUL in a caption",
      (p) => ({ ...p, captions: [{ ...p.captions[0]!, text: `Hallo ${NUL}` }] }),
      "captions.0.text",
    ],
    ["a lone surrogate in the title", (p) => ({ ...p, title: `Leipzig ${LONE}` }), "title"],
    [
      "a lone surrogate in a caption",
      (p) => ({ ...p, captions: [{ ...p.captions[0]!, text: `${LONE}!` }] }),
      "captions.0.text",
    ],
    ["publishAt in the year -5000", (p) => ({ ...p, publishAt: "-005000-01-01T00:00:00Z" }), "publishAt"],
    ["publishAt in the year +275760", (p) => ({ ...p, publishAt: "+275760-09-13T00:00:00Z" }), "publishAt"],
    ["expiresAt in the year 10000", (p) => ({ ...p, expiresAt: "+010000-01-01T00:00:00Z" }), "expiresAt"],
    ["publishAt before 1970", (p) => ({ ...p, publishAt: "1969-07-20T20:17:00Z" }), "publishAt"],
  ];
  for (const [what, change, field] of cases) {
    it(`answers ${what} with 400 and a field error, and stores nothing`, async () => {
      const before = await count("posts");
      const fields = await expectInvalid(await createPost(change(validPost())));
      expect(Object.keys(fields)).toEqual([field]);
      expect(fields[field]![0]).toMatch(/NUL|surrogate|1970 to 9999/);
      expect(await count("posts")).toBe(before);
    });
  }

  it("answers a publishAt that is not an ISO 8601 string (true, [2030], a number) with 400, and stores nothing", async () => {
    for (const publishAt of [true, [2030], 1893456000000]) {
      const before = await count("posts");
      const fields = await expectInvalid(await createPost({ ...validPost(), publishAt }));
      expect(Object.keys(fields), JSON.stringify(publishAt)).toEqual(["publishAt"]);
      expect(await count("posts")).toBe(before);
    }
  });
});

describe("API: the read operations", () => {
  const reads: [string, Handler, string, string, Record<string, string>?][] = [
    ["GET /posts ?status with a NUL", postsRoute.loader, "/api/v1/posts?status=%00", "status"],
    [
      "GET /posts ?status with a lone surrogate",
      postsRoute.loader,
      `/api/v1/posts?status=draft${LONE_IN_URL}`,
      "status",
    ],
    ["GET /posts ?limit with a NUL", postsRoute.loader, "/api/v1/posts?limit=5%00", "limit"],
    [
      "GET /posts/{id} with a NUL",
      postRoute.loader,
      "/api/v1/posts/x",
      "id",
      { id: `${crypto.randomUUID()}${NUL}` },
    ],
    ["GET /posts/{id} with a lone surrogate", postRoute.loader, "/api/v1/posts/x", "id", { id: `${LONE}` }],
    [
      "GET /suggestions ?status with a NUL",
      suggestionsRoute.loader,
      "/api/v1/suggestions?status=open%00",
      "status",
    ],
    [
      "GET /suggestions ?status with a lone surrogate",
      suggestionsRoute.loader,
      `/api/v1/suggestions?status=${LONE_IN_URL}`,
      "status",
    ],
    ["GET /credit ?period with a NUL", creditRoute.loader, "/api/v1/credit?period=2026-Q1%00", "period"],
    [
      "GET /credit ?period with a lone surrogate",
      creditRoute.loader,
      `/api/v1/credit?period=2026-Q1${LONE_IN_URL}`,
      "period",
    ],
    [
      "GET /credit ?period=0000-Q1 (no year 0 in PostgreSQL)",
      creditRoute.loader,
      "/api/v1/credit?period=0000-Q1",
      "period",
    ],
    ["GET /credit ?period=1969", creditRoute.loader, "/api/v1/credit?period=1969", "period"],
    [
      "GET /credit ?from=0000-01-01",
      creditRoute.loader,
      "/api/v1/credit?from=0000-01-01&to=2026-12-31",
      "from",
    ],
    [
      "GET /credit ?to=275760-09-13",
      creditRoute.loader,
      "/api/v1/credit?from=2026-01-01&to=275760-09-13",
      "to",
    ],
    [
      "GET /credit ?from with a NUL",
      creditRoute.loader,
      "/api/v1/credit?from=2026-01-01%00&to=2026-12-31",
      "from",
    ],
  ];
  for (const [what, handler, path, field, params] of reads) {
    it(`${what} → 400 naming the parameter`, async () => {
      const fields = await expectInvalid(await api(handler, path, params ? { params } : {}));
      expect(Object.keys(fields)).toContain(field);
    });
  }

  it("still answers the same operations with good input (the 400s above are about the input)", async () => {
    expect((await api(postsRoute.loader, "/api/v1/posts?status=draft")).status).toBe(200);
    expect((await api(suggestionsRoute.loader, "/api/v1/suggestions?status=open")).status).toBe(200);
    expect((await api(creditRoute.loader, "/api/v1/credit?period=2026-Q1")).status).toBe(200);
    expect(
      (await api(postRoute.loader, "/api/v1/posts/x", { params: { id: crypto.randomUUID() } })).status,
    ).toBe(404);
  });
});

// ---- whatever still slips through to PostgreSQL ----------------------------------------------------

/** Real data exceptions from this file's PostgreSQL (SQLSTATE class 22), not hand-made objects. */
const dataExceptions: [string, (db: DB) => Promise<unknown>][] = [
  ["22008 datetime_field_overflow", (db) => sql`select '0000-01-01'::date`.execute(db)],
  ["22P02 invalid_text_representation", (db) => sql`select 'not-a-uuid'::uuid`.execute(db)],
  ["22003 numeric_value_out_of_range", (db) => sql`select 99999::smallint`.execute(db)],
  [
    "22021 character_not_in_repertoire (a NUL)",
    (db) => sql`select convert_from(${new Uint8Array([0x61, 0x00])}, 'UTF8')`.execute(db),
  ],
];

describe("PostgreSQL data exceptions map to 400", () => {
  for (const [what, run] of dataExceptions) {
    it(`${what}: in the API (handleApi), in toResponse and as a form error`, async () => {
      const error = await run(db).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDataException(error), String(error)).toBe(true);
      const res = await handleApi(new Request("http://localhost/api/v1/posts"), () =>
        run(db).then(() => new Response("unreachable")),
      );
      await expectInvalid(res);
      expect(toResponse(error)?.status).toBe(400);
      expect(domainFormErrors(error)).toEqual({ fieldErrors: {}, formErrors: ["invalidInput"] });
    });
  }

  it("anything else is still a 500", async () => {
    const res = await handleApi(new Request("http://localhost/api/v1/posts"), () =>
      Promise.reject(new Error("boom")),
    );
    expect(res.status).toBe(500);
  });
});

// ---- web forms ------------------------------------------------------------------------------------

const form = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(`http://localhost/t/${tenant.slug}/${path}`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(fields),
  });

/** `data(...)` results carry their status in init; plain objects are 200. */
function unwrap<T>(result: unknown): { body: T; status: number } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const r = result as { data: T; init: ResponseInit | null };
    return { body: r.data, status: r.init?.status ?? 200 };
  }
  return { body: result as T, status: 200 };
}

type Reply = { result: { status?: string; error?: Record<string, string[] | null> } };

describe("web forms", () => {
  it("a suggestion with a NUL in its reason: 400, the error next to the field, nothing stored", async () => {
    const before = await count("suggestions");
    const result = await suggestRoute.action({
      request: form("suggest", cookieEmployee, { url: "https://example.com/a", reason: `Lesenswert${NUL}` }),
      params: { tenant: tenant.slug },
    } as never);
    const { body, status } = unwrap<Reply>(result);
    expect(status).toBe(400);
    expect(body.result.error?.reason).toEqual(["textInvalid"]);
    expect(await count("suggestions")).toBe(before);
  });

  it("a suggestion in German with an emoji is taken as typed", async () => {
    const result = await suggestRoute.action({
      request: form("suggest", cookieEmployee, {
        url: "https://example.com/b",
        reason: "Schöne Grüße – lesenswert 🎉",
      }),
      params: { tenant: tenant.slug },
    } as never);
    expect(unwrap<{ sent: boolean }>(result).body.sent).toBe(true);
    const stored = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("suggestions")
        .select("reason")
        .where("url", "=", "https://example.com/b")
        .executeTakeFirstOrThrow(),
    );
    expect(stored.reason).toBe("Schöne Grüße – lesenswert 🎉");
  });

  const newPost = (fields: Record<string, string>) =>
    newPostRoute.action({
      request: form("content/new", cookieLead, fields),
      params: { tenant: tenant.slug },
    } as never);

  it("a new post with a NUL in its title or a publish date in the year 1500: 400 with field errors", async () => {
    const before = await count("posts");
    const nul = unwrap<Reply>(await newPost({ title: `Leip${NUL}zig`, url: "https://example.com/c" }));
    expect(nul.status).toBe(400);
    expect(nul.body.result.error?.title).toEqual(["textInvalid"]);
    const ancient = unwrap<Reply>(
      await newPost({ title: "Leipzig", url: "https://example.com/c", publishAt: "1500-01-01T09:00" }),
    );
    expect(ancient.status).toBe(400);
    expect(ancient.body.result.error?.publishAt).toEqual(["dateOutOfRange"]);
    expect(await count("posts")).toBe(before);
  });

  it("a tenant slug with a NUL in the URL is an unknown tenant (404), not a database error", async () => {
    const request = new Request(`http://localhost/t/a%00b/suggest`, { headers: { Cookie: cookieEmployee } });
    await expect(
      suggestRoute.loader({ request, params: { tenant: `a${NUL}b` } } as never),
    ).rejects.toMatchObject({ status: 404 });
  });
});
