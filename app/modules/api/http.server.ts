import { z } from "zod";
import { readLimitedBody } from "~/app/lib/read-limited-body.server.ts";
import type { DB } from "~/db/client.ts";
import type { ApiScope } from "~/db/schema.ts";
import { database } from "~/db/client.ts";
import {
  DomainError,
  errorHeaders,
  errorSpec,
  isDataException,
  isErrorCode,
  ValidationError,
} from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import { Network } from "~/app/modules/content/schemas.ts";
import { withTenant } from "~/db/tenant.ts";
import { billingEnabled } from "~/app/modules/billing/config.server.ts";
import { assertApiAllowed } from "~/app/modules/billing/gates.server.ts";
import { apiPerToken, consume } from "~/app/lib/rate-limit.server.ts";
import { checkApiToken } from "~/app/modules/api/api-tokens.server.ts";
import type { ApiErrorBody, ApiErrorCode } from "~/app/modules/api/schemas.ts";

/**
 * The public API's HTTP plumbing: bearer authentication, JSON responses and one error shape
 * (`{ error: { code, message, fields? } }`) for every failure, including the ones React Router would
 * otherwise answer with HTML or plain text.
 */

/** Request bodies larger than this are refused (413) before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  // Responses carry tenant data under a bearer token: no shared cache may keep them.
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
} as const;

/** A JSON response with the API's headers. */
export function apiJson(
  data: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { ...JSON_HEADERS, ...init.headers },
  });
}

/** The API's error response; `fields` maps dotted input paths (`captions.0.text`) to messages. */
export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  fields?: Record<string, string[]>,
  headers?: Record<string, string>,
): Response {
  const body: ApiErrorBody = {
    error: { code, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) },
  };
  return apiJson(body, { status, ...(headers ? { headers } : {}) });
}

export interface ApiContext {
  db: DB;
  tenantId: string;
  tokenId: string;
  /** what the token may do (api_tokens.scopes) */
  scopes: ApiScope[];
}

const CHALLENGE = 'Bearer realm="chorus"';

/** What a token without the scope is told; the API's clients are other systems, so English. */
const MISSING_SCOPE: Record<ApiScope, string> = {
  content:
    'This token may not read or create posts and suggestions. An admin can create a token with the "content" scope.',
  credit: 'This token may not read credit statements. An admin can create a token with the "credit" scope.',
  scim: 'This token may not provision members. An admin can create a token with the "scim" scope.',
};

/**
 * The one gate of every authenticated API route: the tenant comes from the verified token, never
 * from the URL or the body, and the token must carry the route's scope. Throws a 401 Response
 * (RFC 6750: `WWW-Authenticate: Bearer`, with `error="invalid_token"` when a token was presented but
 * is malformed, unknown or revoked), or a 403 (insufficient_scope, see requireScope). The scope is a
 * required argument so that no route can forget to say which one it needs.
 */
