/**
 * The tracked-link redirect as a process of its own: `npm run links` (fly.toml's `links` group).
 * It serves GET/HEAD /s/:code exactly as server.ts does in-process (redirect.server.ts), plus
 * /healthz and /readyz; everything else is 404. It loads only what the redirect needs — the tracking
 * module, the database client, the logger, security headers — not React Router, not the app build,
 * not the other modules: `.dependency-cruiser.cjs` (links-entry-stays-small) holds it to that.
 *
 * LINKS_WORKERS=n forks n workers (node:cluster) sharing the port; default 1, no cluster at all.
 */
import cluster from "node:cluster";
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import client from "prom-client";
import { closeDatabase, database } from "~/db/client.ts";
import { installGracefulShutdown } from "~/runtime/graceful-shutdown.ts";
import { logger } from "~/runtime/logger.server.ts";
import { clientIp, type ProxyTrust } from "~/app/lib/client-ip.server.ts";
import { env } from "~/app/lib/env.server.ts";
import { serverListenHost } from "~/app/lib/loopback.server.ts";
import { parseRequestTarget } from "~/app/lib/request-target.server.ts";
import { plainSecurityHeaders } from "~/app/lib/security-headers.server.ts";
import { closeClickRedis, readyClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "~/app/modules/tracking/config.server.ts";
import { flushClicks } from "~/app/modules/tracking/record-click.server.ts";
import { handleShortLink, shortLinkHeaders } from "~/app/modules/tracking/redirect.server.ts";

async function ready(): Promise<boolean> {
  const checks: Record<string, string> = {};
  try {
    await sql`select 1`.execute((await database()).db);
    checks.database = "ok";
  } catch (e) {
    checks.database = (e as Error).message;
  }
  const { redisUrl } = clickConfig();
  if (redisUrl) {
    // Not fatal for clicks (they fall back to click_inbox), but a link process without its stream is
    // worth taking out of rotation until Redis is back, as server.ts does.
    try {
      checks.redis = (await (await readyClickRedis(redisUrl, 1_000)).ping()) === "PONG" ? "ok" : "unexpected";
    } catch (e) {
      checks.redis = (e as Error).message;
    }
  }
  const ok = Object.values(checks).every((c) => c === "ok");
  if (!ok) logger.warn({ checks }, "not ready");
  return ok;
}

function plain(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const body = STATUS_CODES[status] ?? "Error";
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** The links server: /s/:code, /healthz, /readyz, 404 for the rest. */
export function createLinksServer(): Server {
  const production = env().NODE_ENV === "production";
  const proxyTrust: ProxyTrust = { trustProxy: env().TRUST_PROXY, onFly: env().FLY_APP_NAME !== undefined };
  const headers = shortLinkHeaders(production);
  const plainHeaders = Object.entries(plainSecurityHeaders(production));

  const other = (req: IncomingMessage, res: ServerResponse): void => {
    for (const [name, value] of plainHeaders) res.setHeader(name, value);
    // The same refusals as server.ts for targets no link of ours has (`//x`, `/a/../b`, `%ZZ`, NUL).
    const target = parseRequestTarget(req.url);
    if (!target.ok) {
      logger.warn({ reason: target.reason }, "request target refused");
      plain(res, target.status);
      return;
    }
    const read = req.method === "GET" || req.method === "HEAD";
    if (read && target.pathname === "/healthz") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    } else if (read && target.pathname === "/readyz") {
      void ready().then(
        (ok) =>
          res
            .writeHead(ok ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" })
            .end(JSON.stringify({ ok })),
        () => plain(res, 503),
      );
    } else {
      plain(res, 404);
    }
  };

  const server = createServer((req, res) => {
    try {
      // the hot path, as in server.ts: no request id, no log line (chorus_redirects_total counts it)
      if (req.url !== undefined && req.url.startsWith("/s/"))
        handleShortLink(req, res, clientIp(req, req.socket.remoteAddress ?? "", proxyTrust), headers);
      else other(req, res);
    } catch (err) {
      logger.error({ err, path: (req.url ?? "").split("?")[0]!.slice(0, 200) }, "request handler failed");
      if (res.headersSent) res.destroy();
      else plain(res, 500);
    }
  });
  // What Node's parser refuses (oversized headers, a malformed request line): a plain answer, closed.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
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
    const body = STATUS_CODES[status] ?? "Bad Request";
    const head = plainHeaders.map(([name, value]) => `${name}: ${value}\r\n`).join("");
    socket.on("error", () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${body}\r\n${head}Content-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** Prometheus on METRICS_PORT (internal, as for server.ts): this process's, or the workers' summed. */
function listenForMetrics(port: number, host: string | undefined, registry: () => Promise<string>): Server {
  const headers = plainSecurityHeaders(env().NODE_ENV === "production");
  const metrics = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if ((req.url ?? "").split("?")[0] !== "/metrics") return plain(res, 404);
    registry().then(
      (body) =>
        res
          .writeHead(200, { "Content-Type": client.register.contentType, "Cache-Control": "no-store" })
          .end(body),
      (err: unknown) => {
        logger.error({ err }, "metrics not collected");
        plain(res, 500);
      },
    );
  });
  metrics.on("error", (err) =>
    logger.error({ err, port }, "metrics listener failed; serving without /metrics"),
  );
  return metrics.listen(port, host);
}

function workerCount(): number {
  const n = Number(process.env.LINKS_WORKERS || "1");
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error("LINKS_WORKERS must be an integer from 1 to 64");
  return n;
}

/** One process serving links: what a cluster worker runs, and the whole thing with LINKS_WORKERS=1. */
function serveLinks(withMetrics: boolean): void {
  const e = env(); // fail at boot, with every bad variable named
  clickConfig();
  const server = createLinksServer();
  installGracefulShutdown(server, {
    afterClose: () =>
      flushClicks()
        .catch((err: unknown) => logger.error({ err }, "clicks not flushed at shutdown"))
        .then(() => Promise.allSettled([closeDatabase(), closeClickRedis()])),
  });
  const host = serverListenHost(e);
  server.listen(e.PORT, host, () =>
    logger.info({ port: e.PORT, host: host ?? "every interface" }, "links listening"),
  );
  if (withMetrics && e.METRICS_PORT) {
    client.collectDefaultMetrics();
    const metrics = listenForMetrics(e.METRICS_PORT, host, () => client.register.metrics());
    server.once("close", () => metrics.close());
  }
}

/** The cluster's primary: forks the workers, passes SIGTERM on, and exits when they all have. */
function superviseWorkers(n: number): void {
  const e = env();
  let stopping = false;
  // counted here: cluster.workers may still list a worker that has exited until its channel closes
  let live = 0;
  const fork = () => {
    if (stopping) return;
    live++;
    cluster.fork();
  };
  for (let i = 0; i < n; i++) fork();
  // a worker that dies at boot (a bad variable) would be re-forked in a tight loop: back off, and
  // give up when every worker has died several times within a minute
  const deaths: number[] = [];
  cluster.on("exit", (worker, code, signal) => {
    live--;
    if (stopping) {
      if (live === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - 60_000) deaths.shift();
    if (deaths.length > 5 * n) {
      logger.fatal({ deaths: deaths.length }, "links workers keep dying; giving up");
      process.exit(1);
    }
    const delayMs = Math.min(10_000, 100 * 2 ** (deaths.length - 1));
    logger.error({ pid: worker.process.pid, code, signal, delayMs }, "links worker died; starting another");
    setTimeout(fork, delayMs);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  if (e.METRICS_PORT) {
    const aggregator = new client.AggregatorRegistry();
    listenForMetrics(e.METRICS_PORT, serverListenHost(e), () => aggregator.clusterMetrics());
  }
  logger.info({ workers: n }, "links cluster started");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const n = workerCount();
  if (n === 1) serveLinks(true);
  else if (cluster.isPrimary) superviseWorkers(n);
  else serveLinks(false);
}
