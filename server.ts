import { createRequestListener } from "@react-router/node";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import client from "prom-client";
import type { ServerBuild } from "react-router";
import { closeDatabase, database } from "./db/client.ts";
import { closeQueue } from "./jobs/queue.ts";
import { registerSchedules, stopSchedules } from "./jobs/schedules.ts";
import { appUrl, env } from "./app/lib/env.server.ts";
import { isCrossSiteRequest } from "./app/lib/csrf.server.ts";
import { logger } from "./app/lib/logger.server.ts";
import { closeRedis, redis } from "./app/lib/redis.server.ts";
import { closeClickRedis } from "./app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "./app/modules/tracking/config.server.ts";
import { flushClicks } from "./app/modules/tracking/record-click.server.ts";
import { handleShortLink } from "./app/modules/tracking/redirect.server.ts";

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
  ".txt": "text/plain; charset=utf-8",
};

/** Serves a built client file if the path names one; hashed /assets/ are cached for a year. */
function serveStatic(req: IncomingMessage, res: ServerResponse, dir: string): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  if (pathname === "/") return false;
  const file = normalize(join(dir, pathname));
  if (!file.startsWith(dir + "/")) return false;
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return false;
    size = stat.size;
  } catch {
    return false;
  }
  res.writeHead(200, {
    "Content-Type": MIME[extname(file)] ?? "application/octet-stream",
    "Content-Length": size,
    "Cache-Control": pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
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

function clientIp(req: IncomingMessage, fallback: string): string {
  if (env().TRUST_PROXY) {
    const fly = req.headers["fly-client-ip"];
    if (typeof fly === "string" && fly) return fly;
    const xff = req.headers["x-forwarded-for"];
    if (typeof xff === "string" && xff) return xff.split(",")[0]!.trim();
  }
  return fallback;
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
  const handleRequest = createRequestListener({
    build: options.build,
    mode: env().NODE_ENV === "production" ? "production" : "development",
    getLoadContext: (request, address) => ({ ip: request.headers.get("x-chorus-client-ip") ?? address.address, requestId: request.headers.get("x-request-id") ?? "" }),
  });

  return createServer((req, res) => {
    // The tracked-link hot path, before request ids, logging, CSRF and React Router: see
    // app/modules/tracking/redirect.server.ts. Counted in chorus_redirects_total instead of a log line.
    if (req.url?.startsWith("/s/")) {
      handleShortLink(req, res, clientIp(req, req.socket.remoteAddress ?? ""));
      return;
    }
    const started = process.hrtime.bigint();
    const requestId = crypto.randomUUID();
    // Our own headers for the load context; never trust what a client sent under these names.
    req.headers["x-request-id"] = requestId;
    req.headers["x-chorus-client-ip"] = clientIp(req, req.socket.remoteAddress ?? "");
    res.setHeader("X-Request-Id", requestId);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const area = (req.url ?? "/").split(/[/?]/)[1] || "root";
      httpDuration.observe({ method: req.method ?? "GET", area: area.length > 20 ? "other" : area, status: String(res.statusCode) }, seconds);
      logger.info({ requestId, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
    });

    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return;
    }
    if (path === "/readyz") {
      void readiness().then(({ ok, checks }) => res.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" }).end(JSON.stringify({ ok, checks })));
      return;
    }
    if (path === "/metrics") {
      void client.register.metrics().then((body) => res.writeHead(200, { "Content-Type": client.register.contentType }).end(body));
      return;
    }
    if (isCrossSiteRequest(req, origin, { development: env().NODE_ENV !== "production" })) {
      logger.warn({ requestId, origin: req.headers.origin, url: req.url }, "cross-site form post refused");
      res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("Cross-site request refused (Origin check).");
      return;
    }
    if (serveStatic(req, res, clientDir)) return;
    const next = () => void handleRequest(req, res);
    if (options.devMiddleware) options.devMiddleware(req, res, next);
    else next();
  });
}

export async function loadProductionBuild(): Promise<ServerBuild> {
  return (await import(pathToFileURL(resolve("build/server/index.js")).href)) as ServerBuild;
}

/** Stops taking connections, lets requests in flight finish, then closes queues and connections. */
export function installGracefulShutdown(server: Server): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopSchedules();
    server.close(() => {
      // Clicks still batched in memory go to Redis or click_inbox before the connections close.
      void flushClicks()
        .catch((err: unknown) => logger.error({ err }, "clicks not flushed at shutdown"))
        .then(() => Promise.allSettled([closeQueue(), closeDatabase(), closeRedis(), closeClickRedis()]))
        .then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  env(); // fail at boot, with every bad variable named, rather than on the first request
  clickConfig(); // likewise CLICK_RATE_LIMIT_PER_MINUTE, rather than on the first click
  const server = createAppServer({ build: await loadProductionBuild() });
  installGracefulShutdown(server);
  // Every interface unless HOST narrows it: Docker and Fly route to the machine's address (their HOST is 0.0.0.0).
  server.listen(env().PORT, env().HOST, () => logger.info({ url: appUrl() }, "Chorus is listening"));
  await registerSchedules();
}
