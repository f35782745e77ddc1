/**
 * The servers bench/redirect.ts measures, each forked in a child process of its own:
 * `node --import tsx bench/redirect-server.ts baseline|links|web`. Only node:http is imported up
 * front, so the links child holds what links.ts loads and nothing of the benchmark's own (kysely
 * seeding, autocannon). It answers the parent's IPC: "stats" (flushes clicks first; CPU time so far)
 * and "stop".
 */
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
  if (kind === "baseline") {
    const location = process.env.BENCH_DESTINATION ?? "https://www.example.com/";
    const server = createServer((_req, res) => {
      res
        .writeHead(302, { Location: location, "Cache-Control": "private, no-store", "Content-Length": "0" })
        .end();
    });
    server.listen(port, "127.0.0.1", () => send({ type: "ready", port }));
    process.on("message", (m: { type: string }) => {
      if (m.type === "stats") send({ type: "stats", accepted: 0, dropped: 0, ...cpu() });
      if (m.type === "stop") server.close(() => process.exit(0));
    });
    return;
  }
  let server: Server;
  if (kind === "links") {
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

await serve(process.argv[2] ?? "");
