import type { IncomingMessage } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated form posts: an unsafe request must carry an Origin header
 * equal to our own origin. Browsers always send Origin on cross-origin and same-origin POSTs, so a
 * missing Origin on an unsafe method is refused too. Bearer-token API calls and signed webhooks are
 * not cookie-authenticated and are exempt.
 */
export function isCrossSiteRequest(req: IncomingMessage, allowedOrigin: string, opts: { development: boolean }): boolean {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const path = req.url ?? "/";
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return false;
  const origin = req.headers.origin;
  if (origin === allowedOrigin) return false;
  // Development: http://127.0.0.1:3000 and http://localhost:3000 are both "us". The Host header comes
  // from the victim's browser, so a foreign page still cannot make Origin and Host agree.
  return !(opts.development && origin !== undefined && origin === `http://${req.headers.host}`);
}
