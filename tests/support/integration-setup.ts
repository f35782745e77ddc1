import { afterAll } from "vitest";
import { closeDatabase } from "~/db/client.ts";
import { createTestDatabase } from "~/tests/support/database.ts";

// Runs before each integration test file is imported. The app's process singleton `database()`
// (db/client.ts) reads DATABASE_URL on first use, not on import, so setting it here points every
// app module of this file at the file's own database: a clone of the migrated template, so files
// running in parallel never see each other's rows.
const testDatabase = await createTestDatabase();
process.env.DATABASE_URL = testDatabase.url;
process.env.DATABASE_OWNER_URL = testDatabase.url;
delete process.env.PGLITE_DIR;

afterAll(async () => {
  await closeDatabase();
  await testDatabase.drop();
});
