import { appUrl } from "~/app/lib/env.server.ts";

/**
 * How a GET that would record a view in someone's credit access log ("who looked at my figures")
 * reached us:
 * - "same-origin": from one of our own pages (a link, a client-side navigation's `.data` fetch)
 * - "typed": typed into the address bar, a bookmark, a link from a mail program (Sec-Fetch-Site: none)
 * - "unproven": another site steered the browser here, or a browser that sends no fetch metadata
 *   and no Referer of ours
 *
 * Why it matters: the session cookie is SameSite=Lax, so a foreign page CAN make a manager's browser
 * open a logging URL as a top-level navigation, with the cookie. Answering that with figures would
 * write "viewed" or "exported" entries in an employee's log that nobody chose to make.
 */
export type ViewOrigin = "same-origin" | "typed" | "unproven";

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Our own origins: the one the request was addressed to, and APP_URL's (TLS terminated in front of us). */
function ownOrigins(request: Request): Set<string> {
  const origins = new Set<string>();
  const requested = originOf(request.url);
  if (requested) origins.add(requested);
  const configured = originOf(appUrl());
  if (configured) origins.add(configured);
  return origins;
}

export function viewOrigin(request: Request): ViewOrigin {
  // Only the browser sets Sec-Fetch-Site (a page's script cannot). "same-site" is a sibling
  // subdomain — not us — and "cross-site" is a foreign page: both unproven.
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" ? "same-origin" : site === "none" ? "typed" : "unproven";
  // Browsers without fetch metadata (Safari before 16.4): our pages send Referrer-Policy
  // strict-origin-when-cross-origin (token pages strict-origin), so a navigation from one of them
  // carries at least our origin as Referer; a foreign page's Referer names the foreign page.
  const referer = request.headers.get("referer");
  const from = referer ? originOf(referer) : null;
  return from !== null && ownOrigins(request).has(from) ? "same-origin" : "unproven";
}

/** True when a logging view may show figures and write its access-log entry (see ViewOrigin). */
export function isConfirmedView(request: Request): boolean {
  return viewOrigin(request) !== "unproven";
}
