import { afterAll, inject } from "vitest";
import { closeDatabase } from "~/db/client.ts";
import { createTestDatabase } from "~/tests/support/database.ts";
import type { PgBouncerTarget } from "~/tests/support/pgbouncer-setup.ts";

// Runs before each integration test file is imported. The app's process singleton `database()`
// (db/client.ts) reads DATABASE_URL on first use, not on import, so setting it here points every
// app module of this file at the file's own database: a clone of the migrated template, so files
// running in parallel never see each other's rows.
//
// The pgbouncer project (vitest.config.ts) runs some files again behind PgBouncer in transaction
// mode: the app's DATABASE_URL then goes through it as a login that is only a member of chorus_app
// (its role default makes it the app role), while DATABASE_OWNER_URL stays direct.
const testDatabase = await createTestDatabase();
const pgbouncer = inject("pgbouncer");
process.env.DATABASE_URL = pgbouncer ? throughPgBouncer(testDatabase.url, pgbouncer) : testDatabase.url;
process.env.DATABASE_OWNER_URL = testDatabase.url;
if (pgbouncer) process.env.DATABASE_POOL_MODE = "transaction";
else delete process.env.DATABASE_POOL_MODE;
delete process.env.PGLITE_DIR;

afterAll(async () => {
  await closeDatabase();
  await testDatabase.drop();
});

function throughPgBouncer(direct: string, target: PgBouncerTarget): string {
  const url = new URL(direct);
  url.hostname = target.host;
  url.port = String(target.port);
  url.username = target.login;
  url.password = "";
  return url.toString();
}
