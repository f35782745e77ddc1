import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareSchemas, schemaFromDatabase, schemaFromTypes } from "~/tests/support/schema-types.ts";

/*
 * db/schema.ts and db/tables/*.ts are written by hand; migrations are the truth. This file's database
 * is a clone of the run's migrated template (tests/support/integration-setup.ts): every table and
 * column of it must be in the types with the same nullability and kind of value, and nothing else.
 */

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

describe("db/schema.ts against the migrated database", () => {
  const types = schemaFromTypes();

  it("names every table and column of the database, with its nullability and kind, and nothing else", async () => {
    expect(compareSchemas(types, await schemaFromDatabase(client))).toEqual([]);
  });

  it("fails when a migration adds a column that db/schema.ts does not have (negative control)", async () => {
    // as a new migration would, inside a transaction that is rolled back: nothing stays behind
    await client.query("BEGIN");
    try {
      await client.query("ALTER TABLE users ADD COLUMN nickname text NOT NULL DEFAULT ''");
      await client.query("ALTER TABLE memberships ALTER COLUMN team_id SET NOT NULL");
      expect(compareSchemas(types, await schemaFromDatabase(client))).toEqual([
        "memberships.team_id: NOT NULL in the database, nullable in the types",
        "users.nickname: a column in the database, missing from the types",
      ]);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
