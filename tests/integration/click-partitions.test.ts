import { randomUUID } from "node:crypto";
import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import {
  CLICK_PARTITION_MONTHS_AHEAD,
  maintainClickPartitions,
} from "~/app/modules/tracking/maintain-click-partitions.server.ts";
import { dropExpiredClickMonths, purgeOldClicks } from "~/app/modules/reach/retention.server.ts";
import { rollupAll, rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { getReachSettings, markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import { database, openDatabase, type DatabaseHandle, type DB } from "~/db/client.ts";
import { migrations } from "~/db/migrations/index.ts";
import { migrateToLatest } from "~/db/migrator.ts";
import { ensureAppRole } from "~/db/rls.ts";
import { withTenant } from "~/db/tenant.ts";
import { runJobNow } from "~/jobs/queue.ts";
import { seedLink, type SeededLink } from "~/tests/integration/support/click-load.ts";
import { databaseUrl, dropDatabase, withAdminClient } from "~/tests/support/database.ts";

/*
 * click_events partitioned by UTC month (0027): partitions ahead from the daily job, the default
 * partition as a safety net that the job empties, row level security on a partition queried by
 * name, the drain's idempotency across partitions, and retention that drops whole months.
 */

let handle: DatabaseHandle;
let db: DB;
beforeAll(async () => {
  logger.level = "silent";
  handle = await database();
  db = handle.db;
});

const DAY = 86_400_000;
const monthName = (d: Date) =>
  `click_events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
const monthsFromNow = (n: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 15, 12));
};

async function partitions(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'click_events'::regclass ORDER BY 1`.execute(db);
  return rows.map((r) => r.name);
}

async function insertClicks(link: SeededLink, instants: Date[], visitor = "v"): Promise<void> {
  await withTenant(db, link.tenantId, async (tx) => {
    await tx
      .insertInto("click_events")
      .values(
        instants.map((at, i) => ({
          tenant_id: link.tenantId,
          share_id: link.shareId,
          event_key: `k-${randomUUID()}`,
          clicked_at: at,
          visitor_hash: `${visitor}-${i % 2}`,
          is_bot: false,
          referrer_host: null,
        })),
      )
      .execute();
    await markDirtyDays(tx, link.tenantId, instants);
  });
}

/** The partition each of the tenant's clicks is stored in, with the count. */
async function whereStored(tenantId: string): Promise<Record<string, number>> {
  const { rows } = await withTenant(db, tenantId, (tx) =>
    sql<{ part: string; n: string }>`
      SELECT tableoid::regclass::text AS part, count(*) AS n FROM click_events
      WHERE tenant_id = ${tenantId}::uuid GROUP BY 1 ORDER BY 1`.execute(tx),
  );
  return Object.fromEntries(rows.map((r) => [r.part, Number(r.n)]));
}

async function setRetention(tenantId: string, days: number): Promise<void> {
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("reach_settings")
      .values({ tenant_id: tenantId, impression_factors: "{}", click_retention_days: days })
      .onConflict((oc) => oc.column("tenant_id").doUpdateSet({ click_retention_days: days }))
      .execute(),
  );
}

/** The tenant's reach_daily tenant rows: day → clicks / unique visitors. */
async function dailyFigures(tenantId: string): Promise<Record<string, string>> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .select(["day", "clicks", "unique_visitors"])
      .where("tenant_id", "=", tenantId)
      .where("dimension", "=", "tenant")
      .orderBy("day")
      .execute(),
  );
  return Object.fromEntries(rows.map((r) => [String(r.day), `${r.clicks}/${r.unique_visitors}`]));
}

