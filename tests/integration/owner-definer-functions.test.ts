import { randomUUID } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "~/db/migrator.ts";
import { APP_ROLE, ensureAppRole } from "~/db/rls.ts";
import { databaseUrl, dropDatabase, withAdminClient } from "~/tests/support/database.ts";

/**
 * The SECURITY DEFINER lookups run as the tables' owner, and FORCE ROW LEVEL SECURITY binds the
 * owner too. The other tests migrate as a superuser, who bypasses RLS, so only a database owned by
 * a login like production's (NOSUPERUSER NOBYPASSRLS) shows whether a lookup sees any row: before
 * 0031 user_tenants answered nothing there (no tenant switcher, no "belongs elsewhere" for SCIM).
 * Each lookup is called as the app role, the way the app calls it.
 */
describe("SECURITY DEFINER lookups under an owner that is no superuser", () => {
  const suffix = randomUUID().replaceAll("-", "").slice(0, 10);
  const role = `chorus_owner_${suffix}`;
  const name = `chorus_owner_db_${suffix}`;
  let owner: Kysely<unknown>;
  const ids = {
    user: "a1111111-1111-1111-1111-111111111111",
    other: "a2222222-2222-2222-2222-222222222222",
    acme: "b1111111-1111-1111-1111-111111111111",
    beta: "b2222222-2222-2222-2222-222222222222",
  };

  beforeAll(async () => {
    await withAdminClient(async (admin) => {
      await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS`);
      await admin.query(`CREATE DATABASE ${name} OWNER ${role}`);
      // ensureAppRole creates chorus_app once per cluster; the owner must be able to SET ROLE to it
      await admin.query(`GRANT ${APP_ROLE} TO ${role}`).catch(() => undefined);
    });
    const url = new URL(databaseUrl(name));
    url.username = role;
    owner = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }),
    });
    await ensureAppRole(owner);
    await migrateToLatest(owner);
    const q = (text: string) => sql.raw(text).execute(owner);
    await q(`INSERT INTO tenants (id, slug, name) VALUES ('${ids.acme}', 'acme-${suffix}', 'Acme'),
                                                         ('${ids.beta}', 'beta-${suffix}', 'Beta')`);
    await q(`INSERT INTO users (id, email, name) VALUES ('${ids.user}', 'ada-${suffix}@acme.example', 'Ada'),
                                                        ('${ids.other}', 'bob-${suffix}@beta.example', 'Bob')`);
    for (const [tenant, user, roles, status] of [
      [ids.acme, ids.user, "{admin}", "active"],
      [ids.beta, ids.user, "{employee}", "active"],
      [ids.beta, ids.other, "{employee}", "deactivated"],
    ] as const) {
      await q(`SELECT set_config('app.tenant_id', '${tenant}', false)`);
      await q(`INSERT INTO memberships (tenant_id, user_id, roles, status)
               VALUES ('${tenant}', '${user}', '${roles}', '${status}')`);
    }
    await q(`SELECT set_config('app.tenant_id', '${ids.acme}', false)`);
    await q(`INSERT INTO sso_domains (tenant_id, domain, verification_token, verified_at, verified_by)
             VALUES ('${ids.acme}', 'acme-${suffix}.example', 't', now(), 'dns')`);
    // Acme's live Slack workspace; Beta's was removed (no token, revoked): only Acme answers
    await q(`INSERT INTO slack_installations (tenant_id, team_id, team_name, scopes, bot_token_encrypted)
             VALUES ('${ids.acme}', 'TACME${suffix.toUpperCase()}', 'Acme', 'chat:write', 'v2.k.x')`);
    await q(`SELECT set_config('app.tenant_id', '${ids.beta}', false)`);
    await q(`INSERT INTO slack_installations (tenant_id, team_id, team_name, scopes, revoked_at)
             VALUES ('${ids.beta}', 'TACME${suffix.toUpperCase()}', 'Acme', 'chat:write', now())`);
    await q(`SELECT set_config('app.tenant_id', '', false)`);
  }, 180_000);

  afterAll(async () => {
    await owner?.destroy();
    await withAdminClient(async (admin) => {
      await dropDatabase(admin, name);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    });
  });

  /** Runs a query as the app role with no tenant set, as the sign-in and the tenant switcher do. */
  async function asApp<R>(text: string): Promise<R[]> {
    return owner.transaction().execute(async (tx) => {
      await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(tx);
      return (await sql.raw<R>(text).execute(tx)).rows;
    });
  }

  it("the app role cannot delete a tenant (migration 0034), even its own (the owner can: the tests below)", async () => {
    await expect(
      owner.transaction().execute(async (tx) => {
        await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(tx);
        await sql`SELECT set_config('app.tenant_id', ${ids.acme}, true)`.execute(tx);
        await sql`DELETE FROM tenants WHERE id = ${ids.acme}`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied for table tenants/);
    // what the app does with tenants still works: read and update
    expect(await asApp<{ name: string }>(`select name from tenants where id = '${ids.acme}'`)).toEqual([
      { name: "Acme" },
    ]);
    expect(await asApp(`update tenants set name = name where id = '${ids.acme}' returning id`)).toEqual([
      { id: ids.acme },
    ]);
  });

  it("the owner is really subject to RLS here (the premise of this file)", async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from memberships`.execute(owner);
    // the operators policy lets the owner read; the app role without a tenant reads nothing
    expect(rows[0]!.n).toBe(3);
    expect(await asApp<{ n: number }>(`select count(*)::int as n from memberships`)).toEqual([{ n: 0 }]);
  });

  it("user_tenants lists every active membership of the person, across tenants", async () => {
    const rows = await asApp<{ slug: string; roles: string[] }>(
      `select slug, roles from user_tenants('${ids.user}') order by slug`,
    );
    expect(rows).toEqual([
      { slug: `acme-${suffix}`, roles: ["admin"] },
      { slug: `beta-${suffix}`, roles: ["employee"] },
    ]);
    // deactivated memberships are not listed
    expect(await asApp(`select * from user_tenants('${ids.other}')`)).toEqual([]);
  });

  it("resolve_sso_domain finds the verified domain's tenant", async () => {
    expect(
      await asApp<{ tenant_id: string }>(
        `select tenant_id from resolve_sso_domain('ACME-${suffix}.example')`,
      ),
    ).toEqual([{ tenant_id: ids.acme }]);
  });

  it("resolve_slack_team finds the tenant whose workspace still holds a token", async () => {
    expect(
      await asApp<{ tenant_id: string }>(
        `select tenant_id from resolve_slack_team('TACME${suffix.toUpperCase()}')`,
      ),
    ).toEqual([{ tenant_id: ids.acme }]);
    expect(await asApp(`select * from resolve_slack_team('TNOBODY')`)).toEqual([]);
  });

  it("deleting a tenant deletes its reach_daily rows, which have no foreign key since 0033", async () => {
    const gamma = "b3333333-3333-3333-3333-333333333333";
    const count = async (tx: Kysely<unknown>, tenant: string) => {
      await sql`SELECT set_config('app.tenant_id', ${tenant}, true)`.execute(tx);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from reach_daily`.execute(tx);
      return rows[0]!.n;
    };
    await owner.transaction().execute(async (tx) => {
      await sql`INSERT INTO tenants (id, slug, name) VALUES (${gamma}, ${`gamma-${suffix}`}, 'Gamma')`.execute(
        tx,
      );
      for (const tenant of [gamma, ids.beta]) {
        await sql`SELECT set_config('app.tenant_id', ${tenant}, true)`.execute(tx);
        await sql`INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, clicks)
                  VALUES (${tenant}, '2026-11-02', 'tenant', '', '', 3), (${tenant}, '2026-11-02', 'member', '', ${ids.user}, 3)`.execute(
          tx,
        );
      }
    });
    const after = await owner.transaction().execute(async (tx) => {
      // the caller's own tenant setting survives the trigger
      await sql`SELECT set_config('app.tenant_id', ${ids.beta}, true)`.execute(tx);
      await sql`DELETE FROM tenants WHERE id = ${gamma}`.execute(tx);
      const { rows } = await sql<{ t: string }>`select current_setting('app.tenant_id') as t`.execute(tx);
      return { setting: rows[0]!.t, gamma: await count(tx, gamma), beta: await count(tx, ids.beta) };
    });
    expect(after).toEqual({ setting: ids.beta, gamma: 0, beta: 2 });
  });

  it("deleting several tenants at once, with no tenant set, deletes each one's reach_daily rows", async () => {
    const doomed = ["b4444444-4444-4444-4444-444444444444", "b5555555-5555-5555-5555-555555555555"];
    await owner.transaction().execute(async (tx) => {
      for (const [i, tenant] of doomed.entries()) {
        await sql`INSERT INTO tenants (id, slug, name) VALUES (${tenant}, ${`doomed-${i}-${suffix}`}, 'Doomed')`.execute(
          tx,
        );
        await sql`SELECT set_config('app.tenant_id', ${tenant}, true)`.execute(tx);
        await sql`INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, clicks)
                  VALUES (${tenant}, '2026-11-02', 'tenant', '', '', 1)`.execute(tx);
      }
    });
    const left = await owner.transaction().execute(async (tx) => {
      await sql`SELECT set_config('app.tenant_id', '', true)`.execute(tx);
      await sql`DELETE FROM tenants WHERE id IN (${doomed[0]}, ${doomed[1]})`.execute(tx);
      const { rows } = await sql<{ t: string }>`select current_setting('app.tenant_id') as t`.execute(tx);
      const counts: number[] = [];
      for (const tenant of doomed) {
        await sql`SELECT set_config('app.tenant_id', ${tenant}, true)`.execute(tx);
        const r = await sql<{ n: number }>`select count(*)::int as n from reach_daily`.execute(tx);
        counts.push(r.rows[0]!.n);
      }
      return { setting: rows[0]!.t, counts };
    });
    expect(left).toEqual({ setting: "", counts: [0, 0] });
  });
});
