import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbRoles } from "~/cli/commands/db.ts";
import { CliError } from "~/cli/args.ts";
import { database, openDatabase, type DatabaseHandle, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { addMember, createTenant, createUser } from "~/tests/support/factories.ts";
import { withAdminClient } from "~/tests/support/database.ts";

// Production's configuration: DATABASE_OWNER_URL is the owner (migrations), DATABASE_URL a login
// made by `chorus db roles`. The app's pool still does SET ROLE chorus_app (the login's role default
// does too); these tests run what an injected statement could: SET ROLE NONE (RESET ROLE only returns
// to the role default), and then try to get past row level security.
const login = `chorus_t_login_${randomBytes(4).toString("hex")}`;
const ownerUrl = process.env.DATABASE_OWNER_URL!;
let db: DB;
let prod: DatabaseHandle;
let tenantId: string;

beforeAll(async () => {
  db = (await database()).db;
  tenantId = (await createTenant(db)).id;
  await addMember(db, tenantId, (await createUser(db)).id, ["employee"]);
  process.env.CHORUS_TEST_LOGIN_PASSWORD = `pw-${randomBytes(8).toString("hex")}`;
  const result = await dbRoles(["--login", login, "--password-env", "CHORUS_TEST_LOGIN_PASSWORD", "--json"]);
  const json = result.json as { databaseUrl: string; created: boolean };
  expect(json.created).toBe(true);
  prod = await openDatabase({ url: json.databaseUrl, ownerUrl, production: true });
});

afterAll(async () => {
  await prod?.close();
  // Roles are cluster-wide: drop this file's login (its CONNECT grant first).
  await withAdminClient(async (admin) => {
    const target = new URL(ownerUrl).pathname.slice(1);
    await admin.query(`REVOKE ALL ON DATABASE "${target}" FROM ${login}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${login}`);
  });
});

/** Runs statements on one pooled connection, in a transaction that is rolled back. */
async function onPooledConnection<T>(
  handle: { db: Kysely<unknown> },
  fn: (tx: Kysely<unknown>) => Promise<T>,
): Promise<T> {
  let out: T | undefined;
  await handle.db
    .transaction()
    .execute(async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return out as T;
}
class Rollback extends Error {}

const count = async (tx: Kysely<unknown>, table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n);
const whoAmI = async (tx: Kysely<unknown>) =>
  (await sql<{ u: string; s: string }>`select current_user as u, session_user as s`.execute(tx)).rows[0]!;

describe("the login role made by `chorus db roles`", () => {
  it("is only a member of chorus_app: after SET ROLE NONE it is itself, and row level security still holds", async () => {
    const seen = await onPooledConnection(prod as never, async (tx) => {
      const before = await whoAmI(tx);
      await sql`RESET ROLE`.execute(tx);
      const reset = await whoAmI(tx);
      await sql`SET ROLE NONE`.execute(tx);
      const after = await whoAmI(tx);
      // rows exist, but no tenant is set: nothing is visible
      const memberships = await count(tx, "memberships");
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx);
      const ownTenant = await count(tx, "memberships");
      return { before, reset, after, memberships, ownTenant };
    });
    expect(seen.before).toEqual({ u: "chorus_app", s: login });
    expect(seen.reset, "RESET ROLE returns to the role default").toEqual({ u: "chorus_app", s: login });
    expect(seen.after).toEqual({ u: login, s: login });
    expect(seen.memberships).toBe(0);
    expect(seen.ownTenant).toBe(1); // it still works as the app: through the tenant setting
  });

  it.each([
    [
      "SET row_security = off and read",
      "SET LOCAL row_security = off; SELECT count(*) FROM memberships",
      /row-level security/,
    ],
    [
      "ALTER TABLE … DISABLE ROW LEVEL SECURITY",
      "ALTER TABLE memberships DISABLE ROW LEVEL SECURITY",
      /must be owner/,
    ],
    ["ALTER TABLE … NO FORCE", "ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY", /must be owner/],
    ["DROP POLICY", "DROP POLICY tenant_isolation ON memberships", /must be owner/],
    ["SET ROLE to the owner", "SET ROLE postgres", /permission denied/],
    ["SET SESSION AUTHORIZATION to the owner", "SET SESSION AUTHORIZATION postgres", /permission denied/],
    ["CREATE ROLE", "CREATE ROLE chorus_t_escalate", /permission denied/],
  ])("after SET ROLE NONE cannot %s", async (_label, statement, error) => {
    const run = onPooledConnection(prod as never, async (tx) => {
      await sql`SET ROLE NONE`.execute(tx);
      for (const part of statement.split("; ")) await sql.raw(part).execute(tx);
    });
    await expect(run).rejects.toThrow(error);
  });

  it("negative control: the same RESET ROLE on a pool that logs in as the owner reads every tenant", async () => {
    const { rows } = await withTenant(db, tenantId, async (tx) => {
      await sql`RESET ROLE`.execute(tx);
      await sql`select set_config('app.tenant_id', '', true)`.execute(tx);
      return sql<{ n: string }>`select count(*) as n from memberships`.execute(tx);
    });
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  });

  it("running it again gives the role a new password and keeps it safe", async () => {
    process.env.CHORUS_TEST_LOGIN_PASSWORD = `pw-${randomBytes(8).toString("hex")}`;
    const again = (
      await dbRoles(["--login", login, "--password-env", "CHORUS_TEST_LOGIN_PASSWORD", "--json"])
    ).json as { created: boolean; databaseUrl: string };
    expect(again.created).toBe(false);
    expect(new URL(again.databaseUrl).password).toBe(process.env.CHORUS_TEST_LOGIN_PASSWORD);
    const { rows } = await sql<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
      rolpassword_set: boolean;
    }>`
      select rolsuper, rolbypassrls, rolcreaterole, rolpassword is not null as rolpassword_set from pg_authid where rolname = ${login}`.execute(
      (await database()).owner,
    );
    expect(rows).toEqual([
      { rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolpassword_set: true },
    ]);
  });

  it("refuses a name that is the owner, a superuser or the app role itself, and bad input", async () => {
    const fails = async (argv: string[]) => {
      try {
        await dbRoles(argv);
      } catch (e) {
        return e instanceof CliError
          ? { code: e.code, message: e.message }
          : { code: "other", message: String(e) };
      }
      return { code: "none", message: "" };
    };
    expect(await fails(["--login", "postgres"])).toMatchObject({
      code: "unsafe_role",
      message: expect.stringMatching(/superuser|connected as/),
    });
    expect(await fails(["--login", "chorus_app"])).toMatchObject({
      code: "unsafe_role",
      message: expect.stringContaining("app role"),
    });
    expect(await fails(["--login", "Robert'); DROP TABLE x;--"])).toMatchObject({ code: "invalid_input" });
    expect(
      await fails(["--login", "chorus_t_x", "--password-env", "CHORUS_TEST_UNSET_VARIABLE"]),
    ).toMatchObject({ code: "invalid_input" });
  });
});

