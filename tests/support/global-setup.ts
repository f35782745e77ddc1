import type { TestProject } from "vitest/node";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { ensureAppRole } from "~/db/rls.ts";
import { migrateToLatest } from "~/db/migrator.ts";
import { databaseUrl, dropDatabase, withAdminClient } from "~/tests/support/database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** name of the migrated template database every test file clones (CREATE DATABASE … TEMPLATE) */
    templateDatabase: string;
  }
}

/**
 * Once per integration run: a fresh template database migrated to the latest schema as the owner.
 * Per-file databases are chorus_t_<template id>_<random>, so teardown drops exactly this run's
 * leftovers and never those of another engineer's run against the same cluster.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const id = randomBytes(5).toString("hex");
  const template = `chorus_tpl_${id}`;
  await withAdminClient((admin) => admin.query(`CREATE DATABASE ${template}`));

  const owner = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl(template), max: 1 }) }),
  });
  try {
    await createAppRoleTolerantly(owner);
    await migrateToLatest(owner);
  } catch (error) {
    await owner.destroy();
    await withAdminClient((admin) => dropDatabase(admin, template));
    throw new Error(`Migrating the test template database failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await owner.destroy();
  // Nobody connects to the template again: CREATE DATABASE … TEMPLATE refuses while anyone is.
  await withAdminClient((admin) => admin.query(`ALTER DATABASE ${template} ALLOW_CONNECTIONS false`));

  project.provide("templateDatabase", template);
  process.env.CHORUS_TEST_TEMPLATE_DB = template;

  return async () => {
    await withAdminClient(async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`chorus\\_t\\_${id}\\_%`],
      );
      for (const { datname } of rows) await dropDatabase(admin, datname);
      await dropDatabase(admin, template);
    });
  };
}

/**
 * Roles are cluster-wide, so two runs migrating at once race on the migration's
 * IF NOT EXISTS … CREATE ROLE; the loser gets 23505. Retrying finds the role.
 */
async function createAppRoleTolerantly(owner: Kysely<unknown>): Promise<void> {
  try {
    await ensureAppRole(owner);
  } catch (error) {
    if ((error as { code?: string }).code !== "23505") throw error;
    await ensureAppRole(owner);
  }
}
