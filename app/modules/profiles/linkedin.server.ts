import { CodeChallengeMethod, OAuth2Client, generateCodeVerifier, generateState } from "arctic";
import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { keyringFrom, keyringProblems, type Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { DomainError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { readCookie } from "~/app/modules/auth/cookie.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { open, seal } from "~/app/modules/profiles/secret-box.server.ts";
import { safeString } from "~/app/lib/validation.ts";

/*
 * LinkedIn "Share on LinkedIn" (w_member_social) and "Sign In with LinkedIn using OpenID Connect"
 * (openid profile: GET /v2/userinfo gives the member id `sub`). Each tenant brings its own LinkedIn
 * app; without one (or without SECRETS_KEYS/SECRETS_KEY on the server) the feature is off.
 *
 * arctic's LinkedIn provider hard-codes https://www.linkedin.com and has no PKCE, so the generic
 * OAuth2Client builds the authorization URL. The token request is sent here: LinkedIn wants
 * client_id and client_secret in the form body (arctic's OAuth2Client would send HTTP Basic).
 * LinkedIn documents PKCE for native apps only; a server that does not know code_challenge or
 * code_verifier ignores them (RFC 6749 §3.1, §3.2), so sending them costs nothing and the fake
 * (and any server that supports PKCE) checks them.
 */

export const LINKEDIN_SCOPES = ["openid", "profile", "w_member_social"] as const;
/** Member post analytics (Community Management API): granted to an app only after LinkedIn's review. */
export const LINKEDIN_ANALYTICS_SCOPE = "r_member_postAnalytics";
const COOKIE_TTL_SECONDS = 10 * 60;
/** LinkedIn's commentary limit. */
export const LINKEDIN_MAX_TEXT = 3000;

// ── server configuration (read here, not in env.server.ts, so this module owns its variables) ──
const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);
export const LinkedInEnv = z
  .object({
    LINKEDIN_API_BASE_URL: z.preprocess(emptyToUndefined, z.url().default("https://api.linkedin.com")),
    LINKEDIN_AUTH_BASE_URL: z.preprocess(emptyToUndefined, z.url().default("https://www.linkedin.com")),
    /** the Posts API's monthly version (YYYYMM); LinkedIn sunsets versions after about a year */
    LINKEDIN_API_VERSION: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\d{6}$/, "must be YYYYMM")
        .default("202601"),
    ),
    /** encrypt OAuth tokens and client secrets at rest: see app/lib/secrets-keyring.server.ts */
    SECRETS_KEYS: z.string().optional(),
    SECRETS_KEY: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    for (const p of keyringProblems(env))
      ctx.addIssue({ code: "custom", path: [p.variable], message: p.message });
  });

interface LinkedInServerConfig {
  apiBase: string;
  authBase: string;
  version: string;
  key: Keyring | undefined;
}

