import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "~/db/migrations/index.ts";
import { ensureAppRole } from "~/db/rls.ts";
import { withTenant } from "~/db/tenant.ts";
import { openDatabase, type DatabaseHandle } from "~/db/client.ts";
import { seedDemo } from "~/app/modules/tenancy/seed-demo.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { databaseUrl, dropDatabase, withAdminClient } from "~/tests/support/database.ts";

/**
 * The upgrade path production and embedded databases take on deploy: a database at 0025 with two
 * tenants' data (the demo seed twice, plus raw rows in the tables the seed leaves empty, and clicks
 * of many months: a very old one, a month boundary, one far in the future), migrated to the latest
 * schema in one go. 0026 (tenant_id in every key, composite foreign keys) and 0027 (click_events
 * partitioned by month) must keep every row, put every click in its month's partition, keep RLS on
 * the parent and on a partition queried by name, refuse what the new keys refuse, and go down and up
 * again. Not a template clone: this file builds its own database from an empty one.
 */

const BEFORE = "0025-visit-baseline";
const id = randomBytes(5).toString("hex");
const name = `chorus_t_upgrade_${id}`;
const url = databaseUrl(name);
/** as in production, the migrations run as a login that owns the tables and is no superuser */
const ownerLogin = `chorus_upgrade_owner_${id}`;
const ownerUrl = (() => {
  const u = new URL(url);
  u.username = ownerLogin;
  u.password = "";
  return u.toString();
})();

/** the migrations' login: the tables' owner, subject to their forced RLS */
let owner: Kysely<unknown>;
/** a superuser on the same database: fills and inspects past RLS */
let admin: Kysely<unknown>;
let handle: DatabaseHandle;
let tenants: { a: string; b: string };
/** rows per table at 0025 (click_events through its parent afterwards) */
let countsBefore: Record<string, number>;
/** click id → the partition its UTC month names */
let expectedPartition: Map<string, string>;
/** ids of rows that matter below */
const fixture = {
  leaverA: "",
  escalationByLeaverA: "",
  kudosByLeaverA: "",
  shareB: "",
  postB: "",
  oldClickKeyA: "",
  oldClickAtA: new Date(0),
  shareA: "",
  codeA: "",
};

function migrator(): Migrator {
  return new Migrator({ db: owner, provider: { getMigrations: async () => migrations } });
}

async function migrateTo(target: string): Promise<void> {
  const result = await migrator().migrateTo(target);
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
}

async function migrateToLatest(): Promise<void> {
  const result = await migrator().migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
}

