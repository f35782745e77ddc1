import { z } from "zod";
import type { ApiScope } from "~/db/schema.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import {
  ApiCreatePostInput,
  ApiCreditList,
  ApiCreditQuery,
  ApiError,
  ApiPost,
  ApiPostList,
  ApiPostListQuery,
  ApiSuggestionList,
  ApiSuggestionListQuery,
} from "~/app/modules/api/schemas.ts";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate and
 * answer with (schemas.ts), so the description cannot drift from the code. OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, which is zod's default target.
 */

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

/** Response schemas are converted as output (what the server sends), request bodies as input (what a client may send: defaults are optional). */
const RESPONSE_SCHEMAS = { ApiError, ApiPost, ApiPostList, ApiSuggestionList, ApiCreditList } as const;
const REQUEST_SCHEMAS = { ApiCreatePostInput } as const;

function componentSchemas(
  schemas: Record<string, z.ZodType>,
  io: "input" | "output",
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const schema of Object.values(schemas)) {
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id !== "string") throw new Error("every API component schema needs .meta({ id })");
    registry.add(schema, { id });
  }
  // Nested schemas with an id (Caption, PostSummary, …) are components too: register them so their
  // references point into components rather than into a "__shared" document OpenAPI cannot resolve.
  for (const nested of nestedWithIds(Object.values(schemas))) registry.add(nested.schema, { id: nested.id });
  const { schemas: converted } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    uri: REF,
    // Dates (publishAt, expiresAt in request bodies) travel as ISO 8601 strings.
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === "date")
        Object.assign(jsonSchema, { type: "string", format: "date-time" });
      // `format` says it; zod's long regexes only make the document hard to read.
      if (jsonSchema.format === "uuid" || jsonSchema.format === "date-time") delete jsonSchema.pattern;
      // Responses may gain fields without a new API version: a client validating them must not break.
      if (io === "output" && jsonSchema.additionalProperties === false)
        delete jsonSchema.additionalProperties;
    },
  });
  if ("__shared" in converted)
    throw new Error("an API schema references a schema with an id outside the API's components");
  const out: Record<string, JsonSchema> = {};
  for (const [id, json] of Object.entries(converted)) {
    // `$id` as a fragment is not a valid 2020-12 identifier, and `$schema` is the document's dialect already.
    const { $id: _id, $schema: _schema, ...rest } = json as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/** Every schema with a registered id below the given roots (walks objects, arrays, wrappers). */
function nestedWithIds(roots: z.ZodType[]): { schema: z.ZodType; id: string }[] {
  const found = new Map<z.ZodType, string>();
  const seen = new Set<unknown>();
  const visit = (schema: unknown, isRoot: boolean) => {
    if (!schema || typeof schema !== "object" || seen.has(schema)) return;
    seen.add(schema);
    if (schema instanceof z.ZodType) {
      const id = z.globalRegistry.get(schema)?.id;
      if (!isRoot && typeof id === "string") found.set(schema, id);
      const def = schema._zod.def as unknown as Record<string, unknown>;
      for (const value of Object.values(def)) visit(value, false);
      return;
    }
    for (const value of Array.isArray(schema) ? schema : Object.values(schema)) visit(value, false);
  };
  for (const root of roots) visit(root, true);
  return [...found].map(([schema, id]) => ({ schema, id }));
}

function queryParameters(schema: z.ZodObject, descriptions: Record<string, string>): JsonSchema[] {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as {
    properties?: Record<string, JsonSchema>;
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: false,
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: property,
  }));
}

const json = (id: string) => ({ "application/json": { schema: { $ref: REF(id) } } });
const errorResponse = (description: string) => ({ description, content: json("Error") });
const COMMON_ERRORS = {
  "401": errorResponse("No token, or an invalid or revoked one."),
  "403": errorResponse(
    "`insufficient_scope`: the token lacks the `content` scope this operation needs. " +
      "`forbidden`: the token is valid but the tenant's plan does not include the API (only where billing is enabled).",
  ),
  "405": errorResponse("The method is not allowed on this path."),
  "500": errorResponse("An unexpected error on the server."),
};

/**
 * The scope an operation needs, as OpenAPI 3.1 lets a non-OAuth scheme list required "roles" in a
 * security requirement; requireApiToken enforces the same scope in each route.
 */
const needs = (scope: ApiScope) => ({ security: [{ bearerAuth: [scope] }] });

