/**
 * The e2e app's own database, for the few things a spec writes or reads directly (a session, a
 * company to start from, a row the UI can no longer create). playwright.config.ts names it once per
 * run (CHORUS_E2E_DATABASE, inherited by tests/e2e/start-app.ts and the workers); without it (a
 * server started by hand) the newest chorus_e2e_<epoch ms> is this run's: ports 3100/4010 allow one
 * run at a time.
 */
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "~/db/client.ts";

export const E2E_ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

async function databaseName(): Promise<string> {
  const named = process.env.CHORUS_E2E_DATABASE;
  if (named) return named;
  const client = new pg.Client({ connectionString: E2E_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^chorus_e2e_[0-9]+$' ORDER BY datname DESC LIMIT 1`,
    );
    if (!rows[0]) throw new Error("no e2e database found");
    return rows[0].datname;
  } finally {
    await client.end();
  }
}

/** The superuser's URL of the e2e app's database. */
export async function e2eDatabaseUrl(): Promise<string> {
  const url = new URL(E2E_ADMIN_URL);
  url.pathname = `/${await databaseName()}`;
  return url.toString();
}

let handle: Promise<DatabaseHandle> | undefined;

/**
 * The e2e database opened like the app opens its own (`db` is the app role under row level
 * security, so the app's functions and tests/support/factories.ts work on it unchanged); one per
 * worker, closed by the worker fixture in tests/e2e/support/test.ts.
 */
export function e2eDatabase(): Promise<DatabaseHandle> {
  handle ??= e2eDatabaseUrl().then((url) => openDatabase({ url }));
  return handle;
}

export async function closeE2eDatabase(): Promise<void> {
  const open = handle;
  handle = undefined;
  if (open) await (await open).close();
}
