import { randomBytes } from "node:crypto";
import { isApiPath, isScimPath } from "~/app/lib/request-target.server.ts";

/**
 * The headers every response carries, set in one place (server.ts) before any handler runs. They are
 * set with `res.setHeader`, so a header a route sends itself (e.g. `Referrer-Policy: no-referrer` on
 * the sign-in pages, `Cache-Control` on static assets) takes precedence: Node merges `writeHead`'s
 * headers over these.
 */

export interface SecurityHeaderOptions {
  /** per request; undefined where no HTML with scripts is ever answered (the /s/ hot path) */
  nonce: string | undefined;
  /** HSTS only then: a development server on http://localhost must not pin browsers to https */
  production: boolean;
  /**
   * Vite's dev middleware (npm run dev) injects inline scripts without our nonce and talks to its HMR
   * server over a websocket, so script-src falls back to 'unsafe-inline' there. Production builds
   * never take this branch.
   */
  viteDev: boolean;
}

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Who may frame the Teams personal tab (/teams/tab/<slug>, isTeamsTabPath), and nothing else: the
 * hosts Microsoft documents for tabs ("Prerequisites" of Teams tabs, learn.microsoft.com
 * microsoftteams/platform/tabs/how-to/tab-requirements): Teams (teams.microsoft.com and its
 * subdomains), the Microsoft 365 app and Outlook, where personal tabs of a manifest 1.13+ app also
 * run (*.microsoft365.com, *.office.com with outlook.office.com, outlook.office365.com and its -sdf
 * ring), and *.cloud.microsoft, the domain all of them are moving to (teams.cloud.microsoft). HTTPS
 * only, all of them Microsoft's own hosts (user content lives elsewhere, e.g. *.sharepoint.com).
 */
export const TEAMS_FRAME_ANCESTORS = [
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.cloud.microsoft",
  "https://*.microsoft365.com",
  "https://*.office.com",
  "https://outlook.office365.com",
  "https://outlook-sdf.office365.com",
] as const;

export function contentSecurityPolicy({
  nonce,
  viteDev,
  frameAncestors,
}: Pick<SecurityHeaderOptions, "nonce" | "viteDev"> & {
  /** only the Teams tab (server.ts): TEAMS_FRAME_ANCESTORS; everything else 'none' */
  frameAncestors?: readonly string[];
}): string {
  const scriptSrc = viteDev ? "'self' 'unsafe-inline'" : nonce ? `'self' 'nonce-${nonce}'` : "'none'";
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // React renders `style={{…}}` as style attributes, and the /s/ not-found page has a <style>
    // element: both need 'unsafe-inline' for styles (CSS cannot run script, so this is the usual
    // trade-off). Scripts never get it.
    "style-src 'self' 'unsafe-inline'",
    // Preview images are stored and served from our own origin (/t/:tenant/media/:id): no remote
    // host ever learns who looked at a post, and a hot-linked image would simply not load.
    "img-src 'self' data:",
    "font-src 'self'",
    viteDev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors?.length ? frameAncestors.join(" ") : "'none'"}`,
  ].join("; ");
}

const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  // Topics replaced FLoC; Chromium reports `interest-cohort` as an unrecognised feature now.
  "browsing-topics=()",
].join(", ");

/** The fixed part: the same for every response of this process. */
export function staticSecurityHeaders(production: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    ...staticSecurityHeaders(options.production),
    "Content-Security-Policy": contentSecurityPolicy(options),
  };
}

/** For answers that are never a page (plain text, JSON, metrics): nothing may load, nothing may frame. */
export const PLAIN_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers of answers written outside the request pipeline: before routing (Node's parser
 * refused the request, CONNECT) and on the internal METRICS_PORT listener.
 */
export function plainSecurityHeaders(production: boolean): Record<string, string> {
  return { ...staticSecurityHeaders(production), "Content-Security-Policy": PLAIN_CONTENT_SECURITY_POLICY };
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?chorus_session=[^;\s]/;

/** A `token` query parameter (sign-in links, invitations), however its name is escaped. */
const hasTokenParameter = (search: string) => new URLSearchParams(search).has("token");

/**
 * `Cache-Control: no-store` by default for responses a shared cache or the back button must not keep:
 * anything under /api/ and /scim/ (tenant data under a bearer token), anything answered to a signed-in browser
 * (personal figures on pages), and any URL carrying a `token` (the sign-in and invitation pages put
 * it into their HTML). A route's own Cache-Control still wins (static assets keep their year-long
 * cache), see above.
 */
export function needsNoStore(
  pathname: string,
  cookieHeader: string | undefined,
  authorization: string | undefined,
  search = "",
): boolean {
  return (
    isApiPath(pathname) ||
    isScimPath(pathname) ||
    authorization !== undefined ||
    (cookieHeader !== undefined && SESSION_COOKIE.test(cookieHeader)) ||
    hasTokenParameter(search)
  );
}
