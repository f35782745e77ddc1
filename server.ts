import { createHash, timingSafeEqual } from "node:crypto";
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createReadStream, statSync } from "node:fs";
import type { Duplex } from "node:stream";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import client from "prom-client";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "react-router";
import { closeDatabase, database } from "~/db/client.ts";
import { closeQueue } from "~/jobs/queue.ts";
import { registerSchedules, stopSchedules } from "~/jobs/schedules.ts";
import { appUrl, env } from "~/app/lib/env.server.ts";
import { clientIp } from "~/app/lib/client-ip.server.ts";
import {
  createCompressor,
  type Encoding,
  flushWhenIdle,
  mayCompress,
  negotiateEncoding,
  peekBody,
  PRECOMPRESSED_EXTENSIONS,
  varyWithAcceptEncoding,
} from "~/app/lib/compression.server.ts";
import { csrfVerdict } from "~/app/lib/csrf.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { installGracefulShutdown as installShutdown } from "~/runtime/graceful-shutdown.ts";
import { isLoopbackAddress, serverListenHost } from "~/app/lib/loopback.server.ts";
import { closeRedis, redis } from "~/app/lib/redis.server.ts";
import {
  isApiPath,
  isScimPath,
  isSlackWebhookPath,
  isTeamsTabPath,
  isWebhookPath,
  parseRequestTarget,
} from "~/app/lib/request-target.server.ts";
import {
  contentSecurityPolicy,
  createNonce,
  needsNoStore,
  plainSecurityHeaders,
  securityHeaders,
  TEAMS_FRAME_ANCESTORS,
} from "~/app/lib/security-headers.server.ts";
import { MAX_BODY_BYTES as MAX_API_BODY_BYTES } from "~/app/modules/api/http.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "~/app/modules/tracking/config.server.ts";
import { flushClicks } from "~/app/modules/tracking/record-click.server.ts";
import { handleShortLink, shortLinkHeaders } from "~/app/modules/tracking/redirect.server.ts";

client.collectDefaultMetrics();
const httpDuration = new client.Histogram({
  name: "http_request_duration_seconds",
  help: "HTTP request duration by method, first path segment and status",
  labelNames: ["method", "area", "status"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

const CLIENT_DIR = resolve("build/client");
const MIME: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".map": "application/json",
  ".webp": "image/webp",
  ".jpg": "image/jpeg",
  ".woff": "font/woff",
};

/**
 * Methods handed to the app. PUT/PATCH/DELETE reach the routes so that the API answers them with
 * its own JSON 405 and exact Allow; OPTIONS is answered here (no CORS: Chorus is not called from
 * other origins' scripts); anything else (TRACE, CONNECT, PROPFIND, made-up tokens) is 405 here —
 * React Router throws on methods the fetch Request constructor refuses (TRACE, CONNECT).
 */
const APP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
const ALLOW = "GET, HEAD, POST, OPTIONS";

/**
 * Request bodies: the API's limit (readJsonBody enforces the same with a JSON error), and for form
 * posts room for the members CSV import (1 MB of CSV plus multipart framing; the route answers a
 * friendlier 413 from 1 MB + 64 KiB on, this is the hard stop for everything else).
 */
export const MAX_FORM_BODY_BYTES = 2 * 1024 * 1024;
const bodyLimit = (pathname: string) =>
  isApiPath(pathname) || isScimPath(pathname) || isSlackWebhookPath(pathname)
    ? MAX_API_BODY_BYTES
    : MAX_FORM_BODY_BYTES;

/** The size of a regular file, or undefined. */
function fileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves a built client file if the (validated, decoded) path names one; hashed /assets/ are cached for
 * a year. Text files come as the build precompressed them (scripts/precompress.ts: `<file>.br`,
 * `<file>.gz`) when the request's Accept-Encoding takes one; the variants are never served by their own name.
 */
function serveStatic(req: IncomingMessage, res: ServerResponse, dir: string, pathname: string): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (pathname === "/") return false;
  const file = normalize(join(dir, pathname));
  if (!file.startsWith(dir + "/")) return false;
  const ext = extname(file);
  if (ext === ".br" || ext === ".gz") return false;
  const size = fileSize(file);
  if (size === undefined) return false;
  let served = { file, size, encoding: undefined as Encoding | undefined };
  let vary = false;
  if (PRECOMPRESSED_EXTENSIONS.has(ext)) {
    const variants = { br: fileSize(`${file}.br`), gzip: fileSize(`${file}.gz`) };
    const available = (["br", "gzip"] as const).filter((e) => variants[e] !== undefined);
    vary = available.length > 0;
    const encoding = negotiateEncoding(req.headers["accept-encoding"], available);
    if (encoding)
      served = { file: `${file}.${encoding === "br" ? "br" : "gz"}`, size: variants[encoding]!, encoding };
  }
  res.writeHead(200, {
    "Content-Type": MIME[ext] ?? "application/octet-stream",
    "Content-Length": served.size,
    ...(served.encoding ? { "Content-Encoding": served.encoding } : {}),
    ...(vary ? { Vary: "Accept-Encoding" } : {}),
    "Cache-Control": pathname.startsWith("/assets/")
      ? "public, max-age=31536000, immutable"
      : "public, max-age=3600",
  });
  if (req.method === "HEAD") res.end();
  else
    createReadStream(served.file)
      .on("error", () => res.destroy())
      .pipe(res);
  return true;
}

async function readiness(): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  try {
    await sql`select 1`.execute((await database()).db);
    checks.database = "ok";
  } catch (e) {
    checks.database = (e as Error).message;
  }
  if (env().REDIS_URL) {
    try {
      checks.redis = (await redis().ping()) === "PONG" ? "ok" : "unexpected reply";
    } catch (e) {
      checks.redis = (e as Error).message;
    }
  }
  return { ok: Object.values(checks).every((c) => c === "ok"), checks };
}