describe("the app's pool in production (NODE_ENV=production)", () => {
  it("refuses to run as a superuser even without DATABASE_OWNER_URL, naming `chorus db roles`", async () => {
    const handle = await openDatabase({ url: ownerUrl, production: true });
    try {
      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(
        /DATABASE_URL logs in as "postgres", which is more than the app role .*superuser.*npm run chorus -- db roles/,
      );
      // migrations still run as the owner (db/migrate.ts, release_command): only the app's pool is refused
      expect((await sql<{ u: string }>`select current_user as u`.execute(handle.owner)).rows[0]!.u).toBe(
        "postgres",
      );
    } finally {
      await handle.close();
    }
  });

  it("runs with the login from `chorus db roles`: as the app role, row level security in force", async () => {
    const { rows } = await withTenant(prod.db, tenantId, (tx) =>
      sql<{ u: string; s: string; n: string }>`
      select current_user as u, session_user as s, (select count(*) from memberships) as n`.execute(tx),
    );
    expect(rows[0]).toEqual({ u: "chorus_app", s: login, n: "1" });
  });

  it("negative control: outside production the same owner login is served (development, tests)", async () => {
    const handle = await openDatabase({ url: ownerUrl });
    try {
      expect(
        (await sql<{ u: string; s: string }>`select current_user as u, session_user as s`.execute(handle.db))
          .rows[0],
      ).toEqual({ u: "chorus_app", s: "postgres" });
    } finally {
      await handle.close();
    }
  });
});

describe("the app's pool behind a transaction pooler (DATABASE_POOL_MODE=transaction)", () => {
  // No PgBouncer needed for what the pool checks: the pgbouncer project runs the app through one.
  const loginUrl = () => {
    const url = new URL(ownerUrl);
    url.username = login;
    url.password = process.env.CHORUS_TEST_LOGIN_PASSWORD!;
    return url.toString();
  };

  it("sends no SET ROLE: the login from `chorus db roles` starts as the app role by its role default", async () => {
    const { rows } = await sql<{ config: string[] | null }>`
      select rolconfig as config from pg_roles where rolname = ${login}`.execute((await database()).owner);
    expect(rows[0]!.config).toContain("role=chorus_app");
    const handle = await openDatabase({ url: loginUrl(), ownerUrl, poolMode: "transaction" });
    try {
      const seen = await withTenant(handle.db, tenantId, (tx) =>
        sql<{ u: string; s: string; n: string }>`
          select current_user as u, session_user as s, (select count(*) from memberships) as n`.execute(tx),
      );
      expect(seen.rows[0]).toEqual({ u: "chorus_app", s: login, n: "1" });
    } finally {
      await handle.close();
    }
  });

  it("refuses a login without the role default, naming `chorus db roles`; running it again sets it", async () => {
    await withAdminClient((admin) => admin.query(`ALTER ROLE ${login} RESET role`));
    const handle = await openDatabase({ url: loginUrl(), ownerUrl, poolMode: "transaction" });
    try {
      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(
        new RegExp(
          `login "${login}" runs as "${login}", not chorus_app.*npm run chorus -- db roles --login ${login}`,
        ),
      );
    } finally {
      await handle.close();
    }
    await dbRoles(["--login", login, "--password-env", "CHORUS_TEST_LOGIN_PASSWORD", "--json"]);
    const again = await openDatabase({ url: loginUrl(), ownerUrl, poolMode: "transaction" });
    try {
      expect((await sql<{ u: string }>`select current_user as u`.execute(again.db)).rows[0]!.u).toBe(
        "chorus_app",
      );
    } finally {
      await again.close();
    }
  });

  it("refuses the owner login even outside production and without DATABASE_OWNER_URL", async () => {
    const handle = await openDatabase({ url: ownerUrl, poolMode: "transaction" });
    try {
      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(/more than the app role .*superuser/);
    } finally {
      await handle.close();
    }
  });
});

describe("the app's pool with a login of its own (DATABASE_OWNER_URL set apart)", () => {
  it("refuses to run when DATABASE_URL still logs in as the owner", async () => {
    const sameLogin = new URL(ownerUrl);
    sameLogin.searchParams.set("application_name", "chorus-web");
    const handle = await openDatabase({ url: sameLogin.toString(), ownerUrl });
    try {
      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(
        /DATABASE_URL logs in as "postgres", which is more than the app role .*superuser/,
      );
    } finally {
      await handle.close();
    }
  });
});
