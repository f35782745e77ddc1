/** What the benchmarks share: a throw-away migrated PostgreSQL database, medians, the machine's description. */
import { cpus, loadavg, totalmem } from "node:os";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database migrated as its owner, like tests/support/global-setup.ts does for tests. */
export async function createBenchDatabase(name: string): Promise<string> {
  const { ensureAppRole } = await import("~/db/rls.ts");
  const { migrateToLatest } = await import("~/db/migrator.ts");
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const owner = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl(name), max: 1 }) }),
  });
  try {
    try {
      await ensureAppRole(owner);
    } catch (error) {
      // roles are cluster-wide: a test run creating it at the same moment wins the race
      if ((error as { code?: string }).code !== "23505") throw error;
      await ensureAppRole(owner);
    }
    await migrateToLatest(owner);
  } finally {
    await owner.destroy();
  }
  return databaseUrl(name);
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which `p` percent of the values lie (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.split(" ").slice(0, 2).join(" ") ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 10) / 10;
}