/** Parsed on every call (cheap) so a changed environment (tests, a restart) is seen without a cache to reset. */
export function linkedInServerConfig(source: NodeJS.ProcessEnv = process.env): LinkedInServerConfig {
  const parsed = LinkedInEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `Invalid LinkedIn environment:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  const e = parsed.data;
  return {
    apiBase: e.LINKEDIN_API_BASE_URL.replace(/\/$/, ""),
    authBase: e.LINKEDIN_AUTH_BASE_URL.replace(/\/$/, ""),
    version: e.LINKEDIN_API_VERSION,
    key: keyringFrom(e),
  };
}

// ── errors (codes are i18n keys under profiles.linkedin.errors.) ───────────
export type LinkedInErrorCode =
  | "linkedin_server_not_configured"
  | "linkedin_not_configured"
  | "linkedin_not_connected"
  | "linkedin_expired"
  | "linkedin_state_mismatch"
  | "linkedin_denied"
  | "linkedin_scope_missing"
  | "linkedin_token_failed"
  | "linkedin_userinfo_failed"
  | "linkedin_post_failed"
  | "linkedin_text_too_long";

export class LinkedInError extends DomainError {
  override readonly status: number;
  constructor(
    override readonly code: LinkedInErrorCode,
    message: string = code,
    status = 409,
  ) {
    super(message, code);
    this.status = status;
  }
}

function requireKey(): { config: LinkedInServerConfig; key: Keyring } {
  const config = linkedInServerConfig();
  if (!config.key)
    throw new LinkedInError(
      "linkedin_server_not_configured",
      "LinkedIn is not configured on this server (neither SECRETS_KEYS nor SECRETS_KEY is set)",
    );
  return { config, key: config.key };
}

/** Where each stored secret belongs (its AES-GCM associated data); `chorus secrets rotate` re-seals with the same. */
export const appContext = (tenantId: string) => `linkedin_apps.client_secret:${tenantId}`;
export const tokenContext = (tenantId: string, membershipId: string) =>
  `linkedin_connections.access_token:${tenantId}:${membershipId}`;
const cookieContext = (tenantId: string, membershipId: string) =>
  `linkedin_oauth_cookie:${tenantId}:${membershipId}`;

// ── the tenant's LinkedIn app ───────────────────────────────────────────────

export interface LinkedInAppSettings {
  /** SECRETS_KEYS or SECRETS_KEY is set: without a key nothing can be stored or used */
  serverConfigured: boolean;
  /** the tenant entered a client id and secret */
  configured: boolean;
  enabled: boolean;
  clientId: string | null;
  /** the address to register as the app's redirect URL in LinkedIn's developer portal */
  redirectUri: string;
}

/** What the admin page shows. The client secret is write-only: it never leaves this module. */
export async function getLinkedInAppSettings(
  tx: Tx,
  member: Member,
  tenantSlug: string,
): Promise<LinkedInAppSettings> {
  const app = await tx
    .selectFrom("linkedin_apps")
    .select(["client_id", "enabled"])
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  return {
    serverConfigured: linkedInServerConfig().key !== undefined,
    configured: app !== undefined,
    enabled: app?.enabled ?? false,
    clientId: app?.client_id ?? null,
    redirectUri: linkedInRedirectUri(tenantSlug),
  };
}

export const SaveLinkedInAppInput = z.object({
  clientId: safeString({ error: "required" })
    .trim()
    .min(1, "required")
    .max(200, "tooLong")
    .regex(/^[A-Za-z0-9_-]+$/, "clientId"),
  /** empty: keep the stored secret (it is never shown back, so the form cannot prefill it) */
  clientSecret: z.preprocess(emptyToUndefined, safeString().trim().min(1).max(500, "tooLong").optional()),
  enabled: z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean()),
  /** member post analytics (needs LinkedIn's approval of r_member_postAnalytics); absent: keep the stored choice */
  postAnalyticsEnabled: z.preprocess(
    (v) => (v === undefined ? undefined : v === true || v === "on" || v === "true" || v === "1"),
    z.boolean().optional(),
  ),
});
export type SaveLinkedInAppInput = z.input<typeof SaveLinkedInAppInput>;

export async function saveLinkedInApp(
  tx: Tx,
  member: Member,
  input: SaveLinkedInAppInput,
  now: Date = new Date(),
): Promise<void> {
  if (!can(member.roles, "linkedin.configure")) throw new ForbiddenError();
  const parsed = SaveLinkedInAppInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues)
      (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    throw new ValidationError("invalid LinkedIn app", fieldErrors);
  }
  const { key } = requireKey();
  const value = parsed.data;
  const existing = await tx
    .selectFrom("linkedin_apps")
    .select("client_id")
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  if (!existing && !value.clientSecret)
    throw new ValidationError("client secret required", { clientSecret: ["required"] });
  // a new client id with the old secret would be a broken pair
  if (existing && existing.client_id !== value.clientId && !value.clientSecret)
    throw new ValidationError("client secret required", { clientSecret: ["secretForNewId"] });

  const secret = value.clientSecret
    ? { client_secret_encrypted: seal(key, value.clientSecret, appContext(member.tenantId)) }
    : {};
  const analytics =
    value.postAnalyticsEnabled === undefined ? {} : { post_analytics_enabled: value.postAnalyticsEnabled };
  if (existing) {
    const result = await tx
      .updateTable("linkedin_apps")
      .set({
        client_id: value.clientId,
        enabled: value.enabled,
        updated_by: member.id,
        updated_at: now,
        ...secret,
        ...analytics,
      })
      .where("tenant_id", "=", member.tenantId)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new Error("linkedin_apps update touched no row");
  } else {
    await tx
      .insertInto("linkedin_apps")
      .values({
        tenant_id: member.tenantId,
        client_id: value.clientId,
        client_secret_encrypted: seal(key, value.clientSecret ?? "", appContext(member.tenantId)),
        enabled: value.enabled,
        ...analytics,
        updated_by: member.id,
        updated_at: now,
      })
      .execute();
  }
}

/** Whether the admin turned on member post analytics (the admin page's checkbox). */
export async function getPostAnalyticsEnabled(tx: Tx, tenantId: string): Promise<boolean> {
  const app = await tx
    .selectFrom("linkedin_apps")
    .select("post_analytics_enabled")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return app?.post_analytics_enabled ?? false;
}

/**
 * What a server-side reader of the member's LinkedIn data needs (app/modules/reach/linkedin-metrics.server.ts):
 * the member's access token and the API configuration. Throws linkedin_not_configured (no usable
 * app), linkedin_not_connected or linkedin_expired.
 */
export async function linkedInMemberAccess(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  now: Date = new Date(),
): Promise<{ accessToken: string; scopes: string[]; apiBase: string; version: string }> {
  const app = await loadApp(tx, tenantId);
  if (!app) throw new LinkedInError("linkedin_not_configured", "this tenant has no enabled LinkedIn app");
  const connection = await tx
    .selectFrom("linkedin_connections")
    .select(["access_token_encrypted", "expires_at", "scope"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
  if (!connection) throw new LinkedInError("linkedin_not_connected", "LinkedIn is not connected");
  if (connection.expires_at.getTime() <= now.getTime())
    throw new LinkedInError("linkedin_expired", "the LinkedIn grant has expired");
  return {
    accessToken: open(app.key, connection.access_token_encrypted, tokenContext(tenantId, membershipId)),
    scopes: connection.scope.split(/[\s,]+/).filter(Boolean),
    apiBase: app.config.apiBase,
    version: app.config.version,
  };
}

/** The tenant's usable app (server configured, app present and enabled), with its secret, or undefined. */
async function loadApp(
  tx: Tx,
  tenantId: string,
): Promise<
  { clientId: string; clientSecret: string; config: LinkedInServerConfig; key: Keyring } | undefined
> {
  const config = linkedInServerConfig();
  if (!config.key) return undefined;
  const app = await tx
    .selectFrom("linkedin_apps")
    .select(["client_id", "client_secret_encrypted", "enabled"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!app?.enabled) return undefined;
  return {
    clientId: app.client_id,
    clientSecret: open(config.key, app.client_secret_encrypted, appContext(tenantId)),
    config,
    key: config.key,
  };
}

async function requireApp(tx: Tx, tenantId: string) {
  requireKey();
  const app = await loadApp(tx, tenantId);
  if (!app) throw new LinkedInError("linkedin_not_configured", "this tenant has no enabled LinkedIn app");
  return app;
}

/** Whether members of this tenant can connect LinkedIn at all (what the profiles page asks). */
export async function isLinkedInAvailable(tx: Tx, member: Member): Promise<boolean> {
  if (!linkedInServerConfig().key) return false;
  const app = await tx
    .selectFrom("linkedin_apps")
    .select("enabled")
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  return app?.enabled ?? false;
}

// ── connecting (authorization code flow with state and PKCE) ───────────────

export function linkedInRedirectUri(tenantSlug: string): string {
  return `${appUrl()}/t/${encodeURIComponent(tenantSlug)}/profiles/linkedin/callback`;
}

export const LINKEDIN_OAUTH_COOKIE = "chorus_linkedin_oauth";

function oauthCookie(value: string, tenantSlug: string, maxAge: number, secure: boolean): string {
  // Path-scoped to this tenant's LinkedIn routes, so it travels only to the callback.
  return [
    `${LINKEDIN_OAUTH_COOKIE}=${value}`,
    `Path=/t/${encodeURIComponent(tenantSlug)}/profiles/linkedin`,
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

const CookiePayload = z.object({
  state: z.string().min(1),
  verifier: z.string().min(43),
  expires: z.number(),
});

/**
 * The LinkedIn consent page's URL, and a Set-Cookie header carrying state and PKCE verifier:
 * encrypted and bound to this member, HttpOnly, 10 minutes, sent only to the callback path.
 */
export async function linkedInAuthorizationUrl(
  tx: Tx,
  member: Member,
  opts: { tenantSlug: string; now?: Date },
): Promise<{ url: URL; setCookie: string }> {
  const app = await requireApp(tx, member.tenantId);
  const now = opts.now ?? new Date();
  const state = generateState();
  const verifier = generateCodeVerifier();
  const redirectUri = linkedInRedirectUri(opts.tenantSlug);
  const client = new OAuth2Client(app.clientId, null, redirectUri);
  // member post analytics (provider metrics) need their own scope, asked for only once the admin turned them on
  const scopes: string[] = (await getPostAnalyticsEnabled(tx, member.tenantId))
    ? [...LINKEDIN_SCOPES, LINKEDIN_ANALYTICS_SCOPE]
    : [...LINKEDIN_SCOPES];
  const url = client.createAuthorizationURLWithPKCE(
    `${app.config.authBase}/oauth/v2/authorization`,
    state,
    CodeChallengeMethod.S256,
    verifier,
    scopes,
  );
  const payload = JSON.stringify({ state, verifier, expires: now.getTime() + COOKIE_TTL_SECONDS * 1000 });
  const sealed = seal(app.key, payload, cookieContext(member.tenantId, member.id));
  return {
    url,
    setCookie: oauthCookie(sealed, opts.tenantSlug, COOKIE_TTL_SECONDS, redirectUri.startsWith("https://")),
  };
}

/** Expires the OAuth cookie (send it with every callback answer, success or not). */
export function clearLinkedInOAuthCookie(tenantSlug: string): string {
  return oauthCookie("", tenantSlug, 0, appUrl().startsWith("https://"));
}

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  // LinkedIn answers "email,openid,profile,w_member_social"; RFC 6749 uses spaces
  scope: z.string().optional(),
});
const UserInfo = z.object({ sub: z.string().min(1) });

/**
 * Finishes the flow on the callback request: checks LinkedIn's answer and our state, exchanges the
 * code (with the PKCE verifier), asks /v2/userinfo who consented, stores the token encrypted.
 */
export async function completeLinkedInAuthorization(
  tx: Tx,
  member: Member,
  opts: { request: Request; tenantSlug: string; now?: Date },
): Promise<{ expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const app = await requireApp(tx, member.tenantId);
  const params = new URL(opts.request.url).searchParams;

  const cookie = readCookie(opts.request, LINKEDIN_OAUTH_COOKIE);
  let expected: z.infer<typeof CookiePayload> | undefined;
  if (cookie) {
    try {
      expected = CookiePayload.parse(
        JSON.parse(open(app.key, cookie, cookieContext(member.tenantId, member.id))),
      );
    } catch {
      expected = undefined; // another member's cookie, tampered, or from an older key
    }
  }
  const state = params.get("state");
  if (!expected || !state || state !== expected.state || expected.expires < now.getTime()) {
    throw new LinkedInError(
      "linkedin_state_mismatch",
      "the LinkedIn answer does not belong to a connect started here",
      400,
    );
  }
  // the person said no (user_cancelled_login, user_cancelled_authorize) — after the state check, so
  // a forged "denied" cannot be told apart from any other forged request
  if (params.get("error"))
    throw new LinkedInError("linkedin_denied", `LinkedIn: ${params.get("error")}`, 400);
  const code = params.get("code");
  if (!code) throw new LinkedInError("linkedin_token_failed", "no authorization code", 400);

  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: linkedInRedirectUri(opts.tenantSlug),
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code_verifier: expected.verifier,
  });
  const tokenRes = await safeFetch(`${app.config.authBase}/oauth/v2/accessToken`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body,
  });
  const tokenJson: unknown = tokenRes ? await tokenRes.json().catch(() => undefined) : undefined;
  const token = tokenRes?.ok ? TokenResponse.safeParse(tokenJson) : undefined;
  if (!token?.success)
    throw new LinkedInError(
      "linkedin_token_failed",
      `token exchange failed (${tokenRes?.status ?? "network"}): ${describe(tokenJson)}`,
      502,
    );
  const scopes = (token.data.scope ?? "").split(/[\s,]+/).filter(Boolean);
  if (token.data.scope !== undefined && !scopes.includes("w_member_social"))
    throw new LinkedInError("linkedin_scope_missing", `granted: ${token.data.scope}`, 400);

  const infoRes = await safeFetch(`${app.config.apiBase}/v2/userinfo`, {
    headers: { Authorization: `Bearer ${token.data.access_token}` },
  });
  const info = infoRes?.ok ? UserInfo.safeParse(await infoRes.json().catch(() => undefined)) : undefined;
  if (!info?.success)
    throw new LinkedInError(
      "linkedin_userinfo_failed",
      `userinfo failed (${infoRes?.status ?? "network"})`,
      502,
    );

  const expiresAt = new Date(now.getTime() + token.data.expires_in * 1000);
  const sealedToken = seal(app.key, token.data.access_token, tokenContext(member.tenantId, member.id));
  const scope = scopes.length ? scopes.join(" ") : LINKEDIN_SCOPES.join(" ");
  await tx
    .insertInto("linkedin_connections")
    .values({
      tenant_id: member.tenantId,
      membership_id: member.id,
      linkedin_member_id: info.data.sub,
      access_token_encrypted: sealedToken,
      expires_at: expiresAt,
      scope,
      connected_at: now,
    })
    .onConflict((oc) =>
      oc.constraint("linkedin_connections_member").doUpdateSet({
        linkedin_member_id: info.data.sub,
        access_token_encrypted: sealedToken,
        expires_at: expiresAt,
        scope,
        connected_at: now,
      }),
    )
    .execute();
  return { expiresAt };
}

// ── the connection ──────────────────────────────────────────────────────────

/**
 * Whether Chorus can post to LinkedIn for this member now: a stored, unexpired grant and the
 * tenant's app still enabled. `expiresAt` is set whenever a grant is stored (also when expired).
 */
export async function getLinkedInConnection(
  tx: Tx,
  member: Member,
  now: Date = new Date(),
): Promise<{ connected: boolean; expiresAt?: Date }> {
  const row = await tx
    .selectFrom("linkedin_connections")
    .select("expires_at")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  if (!row) return { connected: false };
  const usable = row.expires_at.getTime() > now.getTime() && (await isLinkedInAvailable(tx, member));
  return { connected: usable, expiresAt: row.expires_at };
}

/** Forgets the member's grant (LinkedIn lets members revoke app access in their settings too). */
export async function disconnectLinkedIn(tx: Tx, member: Member): Promise<boolean> {
  const result = await tx
    .deleteFrom("linkedin_connections")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// ── posting ─────────────────────────────────────────────────────────────────

/**
 * LinkedIn's `commentary` is "little text": \ | { } @ [ ] ( ) < > # * _ ~ are markup, and LinkedIn
 * silently cuts the post at the first unescaped one (a caption "(siehe Link)" would lose the rest).
 */
export function escapeLittleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (c) => `\\${c}`);
}

export const PostToLinkedInInput = z.object({
  text: z.string().trim().min(1).max(LINKEDIN_MAX_TEXT),
  url: z.url({ protocol: /^https?$/ }).nullish(),
  /** the article card's title (LinkedIn does not scrape the page); defaults to the URL's host */
  title: z.string().trim().min(1).max(400).optional(),
});

/**
 * Posts as the member through the Posts API. Only ever called from the member's own POST (share
 * flow): LinkedIn's terms forbid posting without the person's explicit action.
 */
export async function postToLinkedIn(
  tx: Tx,
  member: Member,
  input: { text: string; url?: string | null; title?: string },
  now: Date = new Date(),
): Promise<{ postUrn: string }> {
  const parsed = PostToLinkedInInput.safeParse(input);
  if (!parsed.success)
    throw new LinkedInError(
      "linkedin_text_too_long",
      parsed.error.issues.map((i) => i.message).join("; "),
      400,
    );
  const { text, url, title } = parsed.data;
  const app = await requireApp(tx, member.tenantId);
  const connection = await tx
    .selectFrom("linkedin_connections")
    .select(["linkedin_member_id", "access_token_encrypted", "expires_at"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  if (!connection) throw new LinkedInError("linkedin_not_connected", "LinkedIn is not connected");
  if (connection.expires_at.getTime() <= now.getTime())
    throw new LinkedInError("linkedin_expired", "the LinkedIn grant has expired");
  const accessToken = open(
    app.key,
    connection.access_token_encrypted,
    tokenContext(member.tenantId, member.id),
  );

  const body = {
    author: `urn:li:person:${connection.linkedin_member_id}`,
    commentary: escapeLittleText(text),
    visibility: "PUBLIC",
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    ...(url ? { content: { article: { source: url, title: title ?? new URL(url).hostname } } } : {}),
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
  };
  const res = await safeFetch(`${app.config.apiBase}/rest/posts`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${accessToken}`,
      "Content-Type": "application/json",
      "LinkedIn-Version": app.config.version,
      "X-Restli-Protocol-Version": "2.0.0",
    },
    body: JSON.stringify(body),
  });
  if (res?.status === 401)
    throw new LinkedInError("linkedin_expired", "LinkedIn refused the token (revoked or expired)");
  const postUrn = res?.headers.get("x-restli-id");
  if (!res || res.status !== 201 || !postUrn) {
    const detail = res ? describe(await res.json().catch(() => undefined)) : "network error";
    throw new LinkedInError(
      "linkedin_post_failed",
      `LinkedIn post failed (${res?.status ?? "network"}): ${detail}`,
      502,
    );
  }
  return { postUrn };
}

// ── helpers ─────────────────────────────────────────────────────────────────

const TIMEOUT_MS = 10_000;
async function safeFetch(url: string, init: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return undefined;
  }
}

/** An error body for the log; never includes tokens (LinkedIn's errors carry none). */
function describe(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    return String(b.error_description ?? b.message ?? b.error ?? "").slice(0, 300);
  }
  return "";
}
