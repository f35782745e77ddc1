/**
 * The request line's target, checked once at the edge (server.ts) before anything routes on it.
 *
 * Everything after this sees one canonical spelling of a path: prefix checks (the CSRF exemption for
 * /api/, the health endpoints, static files) compare strings, so `/api/../language`, `/api/%2e%2e/x`
 * or `/api%2flanguage` must never reach them. Rather than resolving such spellings we refuse them:
 * no link Chorus renders contains one, so only a hand-made request does.
 */

/** Longer request targets get 414. Browsers and proxies handle 8 KiB; Chorus's own links are far shorter. */
export const MAX_TARGET_LENGTH = 8 * 1024;

export type RequestTarget =
  /** pathname is percent-decoded; search is raw, with its `?` */
  { ok: true; pathname: string; search: string } | { ok: false; status: 400 | 414; reason: string };

const ENCODED_SEPARATOR = /%(2f|5c)/i;

function decodes(text: string): string | undefined {
  try {
    // Throws URIError on a malformed escape (`%ZZ`, `%uD800`) and on escapes that are not UTF-8,
    // including encoded surrogates (`%ED%A0%80`).
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Parses `req.url` (origin-form only: `/path?query`). */
export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? "";
  if (target.length > MAX_TARGET_LENGTH) return { ok: false, status: 414, reason: "target too long" };
  // Absolute-form (`GET http://host/`) is for proxies, and `*` only for `OPTIONS *`: neither is ours.
  if (!target.startsWith("/")) return { ok: false, status: 400, reason: "not an origin-form target" };
  const q = target.indexOf("?");
  const rawPath = q < 0 ? target : target.slice(0, q);
  const search = q < 0 ? "" : target.slice(q);
  if (rawPath.includes("\\") || ENCODED_SEPARATOR.test(rawPath))
    return { ok: false, status: 400, reason: "encoded or backslash separator" };
  const pathname = decodes(rawPath);
  if (pathname === undefined) return { ok: false, status: 400, reason: "malformed path escape" };
  if (pathname.includes("\0")) return { ok: false, status: 400, reason: "NUL in path" };
  const segments = pathname.split("/").slice(1);
  // `//` would make `new URL()` read a host; `.`/`..` would make one path spell another. A trailing
  // slash (last segment empty) is harmless and React Router treats it like none.
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s === "." || s === "..") return { ok: false, status: 400, reason: "dot segment" };
    if (s === "" && i < segments.length - 1) return { ok: false, status: 400, reason: "empty segment" };
  }
  if (search) {
    // `+` is a space in form-encoded queries; decodeURIComponent would keep it, which is fine here:
    // this only proves the query decodes at all and carries no NUL.
    const query = decodes(search.slice(1));
    if (query === undefined) return { ok: false, status: 400, reason: "malformed query escape" };
    if (query.includes("\0")) return { ok: false, status: 400, reason: "NUL in query" };
  }
  // Decoded: `/%61pi/v1/posts` must match `/api/` checks just as React Router (which decodes) routes it.
  return { ok: true, pathname, search };
}

/**
 * Whether a canonical path is under /api/ (or /webhooks/). React Router matches routes without regard
 * to case, so `/API/v1/posts` is the API to it: every rule the edge keys on these prefixes (the
 * single-fetch refusal, body limits, no-store, the CSRF exemption) must see it the same way.
 */
export const isApiPath = (pathname: string) => pathname.toLowerCase().startsWith("/api/");
export const isWebhookPath = (pathname: string) => pathname.toLowerCase().startsWith("/webhooks/");
/**
 * SCIM provisioning (/scim/v2, issue 16) is a bearer-token API like /api/: the same CSRF exemption,
 * body limit, no-store and `.data` refusal, with SCIM's error body at the edge.
 */
export const isScimPath = (pathname: string) => pathname.toLowerCase().startsWith("/scim/");

/**
 * The three endpoints Slack POSTs to (issue 17): signed with the app's signing secret, never a
 * cookie, so they are exempt from the Origin check like /webhooks/, take JSON (events) or forms
 * (slash commands, interactions) with the API's body limit, and have no `.data` twin. Only these
 * three: the rest of /integrations/ (the OAuth install and callback) stays a cookie path. Matched
 * exactly, without regard to case, with a trailing slash or `.data` as React Router would route them.
 */
const SLACK_WEBHOOK_PATHS = new Set([
  "/integrations/slack/events",
  "/integrations/slack/commands",
  "/integrations/slack/interactions",
]);
export const isSlackWebhookPath = (pathname: string) =>
  SLACK_WEBHOOK_PATHS.has(
    pathname
      .toLowerCase()
      .replace(/\.data$/, "")
      .replace(/\/$/, ""),
  );

/**
 * The Teams personal tab (/teams/tab/<slug>, app/routes/teams.tab.tsx), the one page Teams may frame
 * (security-headers.server.ts, TEAMS_FRAME_ANCESTORS). Exactly the spelling the app package names:
 * lower case, one slug segment ([a-z0-9-], so no `.data` either). React Router would also render
 * `/Teams/Tab/acme`, but that spelling stays unframable, which only ever errs on the strict side.
 */
export const isTeamsTabPath = (pathname: string) => /^\/teams\/tab\/[a-z0-9-]+\/?$/.test(pathname);
