import type { IncomingMessage } from "node:http";
import { parseRequestTarget } from "./request-target.server.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Not cookie-authenticated: bearer-token API calls and signed webhooks. */
const EXEMPT_PREFIXES = ["/api/", "/webhooks/"];

/**
 * CSRF defence for cookie-authenticated form posts: an unsafe request must carry an Origin header
 * equal to our own origin. Browsers always send Origin on cross-origin and same-origin POSTs, so a
 * missing Origin on an unsafe method is refused too.
 *
 * The exemption is decided on the canonical path (request-target.server.ts), never the raw one:
 * `POST /api/../language` starts with /api/ as a string but is /language to anyone who resolves it.
 * A target that does not parse is not exempt (server.ts answers it with 400 before this anyway).
 */
export function isCrossSiteRequest(req: IncomingMessage, allowedOrigin: string, opts: { development: boolean }): boolean {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const target = parseRequestTarget(req.url);
  if (target.ok && EXEMPT_PREFIXES.some((prefix) => target.pathname.startsWith(prefix))) return false;
  const origin = req.headers.origin;
  if (origin === allowedOrigin) return false;
  // A page served with `Referrer-Policy: no-referrer` (sign-in, join) makes Chromium send
  // `Origin: null` even for its own forms, and React Router keeps that document across client-side
  // navigations. Fetch metadata tells those apart: only the browser sets Sec-Fetch-Site (scripts
  // cannot), and a sandboxed or foreign page gets "cross-site" there.
  if ((origin === undefined || origin === "null") && req.headers["sec-fetch-site"] === "same-origin") return false;
  // Development: http://127.0.0.1:3000 and http://localhost:3000 are both "us". The Host header comes
  // from the victim's browser, so a foreign page still cannot make Origin and Host agree.
  return !(opts.development && origin !== undefined && origin === `http://${req.headers.host}`);
}