/**
 * A short answer from the edge itself: JSON in the API's error shape under /api/, SCIM's error body
 * (RFC 7644 §3.12) under /scim/, plain text elsewhere. `scim` defaults to the raw path's prefix, so
 * every edge refusal of a directory's request (a 500 included) is one it can parse.
 */
function answer(
  res: ServerResponse,
  status: number,
  opts: {
    api?: boolean;
    scim?: boolean;
    code?: string;
    message?: string;
    headers?: Record<string, string>;
  } = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = opts.message ?? STATUS_CODES[status] ?? "Error";
  const scim = opts.scim ?? isScimPath(res.req?.url ?? "");
  const body = scim
    ? JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: String(status),
        detail: message,
      })
    : opts.api
      ? JSON.stringify({ error: { code: opts.code ?? "invalid_input", message } })
      : message;
  res.writeHead(status, {
    "Content-Type": scim
      ? "application/scim+json; charset=utf-8"
      : opts.api
        ? "application/json; charset=utf-8"
        : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...opts.headers,
  });
  res.end(res.req?.method === "HEAD" ? undefined : body);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** Who may read /metrics on the main port (see METRICS_PORT / METRICS_TOKEN in env.server.ts). */
function metricsAccess(req: IncomingMessage): "allowed" | "unauthorized" | "hidden" {
  const e = env();
  if (e.METRICS_PORT) return "hidden";
  if (e.METRICS_TOKEN) {
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    // Hashing first makes the comparison constant-time whatever the lengths.
    return presented && timingSafeEqual(sha256(presented), sha256(e.METRICS_TOKEN))
      ? "allowed"
      : "unauthorized";
  }
  return e.NODE_ENV !== "production" && isLoopbackAddress(req.socket.remoteAddress ?? "")
    ? "allowed"
    : "hidden";
}

function serveMetrics(res: ServerResponse): void {
  void client.register.metrics().then(
    (body) =>
      res
        .writeHead(200, { "Content-Type": client.register.contentType, "Cache-Control": "no-store" })
        .end(body),
    (err: unknown) => {
      logger.error({ err }, "metrics not collected");
      answer(res, 500);
    },
  );
}

/**
 * The internal /metrics listener for METRICS_PORT: a second server in this process that answers
 * nothing else. Keep its port off the public internet (on Fly: not in [http_service]; Fly's own
 * scraper reaches it through fly.toml's [metrics] section).
 */
export function createMetricsServer(): Server {
  const headers = plainSecurityHeaders(env().NODE_ENV === "production");
  return createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/metrics" && (req.method === "GET" || req.method === "HEAD")) serveMetrics(res);
    else answer(res, 404);
  });
}

