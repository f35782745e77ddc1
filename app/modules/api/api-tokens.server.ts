import { z } from "zod";
import type { DB, Tx } from "~/db/client.ts";
import type { ApiScope } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ForbiddenError, NotFoundError } from "~/app/lib/errors.ts";
import { Slug } from "~/app/lib/validation.ts";
import { generateToken, hashToken } from "~/app/modules/auth/tokens.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import {
  ApiScopeList,
  ApiTokenLifetime,
  type ApiTokenLifetime as Lifetime,
} from "~/app/modules/api/token-schemas.ts";

export {
  ApiScopeList,
  ApiTokenLifetime,
  API_TOKEN_LIFETIMES,
  CreateApiTokenInput,
} from "~/app/modules/api/token-schemas.ts";

/**
 * Tokens read `chorus_<tenant slug>_<secret>`. The slug is there so the public API can find the
 * tenant (a global table) before it looks the hash up inside withTenant: api_tokens is under row
 * level security, so without the slug there would be no tenant to scope the lookup to. Slugs hold
 * no "_" and the base32 secret holds none either, so the last "_" splits them unambiguously.
 * The hash covers the whole string, slug included: the same secret under another slug is another
 * token. A consequence: renaming a tenant's slug invalidates its tokens.
 */
const TOKEN_PREFIX = "chorus_";
/** Longer than any real token (7 + 40 + 1 + 32); refuses to hash megabytes of header. */
const MAX_TOKEN_LENGTH = 128;
/** last_used_at is informational: one write a minute per token keeps busy API clients from turning every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenSummary {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** null: never expires */
  expiresAt: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a token issued at `now` with this lifetime stops working; null for "never". */
export function apiTokenExpiry(lifetime: Lifetime, now: Date): Date | null {
  return lifetime === "never" ? null : new Date(now.getTime() + Number(lifetime) * DAY_MS);
}

/**
 * Issues a token; the plain token is returned exactly once and only its hash is stored. Without
 * scopes it gets "content" only, like the column's default: reading credit statements is never
 * granted by omission. Without a lifetime it works for a year.
 */
export async function createApiToken(
  tx: Tx,
  input: {
    name: string;
    scopes?: readonly ApiScope[];
    lifetime?: Lifetime;
    tenantId: string;
    tenantSlug: string;
    createdBy: string | null;
  },
  now = new Date(),
): Promise<{ id: string; token: string; scopes: ApiScope[]; expiresAt: Date | null }> {
  const scopes = ApiScopeList.parse(input.scopes ?? ["content"]);
  const expiresAt = apiTokenExpiry(ApiTokenLifetime.parse(input.lifetime), now);
  if (input.createdBy !== null) {
    // The creator's membership, still active and held FOR SHARE until the commit: a leaver's request
    // that passed the gate before deprovisionMember ended the membership creates nothing, and a
    // token committed first is seen (and revoked) by the deprovisioning, which locks FOR UPDATE.
    const creator = await tx
      .selectFrom("memberships")
      .select("id")
      .where("tenant_id", "=", input.tenantId)
      .where("user_id", "=", input.createdBy)
      .where("status", "=", "active")
      .forShare()
      .executeTakeFirst();
    if (!creator) throw new ForbiddenError("the creator is not an active member");
  }
  const token = `${TOKEN_PREFIX}${input.tenantSlug}_${generateToken()}`;
  const row = await tx
    .insertInto("api_tokens")
    .values({
      tenant_id: input.tenantId,
      name: input.name,
      token_hash: hashToken(token),
      scopes,
      created_by: input.createdBy,
      expires_at: expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    tenantId: input.tenantId,
    actorUserId: input.createdBy,
    action: "api_token.created",
    subject: row.id,
    data: { name: input.name, scopes, expiresAt: expiresAt?.toISOString() ?? null },
  });
  return { id: row.id, token, scopes, expiresAt };
}

/**
 * Revokes a token of this tenant. Revoking twice keeps the first revocation time. Another tenant's
 * token id (or an unknown one) updates 0 rows under RLS and the tenant filter: that is a NotFoundError,
 * never a silent success.
 */
