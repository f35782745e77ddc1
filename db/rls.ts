import { CompiledQuery, sql, type Kysely } from "kysely";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** The role the app runs as: owns nothing, cannot bypass row level security. */
export const APP_ROLE = "chorus_app";

/** Creates the app role once per cluster (roles are cluster-wide, databases are not). */
export async function ensureAppRole(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
           CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
         END IF;
       END $$`,
    )
    .execute(db);
  await sql.raw(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`).execute(db);
}

/** Lets the app role read and write a table without owning it. */
export async function grantToApp(db: Kysely<unknown>, table: string): Promise<void> {
  await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${table} TO ${APP_ROLE}`).execute(db);
}

/**
 * Tenant isolation as a backstop: ENABLE + FORCE (so even the owner is subject to it) and one
 * policy whose USING and WITH CHECK both compare with the transaction-local app.tenant_id.
 * An unset or ended setting reads '' and nullif turns it into NULL, which matches no row.
 */
export async function enableTenantRls(db: Kysely<unknown>, table: string): Promise<void> {
  await grantToApp(db, table);
  await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
  await sql
    .raw(
      `CREATE POLICY tenant_isolation ON ${table}
         USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`,
    )
    .execute(db);
}

export interface LoginRoleResult {
  login: string;
  /** false: the role existed and got the new password */
  created: boolean;
}

/**
 * Creates (or updates the password of) the LOGIN role production connects as (DATABASE_URL): a
 * member of the app role and nothing else. It owns nothing, is no superuser, has no BYPASSRLS, no
 * CREATEROLE and no CREATEDB, so `SET ROLE NONE` on one of its connections ends as a role that row
 * level security confines just like the app role. Its role default is the app role (`ALTER ROLE …
 * SET role`): every session starts as the app role, which is what makes it work behind PgBouncer in
 * transaction mode (DATABASE_POOL_MODE=transaction). Run as the owner (DATABASE_OWNER_URL), which
 * needs CREATEROLE. Refuses, naming why, a name whose existing role is any more than that.
 */
export async function ensureLoginRole(
  owner: Kysely<unknown>,
  login: string,
  password: string,
): Promise<LoginRoleResult> {
  if (login === APP_ROLE)
    throw new Error(`"${APP_ROLE}" is the app role itself (NOLOGIN); choose another name for the login`);
  const { rows: me } = await sql<{ current_user: string }>`select current_user`.execute(owner);
  if (me[0]?.current_user === login)
    throw new Error(`"${login}" is the role you are connected as (the owner); choose another name`);
  const { rows: existing } = await sql<{
    oid: number;
  }>`select oid from pg_roles where rolname = ${login}`.execute(owner);
  const secret = scramVerifier(password) ?? password;
  // Role names and passwords cannot be bound parameters in DDL: the server quotes them (format %I, %L).
  const statement = existing.length
    ? sql<{
        stmt: string;
      }>`select format('ALTER ROLE %I LOGIN NOCREATEDB NOCREATEROLE INHERIT PASSWORD %L', ${login}::text, ${secret}::text) as stmt`
    : sql<{
        stmt: string;
      }>`select format('CREATE ROLE %I LOGIN NOCREATEDB NOCREATEROLE INHERIT PASSWORD %L', ${login}::text, ${secret}::text) as stmt`;
  // An existing role is checked before its password changes: a superuser of that name stays untouched.
  if (existing.length) {
    const problems = await loginRoleProblems(kyselyRunner(owner), login);
    if (problems.length)
      throw new Error(`role "${login}" exists and cannot be the app's login: ${problems.join("; ")}`);
  }
  await sql.raw((await statement.execute(owner)).rows[0]!.stmt).execute(owner);
  await sql
    .raw(
      (
        await sql<{
          stmt: string;
        }>`select format('GRANT %I TO %I', ${APP_ROLE}::text, ${login}::text) as stmt`.execute(owner)
      ).rows[0]!.stmt,
    )
    .execute(owner);
  await sql
    .raw(
      (
        await sql<{
          stmt: string;
        }>`select format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), ${login}::text) as stmt`.execute(
          owner,
        )
      ).rows[0]!.stmt,
    )
    .execute(owner);
  // The role default: every session of the login starts as the app role, whatever pool it comes
  // through. Behind PgBouncer in transaction mode that is the only way (a SET ROLE would stay on one
  // server connection); on direct connections the pool's SET ROLE repeats it. RESET ROLE returns to it.
  await sql
    .raw(
      (
        await sql<{
          stmt: string;
        }>`select format('ALTER ROLE %I SET role = %L', ${login}::text, ${APP_ROLE}::text) as stmt`.execute(
          owner,
        )
      ).rows[0]!.stmt,
    )
    .execute(owner);
  const problems = await loginRoleProblems(kyselyRunner(owner), login);
  if (problems.length) throw new Error(`role "${login}" cannot be the app's login: ${problems.join("; ")}`);
  return { login, created: existing.length === 0 };
}

/** Runs one parameterised statement: a Kysely connection or a bare pg client (db/client.ts's pool check). */
export type RunQuery = <R>(text: string, values: unknown[]) => Promise<{ rows: R[] }>;

export const kyselyRunner =
  (db: Kysely<unknown>): RunQuery =>
  (text, values) =>
    db.executeQuery(CompiledQuery.raw(text, values)) as never;

/**
 * Why `login` would not be a safe DATABASE_URL login (empty: safe): it or a role it belongs to is a
 * superuser, bypasses RLS or owns something in this database's public schema, or it may create roles.
 */
export async function loginRoleProblems(run: RunQuery, login: string): Promise<string[]> {
  const { rows } = await run<{ problem: string }>(
    `with login as (select * from pg_roles where rolname = $1)
     select 'it can create roles (CREATEROLE)' as problem from login where rolcreaterole
     union all select 'it may replicate (REPLICATION)' from login where rolreplication
     union all
     select format('it is or belongs to %I, which %s', r.rolname, case when r.rolsuper then 'is a superuser' else 'has BYPASSRLS' end)
       from pg_roles r, login l where (r.rolsuper or r.rolbypassrls) and pg_has_role(l.oid, r.oid, 'MEMBER')
     union all
     select format('it is or belongs to %I, which owns %s', pg_get_userbyid(c.relowner), string_agg(c.relname, ', ' order by c.relname))
       from pg_class c join pg_namespace n on n.oid = c.relnamespace, login l
       where n.nspname = 'public' and pg_has_role(l.oid, c.relowner, 'MEMBER')
       group by c.relowner
     union all
     select format('it is or belongs to %I, which owns the schema public', pg_get_userbyid(n.nspowner))
       from pg_namespace n, login l where n.nspname = 'public' and pg_has_role(l.oid, n.nspowner, 'MEMBER')`,
    [login],
  );
  return rows.map((r) => r.problem);
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password`, computed here so the plain password
 * never reaches the server (or its statement log). ASCII only: PostgreSQL normalises other
 * passwords with SASLprep first, which this does not imitate (undefined: send it as given).
 */
function scramVerifier(password: string): string | undefined {
  if (!/^[\x20-\x7e]+$/.test(password)) return undefined;
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
