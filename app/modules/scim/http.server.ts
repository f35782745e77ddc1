import { z } from "zod";
import { readLimitedBody } from "~/app/lib/read-limited-body.server.ts";
import type { DB } from "~/db/client.ts";
import { database } from "~/db/client.ts";
import {
  DomainError,
  errorHeaders,
  isDataException,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from "~/app/lib/errors.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { apiPerToken, consume } from "~/app/lib/rate-limit.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { checkApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { MAX_BODY_BYTES } from "~/app/modules/api/http.server.ts";
import { ScimError, scimErrorBody, type ScimType } from "~/app/modules/scim/errors.ts";
import { parseScimFilter, type ScimCondition } from "~/app/modules/scim/filter.ts";

/**
 * The HTTP plumbing of /scim/v2 (RFC 7644): bearer authentication with the `scim` scope, SCIM's
 * media type, its error body for every failure (RFC 7644 §3.12), the list envelope and its paging.
 * Resource routes (app/routes/scim.v2.*.ts) run inside handleScim and build nothing else themselves.
 */

export const SCIM_MEDIA_TYPE = "application/scim+json";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** Page size when the client names none, and the most one page holds (ServiceProviderConfig's maxResults). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;

const HEADERS = {
  "Content-Type": `${SCIM_MEDIA_TYPE}; charset=utf-8`,
  // tenant data under a bearer token: no shared cache may keep it
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
} as const;

/** The base URL a directory is configured with (Entra's "Tenant URL"). */
export function scimBaseUrl(): string {
  return `${appUrl()}/scim/v2`;
}

/** A resource's address: `${scimBaseUrl()}/Users/<id>`; also its meta.location. */
export function scimLocation(resourceType: "Users" | "Groups", id: string): string {
  return `${scimBaseUrl()}/${resourceType}/${id}`;
}

/** A SCIM JSON response (application/scim+json, no-store). */
export function scimJson(
  data: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { ...HEADERS, ...init.headers },
  });
}

/** A SCIM error response (RFC 7644 §3.12): `{"schemas":[…Error],"status":"400","scimType":…,"detail":…}`. */
export function scimError(
  status: number,
  detail: string,
  scimType?: ScimType,
  headers?: Record<string, string>,
): Response {
  return scimJson(scimErrorBody(status, detail, scimType), { status, ...(headers ? { headers } : {}) });
}

/** 204 No Content (DELETE), with the SCIM headers that still apply. */
export function scimNoContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

export interface ScimContext {
  db: DB;
  tenantId: string;
  /** the API token the directory authenticates with; audit events name it */
  tokenId: string;
}

const CHALLENGE = 'Bearer realm="chorus"';

/**
 * The gate of every /scim/v2 route: an API token of the tenant with the `scim` scope. The tenant
 * comes from the verified token, never from the URL or the body. 401 with a Bearer challenge
 * (RFC 6750) for a missing, malformed, unknown, revoked or expired token; 403 insufficient_scope
 * for a token without `scim` (a content or credit token provisions nobody). Counted against the
 * per-token API rate limit. Not behind the billing plan's API gate: provisioning and leavers
 * losing access are not a premium feature.
 */
export async function requireScimToken(request: Request): Promise<ScimContext> {
  const header = request.headers.get("Authorization");
  if (!header || !/^bearer\s+\S/i.test(header))
    throw new ScimError(401, "Send a SCIM token: Authorization: Bearer <token>.", undefined, {
      "WWW-Authenticate": CHALLENGE,
    });
  const { db } = await database();
  const check = await checkApiToken(db, header);
  if (!check.ok)
    throw new ScimError(
      401,
      check.reason === "expired"
        ? `The token expired on ${check.expiredAt.toISOString()}. An admin can create a new one (Admin → API tokens).`
        : "The token is invalid or has been revoked.",
      undefined,
      { "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"` },
    );
  const { tenantId, tokenId, scopes } = check.auth;
  await consume(apiPerToken(), tokenId);
  if (!scopes.includes("scim"))
    throw new ScimError(
      403,
      'This token may not provision members. An admin can create a token with the "scim" scope.',
      undefined,
      { "WWW-Authenticate": `${CHALLENGE}, error="insufficient_scope", scope="scim"` },
    );
  return { db, tenantId, tokenId };
}

/**
 * Runs a SCIM route handler and answers whatever it throws in SCIM's error shape: ScimError and
 * thrown Responses as they are, domain errors by their status, a unique violation (a concurrent
 * create of the same person) as 409 uniqueness, a value PostgreSQL refused as 400 invalidValue,
 * anything else as a logged 500.
 */
export async function handleScim(request: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    const mapped = scimErrorResponse(error);
    if (mapped) return mapped;
    const path = new URL(request.url).pathname;
    if (isDataException(error)) {
      logger.warn({ err: error, method: request.method, path }, "SCIM input refused by the database");
      return scimError(400, "The request contains a value that cannot be stored.", "invalidValue");
    }
    logger.error({ err: error, method: request.method, path }, "SCIM request failed");
    return scimError(500, "Something went wrong on our side. Please try again later.");
  }
}

/** Words for the field errors the tenancy rules raise (member-rules.server.ts). */
const FIELD_MESSAGES: Record<string, string> = {
  managerUnknown: "the manager is not an active member of this tenant",
  managerSelf: "a member cannot be their own manager",
  managerCycle: "the manager would close a loop in the reporting line",
  teamUnknown: "the team does not exist in this tenant",
};

/** A ScimError or domain error as a SCIM error response; undefined for anything else. */
export function scimErrorResponse(error: unknown): Response | undefined {
  if (error instanceof ScimError) return scimError(error.status, error.detail, error.scimType, error.headers);
  if ((error as { code?: unknown } | null)?.code === "23505")
    return scimError(409, "A concurrent request created the same resource; please retry.", "uniqueness");
  if (!(error instanceof DomainError)) return undefined;
  if (error instanceof ValidationError) {
    const parts = Object.entries(error.fieldErrors).map(
      ([field, keys]) => `${field}: ${keys.map((k) => FIELD_MESSAGES[k] ?? k).join(", ")}`,
    );
    return scimError(400, `Invalid value (${parts.join("; ")}).`, "invalidValue");
  }
  if (error instanceof NotFoundError) return scimError(404, "The resource was not found.");
  if (error instanceof RateLimitedError)
    return scimError(429, "Too many requests.", undefined, errorHeaders(error));
  return scimError(error.status, error.message);
}

/** 405 for a method a route does not implement; `Allow` lists the ones it does. */
export function scimMethodNotAllowed(request: Request, allow: readonly string[]): Response {
  return scimError(405, `${request.method} is not allowed here; use ${allow.join(" or ")}.`, undefined, {
    Allow: allow.join(", "),
  });
}

/**
 * Reads and validates a JSON body: application/scim+json (RFC 7644 §8.1) or application/json
 * (what Okta and some clients send); anything else 415. Over MAX_BODY_BYTES 413, counted as it
 * streams; malformed JSON 400 invalidSyntax; a schema violation 400 invalidValue naming the paths.
 */
export async function readScimBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const mediaType = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== SCIM_MEDIA_TYPE && mediaType !== "application/json")
    throw new ScimError(415, "Send the body as JSON with Content-Type: application/scim+json.");
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readLimitedBody(request, MAX_BODY_BYTES, tooLarge);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ScimError(400, "The body is not valid JSON (UTF-8).", "invalidSyntax");
  }
  const parsed = await schema.safeParseAsync(raw);
  if (!parsed.success) throw new ScimError(400, zodDetail(parsed.error), "invalidValue");
  return parsed.data;
}

/** zod's issues as one line: `userName: Invalid input; Operations.0.op: …`. */
export function zodDetail(error: z.ZodError): string {
  const parts = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "body"}: ${issue.message}`);
  return `The request is invalid: ${parts.join("; ")}.`;
}

const tooLarge = () => new ScimError(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);

export interface ScimListQuery {
  /** all must hold; empty: no filter */
  conditions: ScimCondition[];
  /** 1-based (RFC 7644 §3.4.2.4) */
  startIndex: number;
  count: number;
  /** lower-cased attribute names of `attributes=` / `excludedAttributes=` (Entra: excludedAttributes=members) */
  attributes: string[];
  excludedAttributes: string[];
}

const attributeList = z
  .string()
  .max(1_000)
  .optional()
  .transform((s) =>
    (s ?? "")
      .split(",")
      .map((a) => a.trim().toLowerCase())
      .filter((a) => a !== ""),
  );

/**
 * A list request's query (RFC 7644 §3.4.2): `filter` on the attributes the resource supports,
 * `startIndex` (below 1 counts as 1) and `count` (negative as 0, capped at MAX_PAGE_SIZE), as §3.4.2.4
 * says to treat them, however many digits they have; a non-number is 400 invalidValue.
 */
export function parseScimListQuery(request: Request, filterAttributes: readonly string[]): ScimListQuery {
  const params = new URL(request.url).searchParams;
  /** an integer clamped to [min, max]: 10^40 is as much "more than the maximum" as 201 */
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = params.get(name)?.trim();
    if (raw === undefined || raw === "") return fallback;
    if (!/^[+-]?\d+$/.test(raw)) throw new ScimError(400, `${name} must be an integer.`, "invalidValue");
    // Number() of a long digit string is a huge finite number or ±Infinity, never NaN
    return Math.min(max, Math.max(min, Number(raw)));
  };
  const list = (name: string): string[] => {
    const parsed = attributeList.safeParse(params.get(name) ?? undefined);
    if (!parsed.success) throw new ScimError(400, `${name} is too long.`, "invalidValue");
    return parsed.data;
  };
  const filter = params.get("filter");
  return {
    conditions: filter === null || filter.trim() === "" ? [] : parseScimFilter(filter, filterAttributes),
    // past the last result is an empty page; capped where it still is an exact integer (OFFSET)
    startIndex: integer("startIndex", 1, 1, Number.MAX_SAFE_INTEGER),
    count: integer("count", DEFAULT_PAGE_SIZE, 0, MAX_PAGE_SIZE),
    attributes: list("attributes"),
    excludedAttributes: list("excludedAttributes"),
  };
}

/** The list envelope (RFC 7644 §3.4.2): `Resources` is the page, `totalResults` the whole match. */
export function listResponse(
  resources: readonly unknown[],
  page: { totalResults: number; startIndex: number },
): Response {
  return scimJson({
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  });
}

/** A resource's `meta` (RFC 7643 §3.1). */
export function scimMeta(
  resourceType: "User" | "Group",
  id: string,
  created: Date,
  lastModified: Date,
): { resourceType: string; created: string; lastModified: string; location: string } {
  return {
    resourceType,
    created: created.toISOString(),
    lastModified: lastModified.toISOString(),
    location: scimLocation(resourceType === "User" ? "Users" : "Groups", id),
  };
}
