import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { database, openDatabase, type Conn, type DB, type DatabaseHandle } from "~/db/client.ts";
import { APP_ROLE } from "~/db/rls.ts";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { addMember, createTeam, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

/**
 * Row level security is the backstop for the one bug every multi-tenant app eventually ships: a
 * query that forgets `where tenant_id`. The same suite runs on PostgreSQL (this file's database,
 * cloned from the migrated template) and on embedded PGlite, the two databases Chorus supports.
 *
 * Note on PostgreSQL: the test login is a superuser that SET ROLEs to chorus_app on connect, so a
 * query could RESET ROLE and escape. Production must log in as a role that is only a member of
 * chorus_app (no superuser, no BYPASSRLS, not the table owner); rls-catalog.test.ts checks the
 * role itself.
 *
 * The pgbouncer project runs this file again with DATABASE_URL behind PgBouncer in transaction mode
 * (PostgreSQL only). The "pooled connection" tests below need consecutive transactions on one server
 * session, which transaction pooling does not give; tests/pgbouncer/transaction-pooling.test.ts
 * checks what holds there instead.
 */
const behindPgBouncer = inject("pgbouncer") !== undefined;

const TENANT_TABLES = ["teams", "memberships", "invitations", "api_tokens", "audit_events"] as const;
type TenantTable = (typeof TENANT_TABLES)[number];
type Rows = Record<TenantTable, { id: string; tenant_id: string }[]>;

interface Backend {
  name: "postgres" | "pglite";
  /** the app handle (RLS applies) and a connection pool of exactly one connection */
  open(): Promise<{ db: DB; single: DB; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "postgres",
    async open() {
      const handle = await database();
      expect(handle.kind, "integration-setup must point DATABASE_URL at PostgreSQL").toBe("postgres");
      const single = singleConnectionDb(process.env.DATABASE_URL!);
      return { db: handle.db, single, close: () => single.destroy() };
    },
  },
  {
    name: "pglite",
    async open() {
      const handle: DatabaseHandle = await openDatabase({ pgliteDir: "memory://" });
      // PGlite has exactly one connection, so its app handle is already the "pool of one".
      return { db: handle.db, single: handle.db, close: () => handle.close() };
    },
  },
];

/** Like db/client.ts's pool, but max 1 connection, so consecutive transactions share a session. */
function singleConnectionDb(url: string): DB {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    // onConnect must finish before the connection is handed out; a failed SET ROLE fails the query.
    onConnect: async (client) => {
      await client.query(`SET ROLE ${APP_ROLE}`);
    },
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** A tenant with a row in every tenant table. */
async function seedTenant(db: DB) {
  const tenant = await createTenant(db);
  const [adminUser, employeeUser] = [await createUser(db), await createUser(db)];
  const team = await createTeam(db, tenant.id);
  const admin = await addMember(db, tenant.id, adminUser.id, ["admin"], { teamId: team.id });
  const employee = await addMember(db, tenant.id, employeeUser.id, ["employee"], {
    teamId: team.id,
    managerId: admin.id,
  });
  await withTenant(db, tenant.id, async (tx) => {
    await tx
      .insertInto("invitations")
      .values({
        tenant_id: tenant.id,
        email: `invitee-${uniqueId()}@example.test`,
        name: "Invitee",
        roles: ["employee"],
        token_hash: `hash-${uniqueId()}`,
        invited_by: adminUser.id,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    await tx
      .insertInto("api_tokens")
      .values({
        tenant_id: tenant.id,
        name: "CRM sync",
        token_hash: `tok-${uniqueId()}`,
        created_by: adminUser.id,
      })
      .execute();
    await tx
      .insertInto("audit_events")
      .values({
        tenant_id: tenant.id,
        actor_user_id: adminUser.id,
        action: "member.invited",
        data: JSON.stringify({ n: 1 }),
      })
      .execute();
  });
  return { tenant, team, admin, employee };
}

/** What the tenant owns, read with the explicit filter app code uses. */
async function rowsOf(db: DB, tenantId: string): Promise<Rows> {
  return withTenant(db, tenantId, async (tx) => {
    const rows = {} as Rows;
    for (const table of TENANT_TABLES) {
      rows[table] = await tx
        .selectFrom(table)
        .select(["id", "tenant_id"])
        .where("tenant_id", "=", tenantId)
        .orderBy("id")
        .execute();
    }
    return rows;
  });
}

/** Everything visible through an unfiltered SELECT, per table. */
async function visible(db: Conn): Promise<Rows> {
  const rows = {} as Rows;
  for (const table of TENANT_TABLES) {
    rows[table] = await db.selectFrom(table).select(["id", "tenant_id"]).orderBy("id").execute();
  }
  return rows;
}

const RLS_VIOLATION = /row-level security/;

const backendsHere = backends.filter((b) => !behindPgBouncer || b.name === "postgres");

describe.each(backendsHere)("tenant isolation on $name", (backend) => {
  let db: DB;
  let single: DB;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, single, close } = await backend.open());
  });
  afterAll(async () => {
    await close?.();
  });

  it("a query that forgets `where tenant_id` returns only the current tenant's rows", async () => {
    const a = await seedTenant(db);
    const b = await seedTenant(db);
    const aRows = await rowsOf(db, a.tenant.id);
    const bRows = await rowsOf(db, b.tenant.id);

    const seen = await withTenant(db, a.tenant.id, (tx) => visible(tx));
    for (const table of TENANT_TABLES) {
      expect(aRows[table].length, `${table} was seeded for A`).toBeGreaterThan(0);
      expect(bRows[table].length, `${table} was seeded for B`).toBeGreaterThan(0);
      expect(seen[table], `unfiltered ${table} inside withTenant(A)`).toEqual(aRows[table]);
    }
  });

  it("an UPDATE without a tenant filter changes none of the other tenant's rows", async () => {
    const a = await seedTenant(db);
    const b = await seedTenant(db);
    const before = await withTenant(db, b.tenant.id, (tx) =>
      tx
        .selectFrom("memberships")
        .select(["id", "roles"])
        .where("tenant_id", "=", b.tenant.id)
        .orderBy("id")
        .execute(),
    );

    // The privilege-escalation version of the bug: "make everyone admin", meant for one tenant.
    const result = await withTenant(db, a.tenant.id, (tx) =>
      tx
        .updateTable("memberships")
        .set({ roles: ["admin"] })
        .executeTakeFirstOrThrow(),
    );
    expect(result.numUpdatedRows).toBe(2n); // A's admin and employee, nobody else

    const after = await withTenant(db, b.tenant.id, (tx) =>
      tx
        .selectFrom("memberships")
        .select(["id", "roles"])
        .where("tenant_id", "=", b.tenant.id)
        .orderBy("id")
        .execute(),
    );
    expect(after).toEqual(before);
    expect(after.map((m) => m.roles).sort()).toEqual([["admin"], ["employee"]]);
  });

  it("a DELETE without a tenant filter removes none of the other tenant's rows", async () => {
    const a = await seedTenant(db);
    const b = await seedTenant(db);
    const bBefore = await rowsOf(db, b.tenant.id);

    await withTenant(db, a.tenant.id, async (tx) => {
      // children first: memberships and teams are referenced by the others
      for (const table of ["audit_events", "api_tokens", "invitations", "memberships", "teams"] as const) {
        const result = await tx.deleteFrom(table).executeTakeFirstOrThrow();
        expect(result.numDeletedRows, `rows of A deleted from ${table}`).toBeGreaterThan(0n);
      }
    });

    const aAfter = await rowsOf(db, a.tenant.id);
    for (const table of TENANT_TABLES) expect(aAfter[table], `A's ${table}`).toEqual([]);
    expect(await rowsOf(db, b.tenant.id)).toEqual(bBefore);
  });

  it("an INSERT carrying another tenant's id is rejected (WITH CHECK)", async () => {
    const a = await seedTenant(db);
    const b = await seedTenant(db);
    const bBefore = await rowsOf(db, b.tenant.id);

    await expect(
      withTenant(db, a.tenant.id, (tx) =>
        tx.insertInto("teams").values({ tenant_id: b.tenant.id, name: "Planted" }).execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);
    await expect(
      withTenant(db, a.tenant.id, (tx) =>
        tx
          .insertInto("audit_events")
          .values({ tenant_id: b.tenant.id, action: "forged", data: "{}" })
          .execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);
    // nor can an existing row be moved over to the other tenant
    await expect(
      withTenant(db, a.tenant.id, (tx) =>
        tx.updateTable("teams").set({ tenant_id: b.tenant.id }).where("id", "=", a.team.id).execute(),
      ),
    ).rejects.toThrow(RLS_VIOLATION);

    expect(await rowsOf(db, b.tenant.id)).toEqual(bBefore);
  });

  it("outside withTenant, tenant tables read empty and writes fail", async () => {
    const a = await seedTenant(db);
    const aBefore = await rowsOf(db, a.tenant.id);

    const seen = await visible(db);
    for (const table of TENANT_TABLES) expect(seen[table], `${table} without a tenant`).toEqual([]);

    await expect(
      db.insertInto("teams").values({ tenant_id: a.tenant.id, name: "No tenant" }).execute(),
    ).rejects.toThrow(RLS_VIOLATION);
    const updated = await db.updateTable("teams").set({ name: "renamed" }).executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(0n);
    const deleted = await db.deleteFrom("audit_events").executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(0n);
    expect(await rowsOf(db, a.tenant.id)).toEqual(aBefore);
  });

  it(`the app handle runs as ${APP_ROLE}, which is neither superuser nor BYPASSRLS`, async () => {
    const { rows } = await sql<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>`
      select current_user, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`.execute(
      db,
    );
    expect(rows).toEqual([{ current_user: APP_ROLE, rolsuper: false, rolbypassrls: false }]);
  });

  describe.skipIf(behindPgBouncer)("a pooled connection carries nothing to its next user", () => {
    const probe = async (conn: DB) => {
      const { rows } = await sql<{ pid: number; tenant: string | null }>`
        select pg_backend_pid() as pid, current_setting('app.tenant_id', true) as tenant`.execute(conn);
      return rows[0]!;
    };

    it("after withTenant(A) and withTenant(B), a plain query sees neither tenant", async () => {
      const a = await seedTenant(db);
      const b = await seedTenant(db);
      const first = await probe(single);

      const seenA = await withTenant(single, a.tenant.id, (tx) =>
        tx.selectFrom("memberships").select("tenant_id").execute(),
      );
      const seenB = await withTenant(single, b.tenant.id, (tx) =>
        tx.selectFrom("memberships").select("tenant_id").execute(),
      );
      expect(seenA.map((r) => r.tenant_id)).toEqual([a.tenant.id, a.tenant.id]);
      expect(seenB.map((r) => r.tenant_id)).toEqual([b.tenant.id, b.tenant.id]);

      const after = await probe(single);
      expect(after.pid, "the same pooled connection served every query").toBe(first.pid);
      expect(after.tenant ?? "").toBe("");
      const leftover = await visible(single);
      for (const table of TENANT_TABLES)
        expect(leftover[table], `${table} after the transactions`).toEqual([]);
    });

    it("a withTenant that fails and rolls back leaves no tenant behind either", async () => {
      const a = await seedTenant(db);
      const first = await probe(single);

      await expect(
        withTenant(single, a.tenant.id, async (tx) => {
          const rows = await tx.selectFrom("memberships").select("id").execute();
          expect(rows).toHaveLength(2);
          throw new Error("handler failed mid-request");
        }),
      ).rejects.toThrow("handler failed mid-request");

      const after = await probe(single);
      expect(after.pid).toBe(first.pid);
      expect(after.tenant ?? "").toBe("");
      expect((await visible(single)).memberships).toEqual([]);
    });

    it("(control) a session-wide setting WOULD leak, so the checks above can fail", async () => {
      const a = await seedTenant(db);
      try {
        await sql`select set_config('app.tenant_id', ${a.tenant.id}, false)`.execute(single);
        const leaked = await single.selectFrom("memberships").select("tenant_id").execute();
        expect(leaked.map((r) => r.tenant_id)).toEqual([a.tenant.id, a.tenant.id]);
        expect((await probe(single)).tenant).toBe(a.tenant.id);
      } finally {
        await sql`select set_config('app.tenant_id', '', false)`.execute(single);
      }
      expect(await single.selectFrom("memberships").select("id").execute()).toEqual([]);
    });
  });
});
