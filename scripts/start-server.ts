import { createServer as createViteServer } from "vite";
import type { ServerBuild } from "react-router";
import { database } from "~/db/client.ts";
import { migrateToLatest } from "~/db/migrator.ts";
import { DEMO_PEOPLE, DEMO_TENANT, seedDemo } from "~/app/modules/tenancy/seed-demo.server.ts";
import { appUrl, env } from "~/app/lib/env.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { createAppServer, installGracefulShutdown, loadProductionBuild } from "~/server.ts";
import { registerSchedules } from "~/jobs/schedules.ts";
import { listenHost } from "~/scripts/listen-host.ts";

/**
 * What `npm start` runs: validate the environment, migrate, seed the demo tenant (once), serve.
 * One process: with REDIS_URL unset the jobs run in it too.
 */
export async function startApp(options: { dev?: boolean } = {}): Promise<void> {
  const e = env();
  const listen = listenHost(e, { dev: options.dev ?? false });
  if (!listen.ok) {
    console.error(`\n  Chorus refuses to start: ${listen.reason}\n`);
    process.exit(1);
  }
  const handle = await database();
  if (handle.kind === "postgres") await migrateToLatest(handle.owner);
  const seeded = await seedDemo(handle.db);

  let server;
  if (options.dev) {
    const vite = await createViteServer({ server: { middlewareMode: true } });
    server = createAppServer({
      build: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
      devMiddleware: vite.middlewares,
    });
  } else {
    server = createAppServer({ build: await loadProductionBuild() });
  }
  installGracefulShutdown(server);
  await new Promise<void>((resolve) => server.listen(e.PORT, listen.host, resolve));
  // Publish/expire posts on time: a BullMQ job scheduler with Redis, an in-process timer without.
  await registerSchedules();

  const url = appUrl();
  const mail = e.RESEND_API_KEY
    ? "Mail goes out through Resend."
    : `Mail lands in ${e.MAIL_DIR}; read it at ${url}/dev/mail`;
  logger.info(
    { url, database: handle.kind, jobs: e.REDIS_URL ? "redis" : "in-process", seeded },
    "Chorus is listening",
  );
  console.log(
    [
      "",
      `  Chorus is running at ${url}  (database: ${handle.kind}, jobs: ${e.REDIS_URL ? "BullMQ on Redis" : "in-process"})`,
      "",
      `  Demo tenant "${DEMO_TENANT.name}" at ${url}/t/${DEMO_TENANT.slug}. Sign in at ${url}/login as:`,
      ...DEMO_PEOPLE.map((p) => `    ${p.email.padEnd(34)} ${p.roles.join(", ")}`),
      `  ${mail}`,
      "",
    ].join("\n"),
  );
}