/** Copies a fetch Response onto Node's response; the route's headers override the edge's defaults. */
async function sendResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  if (res.headersSent || res.destroyed) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) {
    headers["set-cookie"] = cookies;
    // A response that signs someone in or out is personal even if the request carried no session.
    if (!response.headers.has("cache-control")) headers["cache-control"] = "no-store";
  }
  const compressible = mayCompress(response);
  if (compressible) headers.vary = varyWithAcceptEncoding(headers.vary as string | undefined);
  const encoding =
    compressible && req.method !== "HEAD" && response.body
      ? negotiateEncoding(req.headers["accept-encoding"])
      : undefined;
  const writeHead = () => {
    if (response.statusText) res.writeHead(response.status, response.statusText, headers);
    else res.writeHead(response.status, headers);
  };
  // HEAD keeps the route's own headers (plus Vary): whether the body would be compressed can depend on its size.
  if (!response.body || req.method === "HEAD") {
    writeHead();
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  try {
    if (!encoding) {
      writeHead();
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
      return;
    }
    const peeked = await peekBody(response.body);
    if (res.destroyed) {
      if ("stream" in peeked) peeked.stream.destroy();
      return;
    }
    if ("small" in peeked) {
      headers["content-length"] = String(peeked.small.length);
      writeHead();
      res.end(peeked.small);
      return;
    }
    const length = Number(headers["content-length"]) || undefined;
    delete headers["content-length"];
    headers["content-encoding"] = encoding;
    // A strong validator names one representation; the compressed one is another.
    if (typeof headers.etag === "string" && !headers.etag.startsWith("W/"))
      headers.etag = `W/${headers.etag}`;
    writeHead();
    const compressor = createCompressor(encoding, length);
    flushWhenIdle(peeked.stream, compressor);
    await pipeline(peeked.stream, compressor, res);
  } catch (err) {
    // The client went away mid-stream, or rendering failed after the headers: nothing to answer.
    if (!res.destroyed) res.destroy();
    if ((err as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE")
      logger.warn({ err }, "response stream ended early");
  }
}

/**
 * The whole request body, "too-large" as soon as it passes `limit` (counted as it arrives: a
 * chunked upload has no Content-Length), or "aborted" when the client went away mid-upload (nobody is
 * left to answer, and it is not our error). Bodies are at most a couple of MiB, and every consumer
 * (formData(), the API's readJsonBody, the Stripe signature check) buffers them anyway.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNRESET" || err.message === "aborted") resolve("aborted");
      else reject(err);
    });
  });
}

/** What a browser form posts (the only bodies page actions read, with request.formData()). */
const FORM_MEDIA_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * A page action's body must be a form that parses: request.formData() throws a TypeError on any
 * other media type and on broken multipart framing, which would surface as a 500. Refused here with
 * 415 / 400 instead. Parsing a multipart body twice (here and in the action) is cheap at ≤ 2 MiB.
 */
async function formBodyProblem(
  contentType: string | undefined,
  body: Buffer,
): Promise<415 | 400 | undefined> {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_MEDIA_TYPES.has(mediaType)) return 415;
  if (mediaType !== "multipart/form-data") return undefined;
  try {
    await new Response(new Uint8Array(body), { headers: { "Content-Type": contentType! } }).formData();
    return undefined;
  } catch {
    return 400;
  }
}

/** A first cut at the Host header's shape: a name or an address with an optional port, nothing else. */
// Underscores too: container and Compose service names (chorus_web) arrive as Host behind a proxy.
const HOST_SHAPE = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The request's URL, or undefined if the Host header does not make one. The shape check keeps paths,
 * userinfo and the like out; WHATWG URL then refuses what the shape lets through but no URL can hold
 * (port 99999, 1.2.3.256, [1:2], xn--a, 0x100000000): those are the client's fault, a 400, not a 500.
 */
function requestUrl(scheme: string, host: string, target: string): URL | undefined {
  if (!HOST_SHAPE.test(host)) return undefined;
  try {
    return new URL(target, `${scheme}//${host}`);
  } catch {
    return undefined;
  }
}

interface EdgeContext {
  pathname: string;
  requestId: string;
  nonce: string;
  /** the client's address for rate limits (clientIp) */
  ip: string;
  /** the socket's peer address, for access decisions */
  peer: string;
  /** the edge accepted a null or missing Origin on fetch metadata alone (csrfVerdict) */
  dropOrigin: boolean;
}

/**
 * React Router behind our own Node adapter rather than @react-router/node's listener: the body is
 * counted (413 beyond the limit, also for chunked uploads without Content-Length), the URL is built
 * from the validated target and Host, the load context comes straight from the edge, and nothing
 * the handler throws escapes.
 */
function createReactRouterListener(build: AppServerOptions["build"], mode: "production" | "development") {
  const handle = createRequestHandler(build, mode);
  // The scheme the public sees: behind TLS termination (Fly, any proxy) a browser's Origin is
  // https://…, and React Router refuses an action whose Origin differs from the request URL's.
  const { protocol: scheme, host: appHost } = new URL(appUrl());
  return async (req: IncomingMessage, res: ServerResponse, ctx: EdgeContext): Promise<void> => {
    const url = requestUrl(scheme, req.headers.host ?? appHost, req.url ?? "/");
    if (!url) {
      answer(res, 400, {
        api: isApiPath(ctx.pathname),
        scim: isScimPath(ctx.pathname),
        message: "Bad Request (Host header)",
      });
      return;
    }
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const method = req.method ?? "GET";
    const headers = new Headers();
    try {
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!;
        // React Router checks Origin against the request URL itself and answers 400 to `null`.
        if (ctx.dropOrigin && name.toLowerCase() === "origin") continue;
        headers.append(name, req.rawHeaders[i + 1]!);
      }
    } catch {
      // Node's parser is more lenient than the fetch Headers class about a few bytes in values.
      answer(res, 400, { message: "Bad Request (header value)" });
      return;
    }
    let body: Buffer | undefined;
    if (method !== "GET" && method !== "HEAD") {
      const api = isApiPath(ctx.pathname);
      const read = await readBody(req, bodyLimit(ctx.pathname));
      if (read === "aborted") {
        logger.info({ requestId: ctx.requestId }, "client went away while sending the body");
        res.destroy();
        return;
      }
      if (read === "too-large") {
        // Closing the connection drops the unread rest of the body.
        answer(res, 413, {
          api,
          scim: isScimPath(ctx.pathname),
          code: "payload_too_large",
          headers: { Connection: "close" },
        });
        return;
      }
      const problem =
        api || isScimPath(ctx.pathname) || isWebhookPath(ctx.pathname) || isSlackWebhookPath(ctx.pathname)
          ? undefined
          : await formBodyProblem(req.headers["content-type"], read);
      if (problem) {
        answer(res, problem, {
          message:
            problem === 415
              ? "Unsupported Media Type: send a form."
              : "Bad Request: the form data could not be read.",
        });
        return;
      }
      body = read;
    }
    const request = new Request(url, {
      method,
      headers,
      body: body && new Uint8Array(body),
      signal: controller.signal,
    });
    const loadContext: AppLoadContext = {
      ip: ctx.ip,
      peer: ctx.peer,
      requestId: ctx.requestId,
      nonce: ctx.nonce,
    };
    const response = await handle(request, loadContext);
    await sendResponse(req, res, response);
  };
}