/** Builds the document; cheap enough per request, and it picks up APP_URL at call time. */
export function openApiDocument(): Record<string, unknown> {
  const output = componentSchemas(RESPONSE_SCHEMAS, "output");
  const input = componentSchemas(REQUEST_SCHEMAS, "input");
  for (const [id, schema] of Object.entries(input)) {
    // A component name must mean one schema: request and response sides may only share ids that convert identically.
    if (output[id] && JSON.stringify(output[id]) !== JSON.stringify(schema))
      throw new Error(`schema id ${id} differs between request and response`);
  }
  const postIdParameter = {
    name: "id",
    in: "path",
    required: true,
    description: "The post's id (a UUID).",
    schema: { type: "string", format: "uuid" },
  };
  const listPosts: Operation = {
    operationId: "listPosts",
    ...needs("content"),
    summary: "List posts",
    description: "The token's tenant's posts, most recently changed first.",
    tags: ["posts"],
    parameters: queryParameters(ApiPostListQuery, {
      status: "Only posts in this status.",
      limit: "Page size, 1–200 (default 50).",
      offset: "Posts to skip (default 0).",
    }),
    responses: {
      "200": { description: "A page of posts.", content: json("PostList") },
      "400": errorResponse("An invalid query parameter."),
      ...COMMON_ERRORS,
    },
  };
  const createPost: Operation = {
    operationId: "createPost",
    ...needs("content"),
    summary: "Create a draft post",
    description:
      "Creates a post in status draft; comms leads review and approve it in Chorus before employees see it.",
    tags: ["posts"],
    requestBody: { required: true, content: json("CreatePostInput") },
    responses: {
      "201": {
        description: "The new post.",
        headers: {
          Location: { description: "The post's URL in this API.", schema: { type: "string", format: "uri" } },
        },
        content: json("Post"),
      },
      "400": errorResponse("Invalid input; `error.fields` names each invalid field by its dotted path."),
      "413": errorResponse("The body is larger than 1 MB."),
      "415": errorResponse("The body is not JSON (Content-Type: application/json)."),
      ...COMMON_ERRORS,
    },
  };
  const getPost: Operation = {
    operationId: "getPost",
    ...needs("content"),
    summary: "Get a post",
    description: "One post with its captions, topics and target teams.",
    tags: ["posts"],
    parameters: [postIdParameter],
    responses: {
      "200": { description: "The post.", content: json("Post") },
      "404": errorResponse("No post with this id in the token's tenant."),
      ...COMMON_ERRORS,
    },
  };
  const listSuggestions: Operation = {
    operationId: "listSuggestions",
    ...needs("content"),
    summary: "List suggestions",
    description: "Content employees suggested for the library.",
    tags: ["suggestions"],
    parameters: queryParameters(ApiSuggestionListQuery, { status: "Only suggestions in this status." }),
    responses: {
      "200": { description: "The suggestions.", content: json("SuggestionList") },
      "400": errorResponse("An invalid query parameter."),
      ...COMMON_ERRORS,
    },
  };
  const listCredit: Operation = {
    operationId: "listCreditStatements",
    ...needs("credit"),
    summary: "List released credit statements",
    description:
      "The locked credit statements (goal attainment for performance reviews) of the token's tenant whose period lies within the requested one, " +
      "released by the employees (or automatically with their consent); superseded statements are left out. " +
      "Give `period` (YYYY-Qn, YYYY-Hn or YYYY) or `from` and `to`. Each statement returned is recorded in the employee's access log with the token's name. " +
      "Needs a token with the `credit` scope; a token made for content integrations gets 403 `insufficient_scope`.",
    tags: ["credit"],
    parameters: queryParameters(ApiCreditQuery, {
      period: "A quarter (2026-Q4), half-year (2026-H2) or year (2026). Either this or from and to.",
      from: "First day of a custom period (YYYY-MM-DD, inclusive), with to.",
      to: "Last day of a custom period (YYYY-MM-DD, inclusive), with from.",
    }),
    responses: {
      "200": { description: "The released statements.", content: json("CreditStatementList") },
      "400": errorResponse("A missing or invalid period; `error.fields` names the parameter."),
      ...COMMON_ERRORS,
      "403": errorResponse(
        "`insufficient_scope`: the token lacks the `credit` scope (an admin can create a token with it). " +
          "`forbidden`: the token is valid but the tenant's plan does not include the API (only where billing is enabled).",
      ),
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Chorus API",
      version: "1.0.0",
      description:
        "Read and create content in a Chorus tenant, and read released credit statements. Authenticate with an API token (created by an admin in Chorus or with " +
        "`npm run chorus -- token create`): `Authorization: Bearer chorus_…`. A token belongs to one tenant and sees only its data. " +
        "A token carries scopes: `content` for posts and suggestions, `credit` for credit statements; a request outside its scopes gets 403 `insufficient_scope`. " +
        "Every error has the shape of the Error schema.",
    },
    servers: [{ url: `${appUrl()}/api/v1` }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "posts" },
      { name: "suggestions" },
      { name: "credit", description: "Credit statements from goal agreements, for HR systems." },
    ],
    paths: {
      "/posts": { get: listPosts, post: createPost },
      "/posts/{id}": { get: getPost },
      "/suggestions": { get: listSuggestions },
      "/credit": { get: listCredit },
      "/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: {
            "200": {
              description: "The OpenAPI document.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
    },
    components: {
      schemas: { ...output, ...input },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "chorus_<tenant>_<secret>",
          description:
            "An API token of one tenant, with one or more scopes chosen when it is created: `content` (posts, suggestions) and `credit` (released credit statements, for HR systems). " +
            "Each operation's security requirement names the scope it needs; without it the answer is 403 with error code `insufficient_scope`.",
        },
      },
    },
  };
}