export async function revokeApiToken(
  tx: Tx,
  tenantId: string,
  id: string,
  actorUserId: string | null = null,
): Promise<void> {
  // A malformed id would be a PostgreSQL cast error (22P02) rather than "not found".
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("api token");
  const result = await tx
    .updateTable("api_tokens")
    .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.fn<Date>("now")) }))
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError("api token");
  await recordAudit(tx, { tenantId, actorUserId, action: "api_token.revoked", subject: id });
}

/** The tenant's tokens, newest first, revoked ones included (they show when access ended). Never the hashes. */
export async function listApiTokens(tx: Tx, tenantId: string): Promise<ApiTokenSummary[]> {
  const rows = await tx
    .selectFrom("api_tokens")
    .select(["id", "name", "scopes", "created_by", "created_at", "last_used_at", "revoked_at", "expires_at"])
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    expiresAt: r.expires_at,
  }));
}

/** Splits `chorus_<slug>_<secret>` (optionally after "Bearer "); null when it cannot be one of ours. */
export function parseApiToken(bearer: string): { token: string; tenantSlug: string } | null {
  const token = bearer.trim().replace(/^bearer\s+/i, "");
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(TOKEN_PREFIX)) return null;
  const rest = token.slice(TOKEN_PREFIX.length);
  const split = rest.lastIndexOf("_");
  if (split <= 0) return null;
  const slug = Slug.safeParse(rest.slice(0, split));
  const secret = rest.slice(split + 1);
  // Slug's parse lower-cases; a token with an upper-case slug was never issued, so it must not match.
  if (!slug.success || slug.data !== rest.slice(0, split) || !/^[a-z2-7]+$/.test(secret)) return null;
  return { token, tenantSlug: slug.data };
}

export interface ApiTokenAuth {
  tenantId: string;
  tokenId: string;
  scopes: ApiScope[];
}

/** Why a presented token does not authenticate: the API tells an expired token apart (the fix differs). */
export type ApiTokenCheck =
  | { ok: true; auth: ApiTokenAuth }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "expired"; expiredAt: Date };

/** checkApiToken without the reason: the token's tenant and scopes, or null. */
export async function authenticateApiToken(
  db: DB,
  bearer: string,
  now = new Date(),
): Promise<ApiTokenAuth | null> {
  const check = await checkApiToken(db, bearer, now);
  return check.ok ? check.auth : null;
}

/**
 * The public API's gate: the tenant and token a bearer token stands for, or why not (malformed,
 * unknown tenant, unknown or revoked token: "invalid"; past its expiry: "expired"). No constant-time
 * comparison is needed: we never compare the secret with a stored value byte by byte — we hash what
 * was presented and look the SHA-256 up through a unique index, so response timing depends on a hash
 * the caller cannot steer towards a stored one, not on how many leading characters of a real token
 * they guessed.
 */
export async function checkApiToken(db: DB, bearer: string, now = new Date()): Promise<ApiTokenCheck> {
  const invalid = { ok: false, reason: "invalid" } as const;
  const parsed = parseApiToken(bearer);
  if (!parsed) return invalid;
  const tenant = await db
    .selectFrom("tenants")
    .select("id")
    .where("slug", "=", parsed.tenantSlug)
    .executeTakeFirst();
  if (!tenant) return invalid;
  return withTenant(db, tenant.id, async (tx): Promise<ApiTokenCheck> => {
    const row = await tx
      .selectFrom("api_tokens")
      .select(["id", "scopes", "last_used_at", "revoked_at", "expires_at"])
      .where("tenant_id", "=", tenant.id)
      .where("token_hash", "=", hashToken(parsed.token))
      .executeTakeFirst();
    if (!row || row.revoked_at) return invalid;
    // An expired token is not "used": last_used_at keeps showing when it last worked.
    if (row.expires_at && row.expires_at <= now)
      return { ok: false, reason: "expired", expiredAt: row.expires_at };
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (!row.last_used_at || row.last_used_at < staleBefore) {
      // The condition is repeated in SQL so concurrent requests of one token write at most once.
      await tx
        .updateTable("api_tokens")
        .set({ last_used_at: now })
        .where("id", "=", row.id)
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", staleBefore)]))
        .execute();
    }
    return { ok: true, auth: { tenantId: tenant.id, tokenId: row.id, scopes: row.scopes } };
  });
}
