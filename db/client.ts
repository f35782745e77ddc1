import { Kysely, PostgresDialect, sql, type Transaction } from "kysely";
import { mkdirSync } from "node:fs";
import type { ClientBase as PgClient } from "pg";
import type { Database } from "~/db/schema.ts";
import { APP_ROLE, loginRoleProblems } from "~/db/rls.ts";
import { migrateToLatest } from "~/db/migrator.ts";
import { acquireEmbeddedLock, resolveEmbeddedDir, type EmbeddedLock } from "~/db/embedded-lock.ts";
import { logger } from "~/runtime/logger.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";

/** PostgreSQL's type oid of `date`. */
const DATE_OID = 1082;

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything a query can run on: the pool or a transaction. */
export type Conn = DB | Tx;

export interface DatabaseHandle {
  kind: "postgres" | "pglite";
  /** Runs as the app role: subject to row level security. */
  db: DB;
  /**
   * Runs as the table owner: migrations and operator tooling only, never request code. PGlite has
   * one session: the owner identity exists only while it migrates on open; afterwards this handle
   * runs as the app role too.
   */
  owner: Kysely<unknown>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** postgres://… for PostgreSQL; undefined for embedded PGlite */
  url?: string | undefined;
  /** migrations run here when set (a login that owns the tables); defaults to url */
  ownerUrl?: string | undefined;
  /** PGlite data directory, or "memory://" */
  pgliteDir?: string | undefined;
  /** PGlite only: run migrations on open (it has a single connection, so there is no other time) */
  migrate?: boolean;
  /**
   * NODE_ENV=production: the DATABASE_URL login is checked even when it equals the owner URL (or no
   * owner URL is set), so production never serves as the owner or a superuser.
   */
  production?: boolean;
  /**
   * How DATABASE_URL's connections reach PostgreSQL (DATABASE_POOL_MODE). "session" (default): each
   * pooled connection is a server session of its own (a direct connection, or PgBouncer in session
   * mode), and the pool does SET ROLE on it. "transaction": PgBouncer in transaction mode, where
   * consecutive transactions of one client connection run on whichever server connection is free, so
   * nothing session-scoped may be relied on: the login's role default (`ALTER ROLE … SET role`, made
   * by `chorus db roles`) puts every server connection in the app role from its start, and the pool
   * only checks that it does.
   */
  poolMode?: PoolMode | undefined;
}

export const POOL_MODES = ["session", "transaction"] as const;
export type PoolMode = (typeof POOL_MODES)[number];

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.url
    ? openPostgres(
        config.url,
        config.ownerUrl ?? config.url,
        config.production ?? false,
        config.poolMode ?? "session",
      )
    : openPglite(config);
}