describe("partitions ahead", () => {
  it("the job creates the partitions of this month and the next three, with row level security; again, nothing", async () => {
    const ahead = monthName(monthsFromNow(CLICK_PARTITION_MONTHS_AHEAD));
    // as if the job had not run since the month before: the furthest one is missing
    await sql`DROP TABLE ${sql.id(ahead)}`.execute(handle.owner);
    expect(await partitions()).not.toContain(ahead);

    await runJobNow("maintain-click-partitions", {});

    const names = await partitions();
    for (let n = 0; n <= CLICK_PARTITION_MONTHS_AHEAD; n++)
      expect(names).toContain(monthName(monthsFromNow(n)));
    expect(names).toContain("click_events_default");
    const { rows } = await sql<{ rls: boolean; forced: boolean; policies: string; app_can_insert: boolean }>`
      SELECT c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
             (SELECT string_agg(polname, ',') FROM pg_policy WHERE polrelid = c.oid) AS policies,
             has_table_privilege('chorus_app', c.oid, 'INSERT') AS app_can_insert
      FROM pg_class c WHERE c.relname = ${ahead}`.execute(db);
    expect(rows).toEqual([{ rls: true, forced: true, policies: "tenant_isolation", app_can_insert: true }]);
    expect(await maintainClickPartitions(db)).toEqual({ created: [] });
  });

  it("a click of next month lands in next month's partition", async () => {
    const link = await seedLink(db);
    await insertClicks(link, [monthsFromNow(1)]);
    expect(await whereStored(link.tenantId)).toEqual({ [monthName(monthsFromNow(1))]: 1 });
  });

  it("a click of a month without a partition lands in the default one, and the job moves it into a new partition of its month", async () => {
    const link = await seedLink(db);
    const at = new Date("2024-07-10T09:00:00Z");
    await insertClicks(link, [at, at]);
    expect(await whereStored(link.tenantId)).toEqual({ click_events_default: 2 });

    const { created } = await maintainClickPartitions(db);

    expect(created).toContain("click_events_2024_07");
    expect(await whereStored(link.tenantId)).toEqual({ click_events_2024_07: 2 });
  });

  it("a click at an infinite instant (no month) stays in the default partition, and the job still runs", async () => {
    const link = await seedLink(db);
    await withTenant(db, link.tenantId, (tx) =>
      sql`INSERT INTO click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
          VALUES (${link.tenantId}::uuid, ${link.shareId}::uuid, ${`k-${randomUUID()}`}, 'infinity', 'v', false)`.execute(
        tx,
      ),
    );

    await expect(maintainClickPartitions(db)).resolves.toBeDefined();

    expect(await whereStored(link.tenantId)).toEqual({ click_events_default: 1 });
  });

  it("the app role cannot create a partition itself, and months_ahead is bounded", async () => {
    await expect(
      sql`CREATE TABLE click_events_2099_01 PARTITION OF click_events FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')`.execute(
        db,
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
    await expect(maintainClickPartitions(db, { monthsAhead: 25 })).rejects.toThrow(/between 0 and 24/);
  });
});

describe("row level security on a partition queried by name", () => {
  it("shows nothing without a tenant, only the tenant's own rows with one, and refuses another tenant's rows", async () => {
    const a = await seedLink(db);
    const b = await seedLink(db);
    const part = monthName(monthsFromNow(2));
    await insertClicks(a, [monthsFromNow(2), monthsFromNow(2)]);
    await insertClicks(b, [monthsFromNow(2)]);
    const count = (q: typeof db) =>
      sql<{ n: string; tenants: string[] }>`
        SELECT count(*) AS n, coalesce(array_agg(DISTINCT tenant_id), '{}') AS tenants FROM ${sql.id(part)}`
        .execute(q)
        .then((r) => ({ n: Number(r.rows[0]!.n), tenants: r.rows[0]!.tenants }));

    expect(await count(db)).toEqual({ n: 0, tenants: [] });
    expect(await withTenant(db, a.tenantId, (tx) => count(tx as never))).toEqual({
      n: 2,
      tenants: [a.tenantId],
    });
    expect(await withTenant(db, b.tenantId, (tx) => count(tx as never))).toEqual({
      n: 1,
      tenants: [b.tenantId],
    });
    await expect(
      withTenant(db, a.tenantId, (tx) =>
        sql`INSERT INTO ${sql.id(part)} (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
            VALUES (${b.tenantId}::uuid, ${b.shareId}::uuid, 'planted', ${monthsFromNow(2)}, 'v', false)`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    // the default partition too
    expect(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM click_events_default`.execute(db)).rows[0]!.n,
    ).toBe("0");
  });
});

describe("the drain's idempotency key (tenant_id, event_key, clicked_at)", () => {
  it("the same click twice is one row, also when its month got a partition in between", async () => {
    const link = await seedLink(db);
    const eventKey = randomUUID();
    const clickedAt = new Date("2024-03-05T10:11:12.345Z");
    const hand = () =>
      db
        .insertInto("click_inbox")
        .values({
          event_key: eventKey,
          code: link.code,
          clicked_at: clickedAt,
          visitor_hash: "visitor",
          referrer_host: null,
          session_id: null,
        })
        .execute();

    await hand();
    await drainClicks();
    await hand();
    await drainClicks();
    expect(await whereStored(link.tenantId)).toEqual({ click_events_default: 1 });

    // the job moves it to click_events_2024_03; the replayed entry meets it there
    await maintainClickPartitions(db);
    await hand();
    await drainClicks();
    expect(await whereStored(link.tenantId)).toEqual({ click_events_2024_03: 1 });
    const stored = await withTenant(db, link.tenantId, (tx) =>
      tx.selectFrom("click_events").select(["event_key", "clicked_at"]).execute(),
    );
    expect(stored).toEqual([{ event_key: eventKey, clicked_at: clickedAt }]);
  });
});

describe("retention by whole months", () => {
  // the real clock: every tenant's retention ends in the past, months of 2025 are long over
  let expired: SeededLink; // 90 days (default): January and March 2025 are past it
  let other: SeededLink; // 90 days too, a few clicks in January
  let longer: SeededLink; // 730 days: still needs March and April 2025
  let before: Record<string, Record<string, string>>;
  let result: Awaited<ReturnType<typeof purgeOldClicks>>;
  const recent = new Date(Date.now() - 2 * DAY);

  beforeAll(async () => {
    expired = await seedLink(db);
    other = await seedLink(db);
    longer = await seedLink(db);
    await setRetention(longer.tenantId, 730);
    const days = (month: string, n: number) =>
      Array.from(
        { length: n },
        (_, i) => new Date(`${month}-${String(1 + (i % 27)).padStart(2, "0")}T12:00:00Z`),
      );
    // January: only expired tenants → dropped whole
    await insertClicks(expired, days("2025-01", 40));
    await insertClicks(other, days("2025-01", 5));
    // March: mostly expired rows, a few of the longer-retention tenant → rewritten with those
    await insertClicks(expired, days("2025-03", 30));
    await insertClicks(longer, days("2025-03", 4));
    // April: mostly the longer-retention tenant → kept; the expired tenant's rows go one by one
    await insertClicks(expired, days("2025-04", 3));
    await insertClicks(longer, days("2025-04", 20));
    // and recent clicks, within every retention
    await insertClicks(expired, [recent, recent]);
    await insertClicks(longer, [recent]);
    await maintainClickPartitions(db); // the old months get their partitions out of the default one
    for (const l of [expired, other, longer]) await rollupDirty(db, { tenantId: l.tenantId });
    before = Object.fromEntries(
      await Promise.all(
        [expired, other, longer].map(async (l) => [l.tenantId, await dailyFigures(l.tenantId)]),
      ),
    );
    expect(await partitions()).toEqual(
      expect.arrayContaining(["click_events_2025_01", "click_events_2025_03", "click_events_2025_04"]),
    );

    result = await purgeOldClicks(db);
  });

  it("drops a month no tenant needs any more: its rows are gone, other months are intact", async () => {
    expect(result.months).toContainEqual({ month: "2025-01", outcome: "dropped", rowsKept: 0 });
    expect(await partitions()).not.toContain("click_events_2025_01");
    expect(await whereStored(other.tenantId)).toEqual({});
    expect(await whereStored(expired.tenantId)).toEqual({ [monthName(recent)]: 2 });
  });

  it("rewrites a month a longer-retention tenant still needs a few rows of, and leaves a month it mostly needs to per-tenant deletes", async () => {
    expect(result.months).toContainEqual({ month: "2025-03", outcome: "rewritten", rowsKept: 4 });
    expect(result.months).toContainEqual({ month: "2025-04", outcome: "kept", rowsKept: 20 });
    // the 3 April rows of the expired tenant went by rows (and none of January's or March's)
    expect(result.deleted).toBe(3);
    expect(await whereStored(longer.tenantId)).toEqual({
      click_events_2025_03: 4,
      click_events_2025_04: 20,
      [monthName(recent)]: 1,
    });
    // the rewritten partition is as isolated as the others
    const { rows } = await sql<{ rls: boolean; forced: boolean; policies: string }>`
      SELECT c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
             (SELECT string_agg(polname, ',') FROM pg_policy WHERE polrelid = c.oid) AS policies
      FROM pg_class c WHERE c.relname = 'click_events_2025_03'`.execute(db);
    expect(rows).toEqual([{ rls: true, forced: true, policies: "tenant_isolation" }]);
  });

  it("keeps every tenant's reach figures and moves clicks_purged_before; a full rollup afterwards changes nothing", async () => {
    for (const l of [expired, other, longer])
      expect(await dailyFigures(l.tenantId)).toEqual(before[l.tenantId]);
    const purgedBefore = async (tenantId: string) =>
      (await withTenant(db, tenantId, (tx) => getReachSettings(tx, tenantId))).clicksPurgedBefore;
    const today = new Date().toISOString().slice(0, 10);
    const minus = (days: number) => new Date(Date.parse(today) - days * DAY).toISOString().slice(0, 10);
    // tenants are in Europe/Berlin: the tenant-local day may be a day after the UTC one
    expect([minus(90), minus(89)]).toContain(await purgedBefore(expired.tenantId));
    expect([minus(730), minus(729)]).toContain(await purgedBefore(longer.tenantId));
    for (const l of [expired, other, longer]) {
      await rollupAll(db, l.tenantId);
      // (and today's row for the share made today, which the dirty days did not include)
      expect(await dailyFigures(l.tenantId)).toMatchObject(before[l.tenantId]!);
    }
  });
});

describe("a late click's day", () => {
  it("keeps its month until the day is rolled up: a dirty day before the boundary is never dropped", async () => {
    const link = await seedLink(db);
    const days = ["2025-05-02", "2025-05-03", "2025-05-04"].map((d) => new Date(`${d}T12:00:00Z`));
    await insertClicks(link, days);
    await maintainClickPartitions(db);
    await rollupDirty(db, { tenantId: link.tenantId });
    // the boundary is long past May (as the purge sets it), and then a late click marks May 3 again
    await withTenant(db, link.tenantId, async (tx) => {
      await tx
        .insertInto("reach_settings")
        .values({ tenant_id: link.tenantId, impression_factors: "{}", clicks_purged_before: "2025-09-01" })
        .execute();
      await markDirtyDays(tx, link.tenantId, [days[1]!]);
    });
    const may = async () => (await dropExpiredClickMonthsFor("2025-05"))!;

    expect(await may()).toEqual({ month: "2025-05", outcome: "kept", rowsKept: 3 });
    expect(await whereStored(link.tenantId)).toEqual({ click_events_2025_05: 3 });

    await rollupDirty(db, { tenantId: link.tenantId });
    expect(await may()).toEqual({ month: "2025-05", outcome: "dropped", rowsKept: 0 });
    expect(await whereStored(link.tenantId)).toEqual({});
  });
});

async function dropExpiredClickMonthsFor(month: string) {
  return (await dropExpiredClickMonths(db)).find((o) => o.month === month);
}

describe("with an owner that is no superuser (production's DATABASE_OWNER_URL)", () => {
  // The test databases belong to a superuser, who bypasses RLS; production's owner does not, and
  // the forced RLS of every tenant table applies to it too (a foreign key validated over existing
  // rows once read shares as that owner and found none).
  it(
    "converts a populated table, moves a row out of the default partition and rewrites a month",
    { timeout: 180_000 },
    async () => {
      const suffix = randomUUID().replaceAll("-", "").slice(0, 10);
      const role = `chorus_owner_${suffix}`;
      const name = `chorus_owner_db_${suffix}`;
      await withAdminClient(async (admin) => {
        await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS`);
        await admin.query(`CREATE DATABASE ${name} OWNER ${role}`);
      });
      const url = new URL(databaseUrl(name));
      url.username = role;
      const owner = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }),
      });
      try {
        const q = async <R>(text: string) => (await sql.raw<R>(text).execute(owner)).rows;
        const as = (tenantId: string) => q(`SELECT set_config('app.tenant_id', '${tenantId}', false)`);
        await ensureAppRole(owner);
        const before = await new Migrator({
          db: owner,
          provider: { getMigrations: async () => migrations },
        }).migrateTo("0026-tenant-keys");
        if (before.error) throw before.error;
        const seed = async (n: string, clicks: number) => {
          const id = (k: number) => `${n}${k}111111-1111-1111-1111-111111111111`;
          await q(`INSERT INTO tenants (id, slug, name) VALUES ('${id(1)}', 'own-${n}-${suffix}', 'T')`);
          await q(`INSERT INTO users (id, email, name) VALUES ('${id(2)}', '${n}-${suffix}@x.example', 'U')`);
          await as(id(1));
          await q(
            `INSERT INTO memberships (id, tenant_id, user_id, roles) VALUES ('${id(3)}', '${id(1)}', '${id(2)}', '{employee}')`,
          );
          await q(
            `INSERT INTO posts (id, tenant_id, slug, kind, title, url, status) VALUES ('${id(4)}', '${id(1)}', 'p', 'link', 'P', 'https://x.example/', 'published')`,
          );
          await q(
            `INSERT INTO shares (id, tenant_id, post_id, membership_id, network, text, channel) VALUES ('${id(5)}', '${id(1)}', '${id(4)}', '${id(3)}', 'x', 't', 'intent')`,
          );
          await q(`INSERT INTO click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
                   SELECT '${id(1)}', '${id(5)}', 'k' || g, timestamptz '2025-02-10 10:00+00' + g * interval '1 hour', 'v', false
                   FROM generate_series(1, ${clicks}) g`);
          await as("");
          return { tenantId: id(1), shareId: id(5) };
        };
        const a = await seed("a", 20);
        const b = await seed("b", 2);
        await as(a.tenantId);
        await q(
          `INSERT INTO reach_settings (tenant_id, clicks_purged_before) VALUES ('${a.tenantId}', '2025-06-01')`,
        );
        await as("");

        await migrateToLatest(owner);

        const stored = async (tenantId: string) => {
          await as(tenantId);
          const rows = await q<{ part: string; n: string }>(
            `SELECT tableoid::regclass::text AS part, count(*) AS n FROM click_events GROUP BY 1 ORDER BY 1`,
          );
          await as("");
          return Object.fromEntries(rows.map((r) => [r.part, Number(r.n)]));
        };
        expect(await stored(a.tenantId)).toEqual({ click_events_2025_02: 20 });
        await as(a.tenantId);
        await q(`INSERT INTO click_events (tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
                 VALUES ('${a.tenantId}', '${a.shareId}', 'late', '2024-11-10 10:00+00', 'v', false)`);
        await as("");
        expect(await q(`SELECT * FROM ensure_click_partitions(3)`)).toEqual([
          { ensure_click_partitions: "click_events_2024_11" },
        ]);
        expect(await stored(a.tenantId)).toEqual({ click_events_2024_11: 1, click_events_2025_02: 20 });
        expect(await q(`SELECT * FROM drop_expired_click_partition('2025-02-01')`)).toEqual([
          { outcome: "rewritten", rows_kept: "2" },
        ]);
        expect(await q(`SELECT * FROM drop_expired_click_partition('2024-11-01')`)).toEqual([
          { outcome: "dropped", rows_kept: "0" },
        ]);
        expect(await stored(a.tenantId)).toEqual({});
        expect(await stored(b.tenantId)).toEqual({ click_events_2025_02: 2 });
      } finally {
        await owner.destroy();
        await withAdminClient(async (admin) => {
          await dropDatabase(admin, name);
          await admin.query(`DROP ROLE IF EXISTS ${role}`);
        });
      }
    },
  );
});

describe("on the embedded database (PGlite)", () => {
  let embedded: DatabaseHandle;
  beforeAll(async () => {
    embedded = await openDatabase({ pgliteDir: "memory://" });
  }, 120_000);
  afterAll(async () => {
    await embedded?.close();
  });

  it("the same migration and job: partitions ahead, a click of an old month moved out of the default partition", async () => {
    expect(await maintainClickPartitions(embedded.db)).toEqual({ created: [] });
    const link = await seedLink(embedded.db);
    await withTenant(embedded.db, link.tenantId, (tx) =>
      tx
        .insertInto("click_events")
        .values({
          tenant_id: link.tenantId,
          share_id: link.shareId,
          event_key: "old",
          clicked_at: new Date("2023-02-03T04:05:06Z"),
          visitor_hash: "v",
          is_bot: false,
          referrer_host: null,
        })
        .execute(),
    );
    expect(await maintainClickPartitions(embedded.db)).toEqual({ created: ["click_events_2023_02"] });
    const { rows } = await withTenant(embedded.db, link.tenantId, (tx) =>
      sql<{ part: string }>`SELECT tableoid::regclass::text AS part FROM click_events`.execute(tx),
    );
    expect(rows).toEqual([{ part: "click_events_2023_02" }]);
  });
});