/** every table the app had at 0025, with its row count, read as the superuser */
async function tableCounts(): Promise<Record<string, number>> {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname not like 'kysely_%' order by 1`.execute(admin);
  const counts: Record<string, number> = {};
  for (const { table } of rows) {
    const { rows: n } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
      admin,
    );
    counts[table] = Number(n[0]!.n);
  }
  return counts;
}

const utcMonthPartition = (at: Date) =>
  `click_events_${at.getUTCFullYear()}_${String(at.getUTCMonth() + 1).padStart(2, "0")}`;

async function memberships(tenantId: string): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`select id from memberships where tenant_id = ${tenantId} order by created_at, id`.execute(admin);
  return rows.map((r) => r.id);
}

/** Rows in the tables the demo seed leaves empty, for one tenant, as the superuser. */
async function fillTenant(tenantId: string, key: "a" | "b"): Promise<void> {
  const [m0, m1, m2] = await memberships(tenantId);
  const { rows: posts } = await sql<{
    id: string;
  }>`select id from posts where tenant_id = ${tenantId} order by id limit 1`.execute(admin);
  const postId = posts[0]!.id;
  const { rows: shareRows } = await sql<{ id: string; code: string }>`
    select s.id, l.code from shares s join link_codes l on l.share_id = s.id
    where s.tenant_id = ${tenantId} order by s.id limit 1`.execute(admin);
  const share = shareRows[0]!;
  if (key === "b") {
    fixture.shareB = share.id;
    fixture.postB = postId;
  } else {
    fixture.shareA = share.id;
    fixture.codeA = share.code;
  }

  // a member who leaves after the migration: reporter of an escalation, giver of kudos
  const { rows: leaver } = await sql<{ id: string }>`
    insert into users (email, name) values (${`leaver-${key}-${randomUUID()}@example.test`}, 'Leaver')
    returning id`.execute(admin);
  const { rows: leaverMembership } = await sql<{ id: string }>`
    insert into memberships (tenant_id, user_id, roles, manager_id) values (${tenantId}, ${leaver[0]!.id}, '{employee}', ${m0})
    returning id`.execute(admin);
  const leaverId = leaverMembership[0]!.id;
  const { rows: escalation } = await sql<{ id: string }>`
    insert into escalations (tenant_id, reporter_id, url, note) values (${tenantId}, ${leaverId}, 'https://example.test/x', 'A hostile comment')
    returning id`.execute(admin);
  const { rows: kudos } = await sql<{ id: string }>`
    insert into kudos (tenant_id, from_membership_id, to_membership_id, reason) values (${tenantId}, ${leaverId}, ${m1}, 'Thanks')
    returning id`.execute(admin);
  if (key === "a") {
    fixture.leaverA = leaverId;
    fixture.escalationByLeaverA = escalation[0]!.id;
    fixture.kudosByLeaverA = kudos[0]!.id;
  }

  await sql`insert into escalations (tenant_id, reporter_id, url, note, status, handled_by, handled_at)
    values (${tenantId}, ${m1}, 'https://example.test/y', 'Handled one', 'handled', ${m0}, now())`.execute(
    admin,
  );
  await sql`insert into api_tokens (tenant_id, name, token_hash, scopes)
    values (${tenantId}, 'CRM', ${createHash("sha256").update(randomUUID()).digest("hex")}, '{content,credit}')`.execute(
    admin,
  );
  await sql`insert into invitations (tenant_id, email, name, roles, manager_id, token_hash, expires_at)
    values (${tenantId}, ${`new-${key}@example.test`}, 'New', '{employee}', ${m0},
            ${createHash("sha256").update(randomUUID()).digest("hex")}, now() + interval '7 days')`.execute(
    admin,
  );
  await sql`insert into suggestions (tenant_id, suggester_id, url, reason) values (${tenantId}, ${m2}, 'https://example.test/s', 'Worth sharing')`.execute(
    admin,
  );
  await sql`insert into badges (tenant_id, membership_id, badge) values (${tenantId}, ${m1}, 'first_share')`.execute(
    admin,
  );
  await sql`insert into share_metrics (share_id, tenant_id, provider, impressions, reactions)
    values (${share.id}, ${tenantId}, 'linkedin', 1200, 30)`.execute(admin);
  await sql`insert into click_holds (tenant_id, share_id, membership_id, day, reason, clicks, distinct_keys)
    values (${tenantId}, ${share.id}, ${m1}, current_date, 'burst', 40, 2)`.execute(admin);
  await sql`insert into digest_preferences (membership_id, tenant_id, weekly_digest) values (${m1}, ${tenantId}, false)`.execute(
    admin,
  );
  await sql`insert into recognition_preferences (membership_id, tenant_id, leaderboard_opt_in) values (${m1}, ${tenantId}, true)`.execute(
    admin,
  );
  await sql`insert into reach_settings (tenant_id, click_retention_days) values (${tenantId}, ${key === "a" ? 90 : 730})
    on conflict (tenant_id) do nothing`.execute(admin);
  await sql`insert into post_versions (tenant_id, post_id, version, snapshot, created_by) values (${tenantId}, ${postId}, 99, '{}', ${m0})`.execute(
    admin,
  );
  await sql`insert into post_approvals (tenant_id, post_id, version, approver_id) values (${tenantId}, ${postId}, 99, ${m0})`.execute(
    admin,
  );
  await sql`insert into post_transitions (tenant_id, post_id, version, from_status, to_status, action, actor_id)
    values (${tenantId}, ${postId}, 99, 'draft', 'in_review', 'submit', ${m0})`.execute(admin);

  // recognition: rules, points, an accepted and closed agreement with its statement, who read it
  const { rows: rules } = await sql<{ id: string }>`
    insert into points_rules (tenant_id, effective_from, rules, created_by) values (${tenantId}, '2025-01-01', '{"share": 1}', ${m0})
    returning id`.execute(admin);
  await sql`insert into points_ledger (tenant_id, membership_id, source_type, source_id, points, occurred_on, rules_id)
    values (${tenantId}, ${m1}, 'share', ${share.id}, 3, current_date, ${rules[0]!.id})`.execute(admin);
  const { rows: agreement } = await sql<{ id: string }>`
    insert into goal_agreements (tenant_id, employee_id, manager_id, period_kind, period_label, starts_on, ends_on, status)
    values (${tenantId}, ${m1}, ${m0}, 'quarter', 'Q1 2026', '2026-01-01', '2026-03-31', 'proposed')
    returning id`.execute(admin);
  await sql`insert into goal_objectives (tenant_id, agreement_id, position, metric, title, target, weight)
    values (${tenantId}, ${agreement[0]!.id}, 1, 'shares', 'Share weekly', 12, 100)`.execute(admin);
  await sql`update goal_agreements set status = 'closed', accepted_at = now(), closed_at = now() where id = ${agreement[0]!.id}`.execute(
    admin,
  );
  const { rows: statement } = await sql<{ id: string }>`
    insert into credit_statements (tenant_id, agreement_id, employee_id, manager_id, period_label, starts_on, ends_on, content, content_hash)
    values (${tenantId}, ${agreement[0]!.id}, ${m1}, ${m0}, 'Q1 2026', '2026-01-01', '2026-03-31', '{}', ${"a".repeat(64)})
    returning id`.execute(admin);
  await sql`insert into credit_access_log (tenant_id, subject_membership_id, actor_membership_id, action, statement_id)
    values (${tenantId}, ${m1}, ${m0}, 'view', ${statement[0]!.id})`.execute(admin);

  // clicks of many months: very old, a month boundary in UTC (still January in New York), far ahead
  const clicks: [string, Date][] = [
    [`old-${key}`, new Date("2019-03-15T12:00:00Z")],
    [`boundary-${key}`, new Date("2026-02-01T00:30:00Z")],
    [`last-ms-${key}`, new Date("2026-01-31T23:59:59.999Z")],
    [`future-${key}`, new Date(Date.UTC(new Date().getUTCFullYear() + 2, 6, 4, 9))],
  ];
  for (const [eventKey, at] of clicks) {
    await sql`insert into click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
      values (${tenantId}, ${share.id}, ${eventKey}, ${at}, 'v', false)`.execute(admin);
  }
  if (key === "a") {
    fixture.oldClickKeyA = "boundary-a";
    fixture.oldClickAtA = clicks[1]![1];
  }
}

beforeAll(async () => {
  await withAdminClient((client) =>
    client.query(`CREATE ROLE ${ownerLogin} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`),
  );
});

afterAll(async () => {
  await withAdminClient((client) => client.query(`DROP ROLE IF EXISTS ${ownerLogin}`));
});

describe("upgrade from 0025 with two tenants' data", () => {
  beforeAll(async () => {
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name} OWNER ${ownerLogin}`));
    owner = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1 }) }),
    });
    admin = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    await ensureAppRole(admin).catch(async () => ensureAppRole(admin)); // another run may race on the role
    await migrateTo(BEFORE);
    // the app's singleton (drainClicks) uses this database, not the file's template clone
    process.env.DATABASE_URL = url;
    process.env.DATABASE_OWNER_URL = url;
    handle = await openDatabase({ url });

    const ids: string[] = [];
    for (const slug of ["upgrade-a", "upgrade-b"]) {
      // the seed's final rollup needs a later migration's tables; its rows are committed by then
      await seedDemo(handle.db).catch(() => undefined);
      const { rows } = await sql<{ id: string }>`
      update tenants set slug = ${slug} where slug = 'demo' returning id`.execute(admin);
      ids.push(rows[0]!.id);
    }
    tenants = { a: ids[0]!, b: ids[1]! };
    await fillTenant(tenants.a, "a");
    await fillTenant(tenants.b, "b");

    countsBefore = await tableCounts();
    const { rows: clicks } = await sql<{ id: string; clicked_at: Date }>`
    select id, clicked_at from click_events`.execute(admin);
    expectedPartition = new Map(clicks.map((c) => [c.id, utcMonthPartition(c.clicked_at)]));

    await migrateToLatest();
  }, 240_000);

  afterAll(async () => {
    await handle?.close();
    await owner?.destroy();
    await admin?.destroy();
    await withAdminClient((client) => dropDatabase(client, name));
  });

  it("had data in most tenant tables before, and keeps every row of every table", async () => {
    const filled = Object.entries(countsBefore).filter(([, n]) => n > 0);
    expect(filled.length).toBeGreaterThanOrEqual(36);
    expect(await tableCounts()).toMatchObject(countsBefore);
  });

  it("leaves row level security forced on every table that had it", async () => {
    const { rows } = await sql<{ table: string }>`
      select relname as table from pg_class where relnamespace = 'public'::regnamespace
        and relkind in ('r', 'p') and relrowsecurity and not relforcerowsecurity`.execute(admin);
    expect(rows).toEqual([]);
  });

  it("puts every click into the partition of its UTC month, none into the default one", async () => {
    const { rows } = await sql<{ id: string; part: string }>`
      select id, tableoid::regclass::text as part from click_events`.execute(admin);
    expect(rows.length).toBe(expectedPartition.size);
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(row.part, row.id).toBe(expectedPartition.get(row.id));
    const { rows: parts } = await sql<{ part: string }>`
      select c.relname as part from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'public.click_events'::regclass`.execute(admin);
    const names = parts.map((p) => p.part);
    expect(names).toEqual(
      expect.arrayContaining([
        "click_events_default",
        "click_events_2019_03",
        "click_events_2026_01",
        "click_events_2026_02",
      ]),
    );
    const { rows: inDefault } = await sql<{
      n: string;
    }>`select count(*) as n from click_events_default`.execute(admin);
    expect(Number(inDefault[0]!.n)).toBe(0);
  });

  it("keeps RLS on the parent and on a partition queried by name, for the app role", async () => {
    const seen = (tenantId: string, table: string) =>
      withTenant(handle.db, tenantId, async (tx) => {
        const { rows } = await sql<{
          tenant_id: string;
        }>`select distinct tenant_id from ${sql.table(table)}`.execute(tx);
        return rows.map((r) => r.tenant_id);
      });
    expect(await seen(tenants.a, "click_events")).toEqual([tenants.a]);
    expect(await seen(tenants.a, "click_events_2019_03")).toEqual([tenants.a]);
    expect(await seen(tenants.b, "click_events_2026_02")).toEqual([tenants.b]);
    expect(await seen(tenants.a, "click_events_default")).toEqual([]);
    // without a tenant: nothing, through the parent or a partition
    const { rows } = await sql<{
      n: string;
    }>`select (select count(*) from click_events) + (select count(*) from click_events_2019_03) as n`.execute(
      handle.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    // writing another tenant's click into a partition directly is refused (WITH CHECK)
    await expect(
      withTenant(handle.db, tenants.a, (tx) =>
        sql`insert into click_events_2019_03 (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
          values (${tenants.b}, ${fixture.shareB}, 'forged', '2019-03-20T00:00:00Z', 'v', false)`.execute(tx),
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("refuses a row that points at another tenant's row", async () => {
    // as the superuser (no RLS in the way), so only the foreign keys can refuse
    await expect(
      sql`insert into click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
        values (${tenants.a}, ${fixture.shareB}, 'cross', now(), 'v', false)`.execute(admin),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      sql`insert into captions (tenant_id, post_id, network, language, text)
        values (${tenants.a}, ${fixture.postB}, 'linkedin', 'de', 'x')`.execute(admin),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      sql`update link_codes set tenant_id = ${tenants.b} where code = ${fixture.codeA}`.execute(admin),
    ).rejects.toMatchObject({ code: "23503" });
  });

  it("ON DELETE SET NULL (x) empties the reference and keeps tenant_id", async () => {
    await admin.transaction().execute(async (tx) => {
      await sql`delete from memberships where id = ${fixture.leaverA}`.execute(tx);
      const { rows: escalation } = await sql<{ tenant_id: string; reporter_id: string | null }>`
        select tenant_id, reporter_id from escalations where id = ${fixture.escalationByLeaverA}`.execute(tx);
      expect(escalation).toEqual([{ tenant_id: tenants.a, reporter_id: null }]);
      const { rows: kudos } = await sql<{ tenant_id: string; from_membership_id: string | null }>`
        select tenant_id, from_membership_id from kudos where id = ${fixture.kudosByLeaverA}`.execute(tx);
      expect(kudos).toEqual([{ tenant_id: tenants.a, from_membership_id: null }]);
    });
  });

  it("the drain stays idempotent: a click stored before the upgrade and replayed adds nothing", async () => {
    const inbox = (eventKey: string, at: Date) =>
      sql`insert into click_inbox (event_key, code, clicked_at, visitor_hash)
        values (${eventKey}, ${fixture.codeA}, ${at}, 'v')`.execute(admin);
    const fresh = `fresh-${randomUUID()}`;
    const now = new Date();
    await inbox(fresh, now);
    expect((await drainClicks()).inserted).toBe(1);
    await inbox(fresh, now); // replayed after a crash between commit and delete
    await inbox(fixture.oldClickKeyA, fixture.oldClickAtA); // stored at 0025
    expect(await drainClicks()).toMatchObject({ read: 2, inserted: 0 });
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from click_events where event_key in (${fresh}, ${fixture.oldClickKeyA})`.execute(
      admin,
    );
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it("the partition functions refuse hostile arguments from the app role", async () => {
    const call = (query: ReturnType<typeof sql>) =>
      withTenant(handle.db, tenants.a, (tx) => query.execute(tx));
    await expect(call(sql`select * from ensure_click_partitions(25)`)).rejects.toMatchObject({
      code: "22023",
    });
    await expect(call(sql`select * from ensure_click_partitions(null)`)).rejects.toMatchObject({
      code: "22023",
    });
    await expect(call(sql`select * from drop_expired_click_partition('infinity')`)).rejects.toMatchObject({
      code: "22023",
    });
    // the helpers are the owner's only
    await expect(call(sql`select click_partition_create('2030-01-01')`)).rejects.toMatchObject({
      code: "42501",
    });
    await expect(call(sql`select click_partition_secure('click_events_2019_03')`)).rejects.toMatchObject({
      code: "42501",
    });
    // a past month with rows a tenant (no boundary moved yet) still needs is not dropped
    const { rows } = await call(
      sql<{ outcome: string }>`select * from drop_expired_click_partition('2019-03-01')`,
    );
    expect(rows[0]).toMatchObject({ outcome: "kept" });
    const { rows: left } = await sql<{
      n: string;
    }>`select count(*) as n from click_events_2019_03`.execute(admin);
    expect(Number(left[0]!.n)).toBe(2);
  });

  it("goes down to 0025 with every row and a plain click_events, and up again", async () => {
    const latest = await tableCounts();
    await migrateTo(BEFORE);
    const { rows: kind } = await sql<{ relkind: string }>`
      select relkind from pg_class where oid = 'public.click_events'::regclass`.execute(admin);
    expect(kind[0]!.relkind).toBe("r");
    const down = await tableCounts();
    for (const [table, n] of Object.entries(down)) expect(n, table).toBe(latest[table]);
    // 0025's keys again: the old single-column primary key
    const { rows: pk } = await sql<{ def: string }>`
      select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'shares_pkey'`.execute(
      admin,
    );
    expect(pk[0]!.def).toBe("PRIMARY KEY (id)");
    await migrateToLatest();
    expect(await tableCounts()).toEqual(latest);
    const { rows: parts } = await sql<{ n: string }>`
      select count(*) as n from click_events_default`.execute(admin);
    expect(Number(parts[0]!.n)).toBe(0);
  });
});

describe("0026 on a database with a row that points at another tenant's row", () => {
  it("fails, naming the foreign key, even when the migrating login is no superuser", async () => {
    // as the non-superuser owner, FORCE ROW LEVEL SECURITY hid both sides of the check: it passed
    // without looking at a row (and refused every link code, whose table reads without a tenant)
    const other = `chorus_t_upgrade_x_${randomBytes(5).toString("hex")}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE ${other} OWNER ${ownerLogin}`));
    const otherUrl = new URL(ownerUrl);
    otherUrl.pathname = `/${other}`;
    const otherOwner = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: otherUrl.toString(), max: 1 }) }),
    });
    const otherAdmin = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl(other), max: 1 }) }),
    });
    const otherMigrator = new Migrator({
      db: otherOwner,
      provider: { getMigrations: async () => migrations },
    });
    try {
      await ensureAppRole(otherAdmin);
      expect((await otherMigrator.migrateTo(BEFORE)).error).toBeUndefined();
      const { rows: t } = await sql<{ id: string }>`
        insert into tenants (slug, name) values ('cross-a', 'A'), ('cross-b', 'B') returning id`.execute(
        otherAdmin,
      );
      const { rows: u } = await sql<{ id: string }>`
        insert into users (email, name) values ('a@example.test', 'A'), ('b@example.test', 'B') returning id`.execute(
        otherAdmin,
      );
      const { rows: m } = await sql<{ id: string }>`
        insert into memberships (tenant_id, user_id) values (${t[0]!.id}, ${u[0]!.id}), (${t[1]!.id}, ${u[1]!.id})
        returning id`.execute(otherAdmin);
      // tenant A's kudos to tenant B's member: nothing in the app makes one, 0025 did not refuse it
      await sql`insert into kudos (tenant_id, to_membership_id, reason) values (${t[0]!.id}, ${m[1]!.id}, 'x')`.execute(
        otherAdmin,
      );
      const result = await otherMigrator.migrateTo("0026-tenant-keys");
      expect(result.error).toMatchObject({ code: "23503", constraint: "kudos_to_membership_id_fkey" });
      const { rows: applied } = await sql<{ name: string }>`
        select name from kysely_migration order by name desc limit 1`.execute(otherAdmin);
      expect(applied[0]!.name).toBe(BEFORE);
    } finally {
      await otherOwner.destroy();
      await otherAdmin.destroy();
      await withAdminClient((client) => dropDatabase(client, other));
    }
  });
});