async function openPostgres(
  url: string,
  ownerUrl: string,
  production: boolean,
  poolMode: PoolMode,
): Promise<DatabaseHandle> {
  const { default: pg } = await import("pg");
  // Every pooled connection becomes the app role before it is handed out; if SET ROLE fails the
  // connect fails, so no query ever runs as the login role (a pool "connect" listener cannot
  // guarantee that: the caller's query may already be on the wire).
  //
  // SET ROLE alone is no boundary: any SQL that runs RESET ROLE is the login again. With a login of
  // its own (DATABASE_OWNER_URL set apart from DATABASE_URL), and always in production, that login
  // must be no more than a member of the app role (`chorus db roles` creates one), and the first
  // connection proves it; if not, every connection fails, naming why, rather than the app running as
  // the owner. Outside production without DATABASE_OWNER_URL the login is the owner (development,
  // tests) and SET ROLE is all there is.
  //
  // Behind PgBouncer in transaction mode (poolMode "transaction") a SET ROLE would land on one
  // server connection and the next transaction may run on another, as the login: the login's role
  // default carries the role instead, and each new client connection checks that current_user is
  // the app role. The login is always checked then: a role default is undone by SET ROLE NONE.
  const pooled = poolMode === "transaction";
  const separateLogin = ownerUrl !== url || production || pooled;
  let loginChecked: Promise<void> | undefined;
  // date columns (tenant-local days) stay "YYYY-MM-DD": a JS Date would put them at a UTC midnight
  pg.types.setTypeParser(DATE_OID, (value: string) => value);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    onConnect: async (client) => {
      if (separateLogin) {
        // A verdict (the login is more than the app role) stands for the pool's life; a check that
        // failed for another reason (a restart, failover, a timeout) is tried again on the next connection.
        loginChecked ??= checkLogin(client).catch((error: unknown) => {
          if (!(error instanceof UnsafeLoginError)) loginChecked = undefined;
          throw error;
        });
        await loginChecked;
      }
      if (pooled) await checkRoleDefault(client);
      else await client.query(`SET ROLE ${APP_ROLE}`);
    },
  });
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  // An idle pooled connection can be ended by the server (restart, failover, an administrator,
  // a dropped test database). pg then emits "error" on the pool; without a listener that would
  // crash the process. The pool drops the broken client and opens a new one on the next query.
  for (const p of [pool, ownerPool]) {
    p.on("error", (err: Error) => {
      logger.warn({ err: err.message }, "idle database connection ended by the server");
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  return {
    kind: "postgres",
    db,
    owner,
    async close() {
      await db.destroy();
      await owner.destroy();
    },
  };
}

/** The DATABASE_URL login is more than the app role: a configuration error, not a passing fault. */
class UnsafeLoginError extends Error {
  override readonly name = "UnsafeLoginError";
}

/** Refuses a DATABASE_URL login that could undo SET ROLE into rights beyond the app role's. */
async function checkLogin(client: PgClient): Promise<void> {
  const { rows } = await client.query<{ login: string }>("select session_user as login");
  const login = rows[0]!.login;
  const problems = await loginRoleProblems((text, values) => client.query(text, values) as never, login);
  if (problems.length > 0) {
    throw new UnsafeLoginError(
      `DATABASE_URL logs in as "${login}", which is more than the app role (${problems.join("; ")}). ` +
        `Connect with a login that only belongs to ${APP_ROLE}: npm run chorus -- db roles --login <name> ` +
        `(the owner's URL goes in DATABASE_OWNER_URL, for migrations and operator commands only)`,
    );
  }
}

/**
 * Transaction pooling: the server connection behind this client runs as the app role by the login's
 * role default, not by anything this client sent. Fails, naming the fix, when it does not.
 */
async function checkRoleDefault(client: PgClient): Promise<void> {
  const { rows } = await client.query<{ role: string; login: string }>(
    "select current_user as role, session_user as login",
  );
  const { role, login } = rows[0]!;
  if (role !== APP_ROLE) {
    throw new Error(
      `DATABASE_POOL_MODE=transaction, but DATABASE_URL's login "${login}" runs as "${role}", not ${APP_ROLE}: ` +
        `behind a transaction pooler the role comes from the login's role default. ` +
        `Set it with: npm run chorus -- db roles --login ${login}`,
    );
  }
}

async function openPglite(config: DatabaseConfig): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGliteDialect } = await import("kysely-pglite-dialect");
  // the directory exactly as PGlite would read it (file:// stripped, made absolute), so the lock
  // is taken on the directory PGlite opens; memory:// has nothing to lock
  const onDisk = resolveEmbeddedDir(config.pgliteDir ?? ".data/pglite");
  const dir = onDisk ?? "memory://";
  let lock: EmbeddedLock | undefined;
  if (onDisk) {
    mkdirSync(onDisk, { recursive: true });
    // one process per data directory, refused before PGlite touches a page (db/embedded-lock.ts)
    lock = acquireEmbeddedLock(onDisk);
  }
  let db: Kysely<Database>;
  let owner: Kysely<unknown>;
  try {
    const client = await PGlite.create(dir, { parsers: { [DATE_OID]: (value: string) => value } });
    // One connection, two identities: migrate as the owner, then drop to the app role for good.
    owner = new Kysely<unknown>({ dialect: new PGliteDialect(client) });
    if (config.migrate !== false) await migrateToLatest(owner);
    await sql.raw(`SET ROLE ${APP_ROLE}`).execute(owner);
    db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    kind: "pglite",
    db,
    owner,
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * Operator tooling (the CLI) reading across tenants as the table owner: on PostgreSQL the owner's
 * own connection (DATABASE_OWNER_URL); on PGlite, whose one session has become the app role, the
 * session user again for one transaction only. Never for request or job code.
 */
export async function asOwner<T>(
  handle: DatabaseHandle,
  fn: (owner: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const owner = handle.owner as Kysely<Database>;
  if (handle.kind === "postgres") return fn(owner);
  return owner.transaction().execute(async (tx) => {
    await sql`SET LOCAL ROLE NONE`.execute(tx);
    return fn(tx);
  });
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return {
    url: env.DATABASE_URL || undefined,
    ownerUrl: env.DATABASE_OWNER_URL || undefined,
    pgliteDir: env.PGLITE_DIR || undefined,
    production: env.NODE_ENV === "production",
    poolMode: poolModeFromEnv(env.DATABASE_POOL_MODE),
  };
}

function poolModeFromEnv(value: string | undefined): PoolMode | undefined {
  if (!value) return undefined;
  if (!(POOL_MODES as readonly string[]).includes(value))
    throw new Error(`DATABASE_POOL_MODE must be one of ${POOL_MODES.join(", ")}, got "${value}"`);
  return value as PoolMode;
}

// Process-wide, even across module copies (the server and its bundled build): see processSingleton.
const slot = processSingleton("db", () => ({ current: undefined as Promise<DatabaseHandle> | undefined }));

/** The process-wide database, opened on first use from the environment. */
export function database(): Promise<DatabaseHandle> {
  slot.current ??= openDatabase(databaseConfigFromEnv());
  return slot.current;
}

export async function closeDatabase(): Promise<void> {
  const current = slot.current;
  if (!current) return;
  slot.current = undefined;
  let handle: DatabaseHandle;
  try {
    handle = await current;
  } catch {
    // it never opened (refused, say): nothing to close, and the opener already reported why
    return;
  }
  await handle.close();
}