export async function requireApiToken(request: Request, scope: ApiScope): Promise<ApiContext> {
  const header = request.headers.get("Authorization");
  if (!header || !/^bearer\s+\S/i.test(header)) {
    throw apiError(401, "unauthorized", "Send an API token: Authorization: Bearer <token>.", undefined, {
      "WWW-Authenticate": CHALLENGE,
    });
  }
  const { db } = await database();
  const check = await checkApiToken(db, header);
  if (!check.ok && check.reason === "expired") {
    const message = `The API token expired on ${check.expiredAt.toISOString()}. An admin can create a new one (Admin → API tokens).`;
    throw apiError(401, "unauthorized", message, undefined, {
      "WWW-Authenticate": `${CHALLENGE}, error="invalid_token", error_description="The token expired"`,
    });
  }
  if (!check.ok) {
    throw apiError(401, "unauthorized", "The API token is invalid or has been revoked.", undefined, {
      "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"`,
    });
  }
  const auth = check.auth;
  // Per token, after authentication: an unknown token costs a lookup, never a counter in Redis.
  try {
    await consume(apiPerToken(), auth.tokenId);
  } catch (error) {
    throw domainErrorResponse(error) ?? error;
  }
  // billing on: the API is part of the Business plan (403, after authentication: the token is fine)
  if (billingEnabled()) {
    try {
      await withTenant(db, auth.tenantId, (tx) => assertApiAllowed(tx, auth.tenantId));
    } catch (error) {
      throw domainErrorResponse(error) ?? error;
    }
  }
  const context = { db, ...auth };
  requireScope(context, scope);
  return context;
}

/**
 * Throws a 403 insufficient_scope (RFC 6750 §3.1, with the scope the request needs in the challenge)
 * unless the authenticated token carries `scope`.
 */
export function requireScope(context: Pick<ApiContext, "scopes">, scope: ApiScope): void {
  if (context.scopes.includes(scope)) return;
  throw apiError(403, "insufficient_scope", MISSING_SCOPE[scope], undefined, {
    "WWW-Authenticate": `${CHALLENGE}, error="insufficient_scope", scope="${scope}"`,
  });
}

/** 405 for a method a route does not implement; `Allow` lists the ones it does. */
export function methodNotAllowed(request: Request, allow: readonly string[]): Response {
  return apiError(
    405,
    "method_not_allowed",
    `${request.method} is not allowed here; use ${allow.join(" or ")}.`,
    undefined,
    { Allow: allow.join(", ") },
  );
}

/**
 * Runs a route handler and turns whatever it throws into the API's error shape: thrown Responses
 * (from requireApiToken, readJsonBody) pass through, domain errors are mapped, anything else is a
 * logged 500 — React Router would otherwise answer a resource route's crash with plain text.
 */
export async function handleApi(request: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    const mapped = domainErrorResponse(error);
    if (mapped) return mapped;
    // A unique violation here is a race between two writes (e.g. two posts claiming the same slug at
    // once): the client may simply retry, which a 500 would not tell it.
    if ((error as { code?: unknown } | null)?.code === "23505")
      return apiError(409, "conflict", "A concurrent request changed the same data; please retry.");
    // PostgreSQL refused a value (SQLSTATE class 22) the schemas let through: still the input's fault.
    if (isDataException(error)) {
      logger.warn(
        { err: error, method: request.method, path: new URL(request.url).pathname },
        "public API input refused by the database",
      );
      return apiError(
        400,
        "invalid_input",
        "The request contains a value that cannot be stored (e.g. a NUL character or a date out of range).",
      );
    }
    logger.error(
      { err: error, method: request.method, path: new URL(request.url).pathname },
      "public API request failed",
    );
    return apiError(500, "internal", "Something went wrong on our side. Please try again later.");
  }
}

/**
 * Maps a domain error to the API shape through the registry (app/lib/errors.ts: each code's `api`
 * code); undefined for anything that is not a domain error or has no API code (handleApi: a 500).
 */
export function domainErrorResponse(error: unknown): Response | undefined {
  if (!(error instanceof DomainError) || !isErrorCode(error.code)) return undefined;
  if (error instanceof ValidationError) {
    // "form" holds errors about the input as a whole (the forms' convention): they belong in the message.
    const { form, ...byField } = error.fieldErrors;
    const fields: Record<string, string[]> = {};
    for (const [path, keys] of Object.entries(byField))
      fields[path] = keys.map((key) => readableMessage(key));
    const message = form?.length
      ? `The request is invalid: ${form.map((key) => readableMessage(key)).join("; ")}.`
      : "The request has invalid fields.";
    return apiError(error.status, "invalid_input", message, fields);
  }
  const { api } = errorSpec(error.code);
  if (api === null) return undefined;
  // the domain's messages are English for people reading logs; a rate limit's says nothing more
  const message = api === "rate_limited" ? "Too many requests." : error.message;
  return apiError(error.status, api, message, undefined, errorHeaders(error));
}

/**
 * Reads and validates a JSON body. Refuses other media types (415: a form post or text/plain would
 * otherwise be a way around the API's content negotiation), bodies over MAX_BODY_BYTES (413, counted
 * while streaming, because chunked requests carry no Content-Length), malformed JSON and schema
 * violations (400 with field errors).
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const mediaType = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    throw apiError(
      415,
      "unsupported_media_type",
      "Send the body as JSON with Content-Type: application/json.",
      undefined,
      { "Accept-Post": "application/json" },
    );
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw payloadTooLarge();
  const bytes = await readLimitedBody(request, MAX_BODY_BYTES, payloadTooLarge);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw apiError(400, "invalid_input", "The body is not valid UTF-8.");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw apiError(400, "invalid_input", "The body is not valid JSON.");
  }
  const parsed = await schema.safeParseAsync(raw);
  if (!parsed.success) throw invalidInput(parsed.error, raw);
  return parsed.data;
}

/** Validates query parameters (strings) with a schema; failures are 400s keyed by parameter name. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalidInput(parsed.error, params);
  return parsed.data;
}

function payloadTooLarge(): Response {
  return apiError(413, "payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
}

/** A 400 with zod's issues as `fields` (dotted paths); issues about the whole body go into the message. */
export function invalidInput(error: z.ZodError, raw: unknown): Response {
  const fields: Record<string, string[]> = {};
  const general: string[] = [];
  for (const issue of error.issues) {
    const message = issueMessage(issue, raw);
    if (issue.path.length === 0) {
      general.push(message);
      continue;
    }
    const key = issue.path.map(String).join(".");
    (fields[key] ??= []).push(message);
  }
  const message =
    general.length > 0 ? `The request body ${general.join("; ")}.` : "The request has invalid fields.";
  return apiError(400, "invalid_input", message, fields);
}

/**
 * The shared schemas speak i18n keys (they also drive the German and English forms); an API client
 * gets plain English. Keys we do not know are zod's own English messages and pass through.
 */
const MESSAGES: Record<string, string> = {
  required: "is required",
  tooLong: "is too long",
  email: "must be an email address",
  slug: "must be 3–40 lower-case letters, digits or dashes",
  httpUrl: "must be an http(s) URL without user name or password",
  captionTooLong: "is too long for this network",
  addressFormGermanOnly: "is only allowed for German (language: de)",
  date: "must be a date and time (ISO 8601)",
  expiryBeforePublish: "must be after publishAt",
  topicUnknown: "contains a topic id that does not exist in this tenant",
  teamUnknown: "contains a team id that does not exist in this tenant",
  textInvalid: "must not contain NUL characters or unpaired UTF-16 surrogates",
  dateOutOfRange: "must be a date in the years 1970 to 9999",
};

export function readableMessage(key: string): string {
  return MESSAGES[key] ?? key;
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown): string {
  const value = valueAt(raw, issue.path);
  if (issue.code === "invalid_type") {
    // Our schemas say "required" for every type error; a present value of the wrong type deserves better.
    if (value === undefined) return MESSAGES.required!;
    return `must be ${article(issue.expected)}`;
  }
  if (issue.message === "captionTooLong") {
    // Say how the network counted, so a client can fix the text without guessing (X counts links as 23).
    const caption = valueAt(raw, issue.path.slice(0, -1));
    const parsed = z.object({ network: Network, text: z.string() }).safeParse(caption);
    if (parsed.success) {
      const { network, text } = parsed.data;
      const { length, limit } = captionLength(network, text.trim());
      // Bluesky also caps bytes: then the character count alone would not explain the refusal.
      if (length > limit)
        return `is too long for ${network}: ${length} characters as ${network} counts them, at most ${limit}`;
    }
  }
  return readableMessage(issue.message);
}

function article(expected: string): string {
  return /^[aeio]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