export interface AppServerOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** development: Vite's middleware serves client modules and HMR */
  devMiddleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  clientDir?: string;
}

export function createAppServer(options: AppServerOptions): Server {
  const origin = new URL(appUrl()).origin;
  const clientDir = options.clientDir ?? CLIENT_DIR;
  const production = env().NODE_ENV === "production";
  const viteDev = options.devMiddleware !== undefined;
  // Development mode (stack traces and SQL in error pages) only with Vite's middleware: `npm start`
  // serving the built app is production mode whatever NODE_ENV says.
  const handleWithReactRouter = createReactRouterListener(
    options.build,
    viteDev ? "development" : "production",
  );
  const proxyTrust = { trustProxy: env().TRUST_PROXY, onFly: env().FLY_APP_NAME !== undefined };
  // The /s/ hot path's answers, security headers included, made once (redirect.server.ts).
  const linkHeaders = shortLinkHeaders(production);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const peer = req.socket.remoteAddress ?? "";
    // The tracked-link hot path, before request ids, logging, CSRF and React Router: see
    // app/modules/tracking/redirect.server.ts. Counted in chorus_redirects_total instead of a log line.
    if (req.url?.startsWith("/s/")) {
      handleShortLink(req, res, clientIp(req, peer, proxyTrust), linkHeaders);
      return;
    }
    const started = process.hrtime.bigint();
    const requestId = crypto.randomUUID();
    // Under Vite the CSP has no nonce source, so Chromium does not hide nonce attributes and React
    // would report every one as a hydration mismatch: no nonce there at all.
    const nonce = viteDev ? "" : createNonce();
    for (const [name, value] of Object.entries(securityHeaders({ nonce, production, viteDev })))
      res.setHeader(name, value);
    res.setHeader("X-Request-Id", requestId);
    const target = parseRequestTarget(req.url);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const area = target.ok ? target.pathname.split("/")[1] || "root" : "invalid";
      httpDuration.observe(
        {
          method: APP_METHODS.has(req.method ?? "") ? req.method! : "other",
          area: area.length > 20 ? "other" : area,
          status: String(res.statusCode),
        },
        seconds,
      );
      // The path only: query strings carry sign-in and invitation tokens (?token=…).
      const path = (req.url ?? "").split("?")[0]!.slice(0, 200);
      logger.info(
        { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) },
        "request",
      );
    });

    if (!target.ok) {
      logger.warn({ requestId, reason: target.reason }, "request target refused");
      // No canonical path to go by: the raw prefix only picks the error's shape (the API's JSON).
      const apiShaped = isApiPath(req.url ?? "") || isScimPath(req.url ?? "");
      answer(res, target.status, {
        api: apiShaped,
        headers: apiShaped ? { "Cache-Control": "no-store" } : {},
      });
      return;
    }
    const { pathname } = target;
    // The Teams tab alone may be framed, by Teams' hosts alone; decided on the canonical path.
    if (isTeamsTabPath(pathname)) {
      res.setHeader(
        "Content-Security-Policy",
        contentSecurityPolicy({ nonce, viteDev, frameAncestors: TEAMS_FRAME_ANCESTORS }),
      );
      res.removeHeader("X-Frame-Options");
    }
    const api = isApiPath(pathname);
    const scim = isScimPath(pathname);
    if (needsNoStore(pathname, req.headers.cookie, req.headers.authorization, target.search))
      res.setHeader("Cache-Control", "no-store");

    const method = req.method ?? "GET";
    if (method === "OPTIONS") {
      res.writeHead(204, { Allow: ALLOW }).end();
      return;
    }
    if (!APP_METHODS.has(method)) {
      answer(res, 405, { api, scim, code: "method_not_allowed", headers: { Allow: ALLOW } });
      return;
    }
    // React Router's single-fetch suffix turns any route into its data stream; the API, SCIM and
    // webhooks (Slack's three endpoints too) answer JSON of their own and nothing else.
    if (
      (api || scim || isWebhookPath(pathname) || isSlackWebhookPath(pathname)) &&
      pathname.toLowerCase().endsWith(".data")
    ) {
      answer(res, 404, { api, scim, code: "not_found", message: "Not Found" });
      return;
    }

    if (pathname === "/healthz") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return;
    }
    if (pathname === "/readyz") {
      // Publicly only the verdict; what failed (and raw driver errors) goes to the log.
      readiness()
        .then(({ ok, checks }) => {
          if (!ok) logger.warn({ requestId, checks }, "not ready");
          res
            .writeHead(ok ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" })
            .end(JSON.stringify({ ok }));
        })
        .catch((err: unknown) => failed(err, req, res, requestId));
      return;
    }
    if (pathname === "/metrics") {
      const access = metricsAccess(req);
      if (access === "allowed") serveMetrics(res);
      else if (access === "unauthorized")
        answer(res, 401, { headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
      else answer(res, 404);
      return;
    }
    const csrf = csrfVerdict(req, origin, { development: !production });
    if (csrf === "cross-site") {
      logger.warn({ requestId, origin: req.headers.origin, path: pathname }, "cross-site form post refused");
      answer(res, 403, { message: "Cross-site request refused (Origin check)." });
      return;
    }
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > bodyLimit(pathname)) {
      // Refused before reading; closing the connection drops the unread rest of the body.
      answer(res, 413, { api, scim, code: "payload_too_large", headers: { Connection: "close" } });
      return;
    }
    if (serveStatic(req, res, clientDir, pathname)) return;
    const ctx: EdgeContext = {
      pathname,
      requestId,
      nonce,
      ip: clientIp(req, peer, proxyTrust),
      peer,
      dropOrigin: csrf === "same-origin-by-fetch-metadata",
    };
    const next = () =>
      void handleWithReactRouter(req, res, ctx).catch((err: unknown) => failed(err, req, res, requestId));
    if (options.devMiddleware) options.devMiddleware(req, res, next);
    else next();
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // the id handle() gave the request, if it got that far (the /s/ hot path has none)
      failed(err, req, res, String(res.getHeader("X-Request-Id") ?? ""));
    }
  });
  // Requests Node's parser refuses never reach the listener: oversized headers (431), a malformed
  // request line or header (400), a raw NUL. Answer them properly and log them like any other.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Only where nothing was written yet: a pipelined bad request must not splice into a response in flight.
    if (
      err.code === "ECONNRESET" ||
      !socket.writable ||
      (socket as Duplex & { bytesWritten?: number }).bytesWritten
    ) {
      socket.destroy();
      return;
    }
    const status =
      err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    answerRaw(socket, status, { code: err.code }, {}, production);
  });
  // CONNECT never reaches the request listener either (Node hands over the raw socket): 405.
  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    answerRaw(socket, 405, { method: req.method }, { Allow: ALLOW }, production);
  });
  startMetricsListenerWith(server);
  return server;
}

