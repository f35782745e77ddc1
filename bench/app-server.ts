/**
 * The benchmarks' app server (support.ts startAppServer forks it): the production build behind
 * createAppServer on PORT; tells its parent "ready" and closes on "stop".
 */
import { createAppServer, loadProductionBuild } from "~/server.ts";

const server = createAppServer({ build: await loadProductionBuild() });
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.({ type: "ready" }));
process.on("message", (m: { type: string }) => {
  if (m.type !== "stop") return;
  server.close(() => process.exit(0));
  server.closeAllConnections(); // the benchmark's keep-alive sockets would hold close() open
});
