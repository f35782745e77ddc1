import { z } from "zod";
import { appUrl } from "~/app/lib/env.server.ts";
import { keyringFrom, keyringProblems, type Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { DomainError, type ErrorCode } from "~/app/lib/errors.ts";

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
/** LinkedIn's commentary limit. */
export const LINKEDIN_MAX_TEXT = 3000;

// ── server configuration (read here, not in env.server.ts, so this module owns its variables) ──
export const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);
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

export interface LinkedInServerConfig {
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

// ── errors (registered in app/lib/errors.ts; texts under profiles.linkedin.errors.) ───────────
export type LinkedInErrorCode = Extract<ErrorCode, `linkedin_${string}`>;

/**
 * Status and text come from the registry. `status` only where one code covers two causes: a callback
 * without an authorization code is the request's fault (400), not LinkedIn failing (502).
 */
export class LinkedInError extends DomainError {
  constructor(
    override readonly code: LinkedInErrorCode,
    message: string = code,
    status?: 400,
  ) {
    super(message, code, status);
  }
}

export function requireKey(): { config: LinkedInServerConfig; key: Keyring } {
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
export const cookieContext = (tenantId: string, membershipId: string) =>
  `linkedin_oauth_cookie:${tenantId}:${membershipId}`;

export function linkedInRedirectUri(tenantSlug: string): string {
  return `${appUrl()}/t/${encodeURIComponent(tenantSlug)}/profiles/linkedin/callback`;
}

// ── HTTP ─────────────────────────────────────────────────────────────────────

const TIMEOUT_MS = 10_000;
export async function safeFetch(url: string, init: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return undefined;
  }
}

/** An error body for the log; never includes tokens (LinkedIn's errors carry none). */
export function describe(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    return String(b.error_description ?? b.message ?? b.error ?? "").slice(0, 300);
  }
  return "";
}
