import type { IncomingMessage } from "node:http";
import {
  isApiPath,
  isScimPath,
  isSlackWebhookPath,
  isWebhookPath,
  parseRequestTarget,
} from "~/app/lib/request-target.server.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * How the edge judges a request:
 * - "safe": a method that changes nothing, or the API, SCIM and webhooks (bearer tokens and
 *   signatures, never cookies), Slack's three signed endpoints included
 * - "same-origin": Origin names us
 * - "same-origin-by-fetch-metadata": Origin is `null` or missing, but the browser's fetch metadata
 *   says same-origin. React Router compares Origin with the request's host itself and would answer
 *   400 to `null`: server.ts removes that Origin before handing the request on.
 * - "cross-site": refused (403)
 */
export type CsrfVerdict = "safe" | "same-origin" | "same-origin-by-fetch-metadata" | "cross-site";

/**
 * CSRF defence for cookie-authenticated form posts: an unsafe request must carry an Origin header
 * equal to our own origin. Browsers always send Origin on cross-origin and same-origin POSTs, so a
 * missing Origin on an unsafe method is refused too.
 *
 * The exemption is decided on the canonical path (request-target.server.ts), never the raw one:
 * `POST /api/../language` starts with /api/ as a string but is /language to anyone who resolves it.
 * A target that does not parse is not exempt (server.ts answers it with 400 before this anyway). The
 * prefixes compare without regard to case, as React Router's route matching does.
 */
export function csrfVerdict(
  req: IncomingMessage,
  allowedOrigin: string,
  opts: { development: boolean },
): CsrfVerdict {
  if (SAFE_METHODS.has(req.method ?? "GET")) return "safe";
  const target = parseRequestTarget(req.url);
  if (
    target.ok &&
    (isApiPath(target.pathname) ||
      isScimPath(target.pathname) ||
      isWebhookPath(target.pathname) ||
      isSlackWebhookPath(target.pathname))
  )
    return "safe";
  const origin = req.headers.origin;
  if (origin === allowedOrigin) return "same-origin";
  // A page served with `Referrer-Policy: no-referrer` (sign-in, join) makes Chromium send
  // `Origin: null` even for its own forms, and React Router keeps that document across client-side
  // navigations. Fetch metadata tells those apart: only the browser sets Sec-Fetch-Site (scripts
  // cannot), and a sandboxed or foreign page gets "cross-site" there.
  if ((origin === undefined || origin === "null") && req.headers["sec-fetch-site"] === "same-origin")
    return "same-origin-by-fetch-metadata";
  // Development: http://127.0.0.1:3000 and http://localhost:3000 are both "us". The Host header comes
  // from the victim's browser, so a foreign page still cannot make Origin and Host agree.
  if (opts.development && origin !== undefined && origin === `http://${req.headers.host}`)
    return "same-origin";
  return "cross-site";
}

export function isCrossSiteRequest(
  req: IncomingMessage,
  allowedOrigin: string,
  opts: { development: boolean },
): boolean {
  return csrfVerdict(req, allowedOrigin, opts) === "cross-site";
}
