import type { Server } from "node:http";
import { createAppServer, loadProductionBuild } from "~/server.ts";
import { freePort } from "~/tests/support/production-server.ts";

/**
 * The production build served by createAppServer in the test's own process, on a free port, against
 * this test file's database. Unlike startProductionServer, the test shares module state with the
 * server (caches, in-process jobs, the logger). Set any environment the server reads before calling.
 */
export interface AppServer {
  base: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // APP_URL is our origin for the CSRF check: it must be known before the server is created.
  process.env.APP_URL = base;
  const build = await loadProductionBuild().catch(() => {
    throw new Error("build/server/index.js is missing: run `npm run build` first (npm test does)");
  });
  const server = createAppServer({ build });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    base,
    port,
    server,
    async close() {
      // keep-alive connections from fetch would otherwise hold close() open until they time out
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
