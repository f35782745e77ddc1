/**
 * The servers bench/redirect.ts measures, each forked in a child process of its own:
 * `node --import tsx bench/redirect-server.ts baseline|headers|links|cluster|web`. Only node:http is imported
 * up front, so the links child holds what links.ts loads and nothing of the benchmark's own (kysely
 * seeding, autocannon). It answers the parent's IPC: "stats" (flushes clicks first; CPU time so far)
 * and "stop". `cluster` is the links process with LINKS_WORKERS workers (node:cluster, as links.ts
 * runs them: each worker serves createLinksServer() on the shared port, the primary hands out the
 * connections); its stats are the workers' summed, plus the primary's CPU.
 */
import cluster, { type Worker } from "node:cluster";
import { createServer, type Server } from "node:http";

export type ChildMessage =
  | { type: "ready"; port: number }
  | { type: "stats"; accepted: number; dropped: number; cpuMicros: number; systemMicros: number };

const cpu = () => {
  const u = process.cpuUsage();
  return { cpuMicros: u.user + u.system, systemMicros: u.system };
};

async function serve(kind: string): Promise<void> {
  const port = Number(process.env.PORT);
  const send = (m: ChildMessage) => process.send?.(m);
  if (kind === "baseline" || kind === "headers") {
    const location = process.env.BENCH_DESTINATION ?? "https://www.example.com/";
    // "headers": the bare server with every header the links process's 302 carries (issue 12's
    // security headers), flat as redirect.server.ts writes them; the benchmark checks they match
    const head =
      kind === "baseline"
        ? { Location: location, "Cache-Control": "private, no-store", "Content-Length": "0" }
        : await linksRedirectHeaders(location);
    const server = createServer((_req, res) => {
      res.writeHead(302, head).end();
    });
    server.listen(port, "127.0.0.1", () => send({ type: "ready", port }));
    process.on("message", (m: { type: string }) => {
      if (m.type === "stats") send({ type: "stats", accepted: 0, dropped: 0, ...cpu() });
      if (m.type === "stop") server.close(() => process.exit(0));
    });
    return;
  }
  if (kind === "cluster" && cluster.isPrimary) {
    superviseBenchWorkers(port, send);
    return;
  }
  let server: Server;
  if (kind === "links" || kind === "cluster") {
    const { createLinksServer } = await import("~/links.ts");
    server = createLinksServer();
  } else {
    const { createAppServer, loadProductionBuild } = await import("~/server.ts");
    server = createAppServer({ build: await loadProductionBuild() });
  }
  const { flushClicks, clickHandOffStats } = await import("~/app/modules/tracking/record-click.server.ts");
  const { closeDatabase } = await import("~/db/client.ts");
  const { closeClickRedis } = await import("~/app/modules/tracking/click-redis.server.ts");
  server.listen(port, "127.0.0.1", () => send({ type: "ready", port }));
  // a cluster worker answers its primary, for itself only: the primary sums (superviseBenchWorkers)
  process.on("message", (m: { type: string }) => {
    if (m.type === "stats") {
      void flushClicks().then(() => {
        const s = clickHandOffStats();
        send({ type: "stats", accepted: s.accepted, dropped: s.dropped, ...cpu() });
      });
    }
    if (m.type === "stop") {
      server.close();
      void flushClicks()
        .then(() => Promise.allSettled([closeClickRedis(), closeDatabase()]))
        .then(() => process.exit(0));
    }
  });
}

/** The links process's 302 headers (redirect.server.ts, production), flat: [name, value, …]. */
async function linksRedirectHeaders(location: string): Promise<string[]> {
  const { securityHeaders } = await import("~/app/lib/security-headers.server.ts");
  return Object.entries({
    ...securityHeaders({ nonce: undefined, production: true, viteDev: false }),
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Length": "0",
    Location: location,
  }).flat();
}

/** The cluster's primary: forks the workers, relays "stats" (summed) and "stop" from the parent. */
function superviseBenchWorkers(port: number, send: (m: ChildMessage) => void): void {
  const n = Number(process.env.LINKS_WORKERS);
  if (!Number.isInteger(n) || n < 2) throw new Error("the cluster server needs LINKS_WORKERS ≥ 2");
  const workers: Worker[] = [];
  let ready = 0;
  for (let i = 0; i < n; i++) {
    const worker = cluster.fork();
    workers.push(worker);
    worker.on("message", (m: ChildMessage) => {
      if (m.type === "ready" && ++ready === n) send({ type: "ready", port });
    });
  }
  const statsOf = (worker: Worker) =>
    new Promise<Extract<ChildMessage, { type: "stats" }>>((resolve) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== "stats") return;
        worker.off("message", onMessage);
        resolve(m);
      };
      worker.on("message", onMessage);
      worker.send({ type: "stats" });
    });
  process.on("message", (m: { type: string }) => {
    if (m.type === "stats") {
      void Promise.all(workers.map(statsOf)).then((all) => {
        const own = cpu();
        send({
          type: "stats",
          accepted: all.reduce((a, w) => a + w.accepted, 0),
          dropped: all.reduce((a, w) => a + w.dropped, 0),
          cpuMicros: own.cpuMicros + all.reduce((a, w) => a + w.cpuMicros, 0),
          systemMicros: own.systemMicros + all.reduce((a, w) => a + w.systemMicros, 0),
        });
      });
    }
    if (m.type === "stop") {
      let left = workers.length;
      for (const worker of workers) {
        worker.once("exit", () => {
          if (--left === 0) process.exit(0);
        });
        worker.send({ type: "stop" });
      }
    }
  });
}

await serve(process.argv[2] ?? "");