/** An answer written straight to a socket that has no ServerResponse, then closed. */
function answerRaw(
  socket: Duplex,
  status: number,
  logFields: Record<string, unknown>,
  extra: Record<string, string>,
  production: boolean,
): void {
  const requestId = crypto.randomUUID();
  logger.warn({ requestId, status, ...logFields }, "request refused before routing");
  const body = STATUS_CODES[status] ?? "Bad Request";
  const headers = {
    ...plainSecurityHeaders(production),
    ...extra,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    "X-Request-Id": requestId,
    Connection: "close",
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.on("error", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${body}\r\n${head}\r\n${body}`);
}

/** Anything a handler threw: logged with the request id; a 500 if nothing was sent yet, else the socket closes. */
function failed(err: unknown, req: IncomingMessage, res: ServerResponse, requestId: string): void {
  logger.error(
    { err, requestId, method: req.method, path: (req.url ?? "").split("?")[0]!.slice(0, 200) },
    "request handler failed",
  );
  try {
    if (res.headersSent) res.destroy();
    else answer(res, 500, { message: "Internal Server Error" });
  } catch {
    res.destroy();
  }
}

/** METRICS_PORT set: the internal /metrics listener opens and closes with the app server. */
function startMetricsListenerWith(server: Server): void {
  const port = env().METRICS_PORT;
  if (!port) return;
  const metrics = createMetricsServer();
  server.once("listening", () => {
    // The same interface as the app: loopback for `npm start`, the machine's addresses in a container.
    const bound = server.address();
    const host = bound && typeof bound === "object" ? bound.address : undefined;
    // A taken port costs the metrics, not the app (an unhandled listen error would end the process).
    metrics.on("error", (err: NodeJS.ErrnoException) =>
      logger.error({ err, port }, "metrics listener failed; serving without /metrics"),
    );
    metrics.listen(port, host, () => logger.info({ port, host }, "metrics listening"));
  });
  server.once("close", () => metrics.close());
}

export async function loadProductionBuild(): Promise<ServerBuild> {
  return (await import(pathToFileURL(resolve("build/server/index.js")).href)) as ServerBuild;
}

/** How long shutdown waits for in-process jobs; runtime/graceful-shutdown.ts exits regardless at 10 s. */
const SHUTDOWN_JOBS_MS = 5_000;

/**
 * Stops taking connections, lets requests in flight finish, then closes queues and connections
 * (runtime/graceful-shutdown.ts: crashes take the same way out, batched clicks are flushed).
 */
export function installGracefulShutdown(server: Server): void {
  installShutdown(server, {
    beforeClose: stopSchedules,
    // Clicks still batched in memory go to Redis or click_inbox before the connections close. In-process
    // jobs (no REDIS_URL) finish before the connections they use close: closed together, a running
    // rollup failed with "driver has already been destroyed", was retried, outlived the 10 s deadline and
    // the process exited 1. Jobs still running after 5 s are abandoned, as closeQueue logs.
    afterClose: () =>
      flushClicks()
        .catch((err: unknown) => logger.error({ err }, "clicks not flushed at shutdown"))
        .then(() => closeQueue({ timeoutMs: SHUTDOWN_JOBS_MS }))
        .catch((err: unknown) => logger.error({ err }, "job queue not closed at shutdown"))
        .then(() => Promise.allSettled([closeDatabase(), closeRedis(), closeClickRedis()])),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  env(); // fail at boot, with every bad variable named, rather than on the first request
  clickConfig(); // likewise CLICK_RATE_LIMIT_PER_MINUTE, rather than on the first click
  const server = createAppServer({ build: await loadProductionBuild() });
  installGracefulShutdown(server);
  // Loopback unless HOST says otherwise or this is production: run directly on a laptop, server.ts must
  // not serve the development outbox or stack traces to the room. Docker and Fly set HOST=0.0.0.0.
  const host = serverListenHost(env());
  server.listen(env().PORT, host, () =>
    logger.info({ url: appUrl(), host: host ?? "every interface" }, "Chorus is listening"),
  );
  await registerSchedules();
}
