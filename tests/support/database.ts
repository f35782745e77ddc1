import pg from "pg";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.ts";

export interface TestDatabase {
  /** postgres:// URL of this file's own database (the login owns its tables: it is the migrator) */
  url: string;
  /** opened with openDatabase({ url }): `db` runs as the app role, `owner` as the login */
  handle: DatabaseHandle;
  /** closes the handle and drops the database */
  drop(): Promise<void>;
}

/** The cluster the integration tests use; a superuser login (CREATE DATABASE, the migration). */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

/** adminUrl() pointed at another database of the same cluster. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs fn with a single admin connection; a refused connection becomes an actionable message. */
export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(adminUrl());
    throw new Error(
      `Integration tests need PostgreSQL at ${where.host} (TEST_DATABASE_URL), but connecting failed: ` +
        `${(error as Error).message}. Start PostgreSQL: see .ci/run.`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a database even if a leaked connection still holds it (PostgreSQL 13+). */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  // A pool that was just ended may still be closing its connections: pg resolves pool.end() before
  // every client has gone. FORCE would then terminate them mid-close, and the server's "terminating
  // connection due to administrator command" reaches a client whose pool no longer listens — an
  // uncaught error that fails the whole run (migration-upgrade.test.ts, once under load). So give
  // closing connections a moment (at most 2 s) before forcing what is left.
  for (let waited = 0; waited < 2_000; waited += 50) {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [name],
    );
    if ((rows[0]?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

function templateDatabase(): string {
  const name = inject("templateDatabase") ?? process.env.CHORUS_TEST_TEMPLATE_DB;
  if (!name) {
    throw new Error(
      "No template database: run integration tests with `vitest run --project integration` (its globalSetup migrates one).",
    );
  }
  return name;
}

/**
 * A fresh, migrated PostgreSQL database cloned from the run's template (a file copy, ~100 ms,
 * instead of running every migration again). Named chorus_t_<template id>_<random> so the run's
 * teardown finds leftovers.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = templateDatabase();
  const name = `chorus_t_${template.replace(/^chorus_tpl_/, "")}_${randomBytes(5).toString("hex")}`;
  await withAdminClient((admin) =>
    admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`),
  );
  const url = databaseUrl(name);
  const handle = await openDatabase({ url });
  let closed = false;
  return {
    url,
    handle,
    async drop() {
      if (!closed) {
        closed = true;
        await handle.close();
      }
      await withAdminClient((admin) => dropDatabase(admin, name));
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
