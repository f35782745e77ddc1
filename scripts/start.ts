import { EmbeddedDatabaseLockedError } from "~/db/embedded-lock.ts";
import { startApp } from "~/scripts/start-server.ts";

try {
  await startApp({ dev: process.argv.includes("--dev") });
} catch (error) {
  // a second `npm start` on the same embedded database: say so plainly instead of a stack trace
  if (!(error instanceof EmbeddedDatabaseLockedError)) throw error;
  console.error(`\n  Chorus refuses to start: ${error.message}\n`);
  process.exit(1);
}
