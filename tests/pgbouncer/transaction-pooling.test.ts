import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { database, openDatabase, type DB } from "~/db/client.ts";
import { APP_ROLE } from "~/db/rls.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { addMember, createTeam, createTenant, createUser } from "~/tests/support/factories.ts";
import { PGBOUNCER_POOL_SIZE } from "~/tests/support/pgbouncer-setup.ts";

/**
 * The app behind PgBouncer in transaction mode (the pgbouncer project's global setup starts it with
 * default_pool_size 2): consecutive transactions of one client connection run on whichever server
 * connection is free, and several clients take turns on the same one. Only what a transaction sets
 * for itself holds (withTenant's set_config(…, true)); anything a session sets stays behind on a
 * server connection for the next client. Every test here runs through PgBouncer.
 */

const target = inject("pgbouncer");
let db: DB;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  logger.level = "silent";
  if (!target)
    throw new Error("run with `vitest run --project pgbouncer` (its global setup starts PgBouncer)");
  db = (await database()).db;
  const seed = async () => {
    const tenant = await createTenant(db);
    for (let i = 0; i < 3; i++) await createTeam(db, tenant.id);
    await addMember(db, tenant.id, (await createUser(db)).id, ["employee"]);
    return tenant.id;
  };
  tenantA = await seed();
  tenantB = await seed();
});

describe("the app's pool through PgBouncer", () => {
  it("really goes through PgBouncer in transaction mode", () => {
    expect(process.env.DATABASE_POOL_MODE).toBe("transaction");
    expect(new URL(process.env.DATABASE_URL!).port).toBe(String(target!.port));
    expect(new URL(process.env.DATABASE_URL!).username).toBe(target!.login);
  });

  it("many concurrent transactions of two tenants on 2 server connections never see each other's rows", async () => {
    const rounds = 200;
    const results = await Promise.all(
      Array.from({ length: rounds }, (_, i) => {
        const tenant = i % 2 === 0 ? tenantA : tenantB;
        return withTenant(db, tenant, async (tx) => {
          const { rows } = await sql<{ pid: number; role: string }>`
            select pg_backend_pid() as pid, current_user as role`.execute(tx);
          // unfiltered: row level security alone decides what this transaction sees
          const before = await tx.selectFrom("teams").select("tenant_id").execute();
          await sql`select pg_sleep(0.001)`.execute(tx);
          const after = await tx.selectFrom("memberships").select("tenant_id").execute();
          return { tenant, ...rows[0]!, seen: [...before, ...after].map((r) => r.tenant_id) };
        });
      }),
    );
    for (const r of results) {
      expect(r.role).toBe(APP_ROLE);
      expect(r.seen).toEqual([r.tenant, r.tenant, r.tenant, r.tenant]);
    }
    // the app's 10 client connections shared PgBouncer's 2 server connections, each serving both tenants
    const pids = new Set(results.map((r) => r.pid));
    expect(pids.size).toBeLessThanOrEqual(PGBOUNCER_POOL_SIZE);
    const servedBoth = [...pids].filter(
      (pid) => new Set(results.filter((r) => r.pid === pid).map((r) => r.tenant)).size === 2,
    );
    expect(servedBoth.length).toBeGreaterThan(0);

    // and no server connection kept a tenant: plain queries, as many as there are clients, see nothing
    const plain = await Promise.all(
      Array.from({ length: 10 }, () => db.selectFrom("teams").select("tenant_id").execute()),
    );
    expect(plain.flat()).toEqual([]);
  });

  it("every server connection is the app role from its start (the login's role default), with no SET ROLE sent", async () => {
    // two transactions open at once hold both server connections
    let arrived = 0;
    let bothIn!: () => void;
    const barrier = new Promise<void>((resolve) => (bothIn = resolve));
    const inTransaction = () =>
      db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ pid: number; role: string; login: string }>`
          select pg_backend_pid() as pid, current_user as role, session_user as login`.execute(tx);
        if (++arrived === 2) bothIn();
        await barrier;
        // RESET ROLE goes back to the role default, not to the login
        await sql`RESET ROLE`.execute(tx);
        const reset = await sql<{ role: string }>`select current_user as role`.execute(tx);
        return { ...rows[0]!, afterReset: reset.rows[0]!.role };
      });
    const [one, two] = await Promise.all([inTransaction(), inTransaction()]);
    expect(one!.pid).not.toBe(two!.pid);
    for (const seen of [one!, two!])
      expect(seen).toMatchObject({ role: APP_ROLE, login: target!.login, afterReset: APP_ROLE });
  });

  it("refuses transaction pooling as a login that is more than the app role (the owner here)", async () => {
    const owner = new URL(process.env.DATABASE_URL!);
    owner.username = new URL(process.env.DATABASE_OWNER_URL!).username;
    const handle = await openDatabase({
      url: owner.toString(),
      ownerUrl: process.env.DATABASE_OWNER_URL!,
      poolMode: "transaction",
    });
    try {
      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(/more than the app role .*db roles/);
    } finally {
      await handle.close();
    }
  });
});

describe("(the failure this avoids) the pool's former SET ROLE on connect, through PgBouncer", () => {
  // What db/client.ts did before DATABASE_POOL_MODE: SET ROLE once per client connection, here as
  // the owner login through the same PgBouncer (its own pool of server connections, unused so far).
  const viaOwner = () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.username = new URL(process.env.DATABASE_OWNER_URL!).username;
    return new pg.Client({ connectionString: url.toString() });
  };
  const clients: pg.Client[] = [];
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
  });

  it("lands on one server connection: another client runs as the app role, the sender as its login past RLS", async () => {
    const sender = viaOwner();
    const other = viaOwner();
    clients.push(sender, other);
    await sender.connect();
    await other.connect();
    await sender.query(`SET ROLE ${APP_ROLE}`);

    // another client's transaction gets that (idle) server connection, and the role with it
    await other.query("BEGIN");
    const otherSees = (await other.query<{ role: string }>("select current_user as role")).rows[0]!;
    // meanwhile the sender's next statement needs a server connection: a fresh one, as the login
    const senderSees = (
      await sender.query<{ role: string; memberships: string }>(
        "select current_user as role, (select count(*) from memberships) as memberships",
      )
    ).rows[0]!;
    await other.query("COMMIT");

    expect(otherSees.role).toBe(APP_ROLE); // a role it never asked for
    expect(senderSees.role).not.toBe(APP_ROLE);
    // no tenant set, yet both tenants' memberships: the superuser login is not bound by RLS
    expect(Number(senderSees.memberships)).toBeGreaterThanOrEqual(2);
  });
});
