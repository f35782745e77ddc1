import type { Server } from "node:http";
import { logger } from "~/runtime/logger.server.ts";

export interface ShutdownSteps {
  /** right away, before the server stops taking connections (e.g. stop scheduling jobs) */
  beforeClose?: () => void;
  /**
   * once the last request in flight has finished: hand off what the process holds in memory
   * (batched clicks), then close its connections. Errors are the step's to log.
   */
  afterClose: () => Promise<unknown>;
}

/**
 * Stops taking connections, lets requests in flight finish, runs `afterClose`, then exits. A crash
 * (an exception or rejection nothing caught) takes the same way out, so batched clicks are flushed,
 * and then exits non-zero for the supervisor to restart a process in an unknown state. Shared by
 * server.ts and links.ts: each names its own steps.
 */
export function installGracefulShutdown(server: Server, steps: ShutdownSteps): void {
  let closing = false;
  const shutdown = (reason: string, exitCode: number) => {
    if (closing) return;
    closing = true;
    logger.info({ reason }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    steps.beforeClose?.();
    server.close(() => {
      void steps
        .afterClose()
        .catch((err: unknown) => logger.error({ err }, "shutdown step failed"))
        .then(() => process.exit(exitCode));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM", 0));
  process.on("SIGINT", () => shutdown("SIGINT", 0));
  process.on("uncaughtException", (err) => {
    logger.fatal({ err }, "uncaught exception");
    shutdown("uncaughtException", 1);
  });
  process.on("unhandledRejection", (reason) => {
    logger.fatal({ err: reason }, "unhandled promise rejection");
    shutdown("unhandledRejection", 1);
  });
}
