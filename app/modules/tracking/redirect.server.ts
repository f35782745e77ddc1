import type { IncomingMessage, ServerResponse } from "node:http";
import { isbot } from "isbot";
import { LRUCache } from "lru-cache";
import client from "prom-client";
import { logger } from "~/runtime/logger.server.ts";
import { securityHeaders } from "~/app/lib/security-headers.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { recordClick } from "~/app/modules/tracking/record-click.server.ts";
import {
  cachedLink,
  LINK_CODE,
  resolveLink,
  type ResolvedLink,
} from "~/app/modules/tracking/resolve-link.server.ts";

/**
 * GET /s/:code, served by server.ts before logging, CSRF and React Router: on a cache hit it is a
 * regex, an LRU lookup and a 302 — no database, no promise. The click is recorded after res.end().
 */

type Outcome = "redirect" | "redirect-uncounted" | "not-found" | "method" | "error";

/**
 * chorus_redirects_total, counted in plain numbers and handed to prom-client when /metrics is read
 * (collect): Counter.inc with a label hashes the label set on every call, i.e. on every click.
 */
const redirects = processSingleton("tracking.metrics", () => {
  const counts: Record<Outcome, number> = {
    redirect: 0,
    "redirect-uncounted": 0,
    "not-found": 0,
    method: 0,
    error: 0,
  };
  // a counter left by an earlier copy of this module would publish counts nobody increments any more
  client.register.removeSingleMetric("chorus_redirects_total");
  new client.Counter({
    name: "chorus_redirects_total",
    help: "Tracked-link requests by outcome",
    labelNames: ["outcome"],
    collect() {
      for (const outcome of Object.keys(counts) as Outcome[]) {
        if (counts[outcome] === 0) continue;
        this.inc({ outcome }, counts[outcome]);
        counts[outcome] = 0;
      }
    },
  });
  return counts;
});

// isbot runs one large regex; user agents repeat a lot, so remember the verdict for the common ones.
const botVerdicts = processSingleton("tracking.bots", () => new LRUCache<string, boolean>({ max: 2_000 }));

function isBot(userAgent: string): boolean {
  let verdict = botVerdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Link nicht gefunden · Link not found</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}p{color:#4b5563}</style></head>
<body><h1>Link nicht gefunden</h1><p>Dieser Link ist unbekannt oder unvollständig. Bitte prüfe, ob du ihn vollständig kopiert hast.</p>
<h1 lang="en">Link not found</h1><p lang="en">This link is unknown or incomplete. Please check that you copied all of it.</p></body></html>`;

/** The code in /s/<code>, or undefined if the path has anything else (extra segments, bad characters). */
export function linkCodeFromUrl(url: string): string | undefined {
  let end = url.length;
  const query = url.indexOf("?");
  if (query >= 0) end = query;
  const code = url.slice(3, end);
  return LINK_CODE.test(code) ? code : undefined;
}

/**
 * Every header of each answer, security headers included, as flat [name, value, …] arrays written with
 * one writeHead: no setHeader per header, no object per request. The redirect's own arrays (with its
 * Location) are made once per link and kept beside it.
 */
export interface ShortLinkHeaders {
  redirect: WeakMap<ResolvedLink, string[]>;
  redirectBase: Record<string, string>;
  notFound: string[];
  unavailable: string[];
  method: string[];
}

export function shortLinkHeaders(production: boolean): ShortLinkHeaders {
  // a 302 or a tiny HTML page without scripts: fixed headers, no nonce
  const security = securityHeaders({ nonce: undefined, production, viteDev: false });
  const flat = (own: Record<string, string>) => Object.entries({ ...security, ...own }).flat();
  return {
    redirect: new WeakMap(),
    // Only ever the stored destination: nothing from the request reaches the Location header.
    redirectBase: {
      ...security,
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Length": "0",
    },
    notFound: flat({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Length": String(Buffer.byteLength(NOT_FOUND_PAGE)),
    }),
    unavailable: flat({
      "Content-Type": "text/plain; charset=utf-8",
      "Retry-After": "5",
      "Cache-Control": "no-store",
    }),
    method: flat({ Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }),
  };
}

let testHeaders: ShortLinkHeaders | undefined;

/**
 * Answers /s/<code> (`req.url` starts with "/s/"). server.ts and links.ts pass the headers they made
 * once with shortLinkHeaders(); a test calling it bare gets the development set.
 */
export function handleShortLink(
  req: IncomingMessage,
  res: ServerResponse,
  clientIp: string,
  headers: ShortLinkHeaders = (testHeaders ??= shortLinkHeaders(false)),
): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    redirects.method++;
    res.writeHead(405, headers.method).end("Method Not Allowed");
    return;
  }
  const code = linkCodeFromUrl(req.url ?? "");
  if (code === undefined) {
    notFound(req, res, headers);
    return;
  }
  const cached = cachedLink(code);
  if (cached !== undefined) {
    answer(req, res, cached, clientIp, headers);
    return;
  }
  resolveLink(code).then(
    (link) => answer(req, res, link, clientIp, headers),
    (err: unknown) => {
      redirects.error++;
      logger.error({ err, code }, "link code lookup failed");
      res.writeHead(503, headers.unavailable).end("Service Unavailable");
    },
  );
}

function redirectHeaders(link: ResolvedLink, headers: ShortLinkHeaders): string[] {
  let flat = headers.redirect.get(link);
  if (flat === undefined) {
    flat = Object.entries({ ...headers.redirectBase, Location: link.destination }).flat();
    headers.redirect.set(link, flat);
  }
  return flat;
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  link: ResolvedLink | null,
  clientIp: string,
  headers: ShortLinkHeaders,
): void {
  if (!link) {
    notFound(req, res, headers);
    return;
  }
  res.writeHead(302, redirectHeaders(link, headers)).end();
  const userAgent = req.headers["user-agent"] ?? "";
  // HEAD is what link checkers and unfurlers send; bots are previews, not readers: neither is a click.
  if (req.method !== "GET" || isBot(userAgent)) {
    redirects["redirect-uncounted"]++;
    return;
  }
  redirects.redirect++;
  try {
    recordClick(link, { ip: clientIp, userAgent, referer: req.headers.referer, cookie: req.headers.cookie });
  } catch (err) {
    logger.error({ err }, "click not recorded");
  }
}

function notFound(req: IncomingMessage, res: ServerResponse, headers: ShortLinkHeaders): void {
  redirects["not-found"]++;
  res.writeHead(404, headers.notFound);
  if (req.method === "HEAD") res.end();
  else res.end(NOT_FOUND_PAGE);
}
