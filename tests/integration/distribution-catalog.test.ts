import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { database, openDatabase, type DatabaseHandle } from "~/db/client.ts";
import { addMember, createTenant, createUser } from "~/tests/support/factories.ts";

/**
 * Reads the catalog of the migrated database and reports every way the schema would stop a sharded
 * PostgreSQL (Citus, tables distributed by tenant_id and colocated) from taking it as it is (0026):
 * a tenant table whose primary key or a unique constraint/index lacks tenant_id, a foreign key
 * between tenant tables without tenant_id on both sides, a nullable tenant_id, a table that is
 * neither a tenant table nor one of the named global ones. The negative control at the bottom
 * proves the checker reports each.
 */

/**
 * Distributed by tenant_id, all colocated (one shard holds all of one tenant's rows of every
 * table, so joins and foreign keys between them stay on one node). Every table of public with a
 * tenant_id column except the global ones below; the test fails when the catalog and this list
 * differ (a new tenant table is added here, in review). Partitions are not listed: they follow
 * their parent.
 */
export const DISTRIBUTED_TABLES: string[] = [
  "advocacy_consents",
  "api_tokens",
  "audit_events",
  "badges",
  "billing_accounts",
  "captions",
  "chat_channel_topics",
  "chat_channels",
  "chat_deliveries",
  "chat_digest_subscriptions",
  "click_events",
  "click_holds",
  "credit_access_log",
  "credit_statements",
  "data_exports",
  "digest_preferences",
  "digest_sends",
  "disclosure_labels",
  "erasures",
  "escalations",
  "figure_runs",
  "goal_agreements",
  "goal_objectives",
  "guideline_acknowledgements",
  "guidelines",
  "identity_providers",
  "invitations",
  "kudos",
  "linkedin_apps",
  "linkedin_connections",
  "memberships",
  "onboarding_completions",
  "points_ledger",
  "points_rules",
  "post_approvals",
  "post_images",
  "post_teams",
  "post_topics",
  "post_transitions",
  "post_versions",
  "posts",
  "privacy_settings",
  "reach_daily",
  "reach_dirty_days",
  "reach_period_figures",
  "reach_periods",
  "reach_settings",
  "recognition_preferences",
  "recognition_settings",
  "retention_runs",
  "share_metrics",
  "shares",
  "slack_installations",
  "social_profiles",
  "sso_domains",
  "sso_identities",
  "suggestions",
  "teams",
  "topics",
];

/**
 * Global tables: one copy, replicated to every node in Citus (reference tables). Each with why it
 * is global. Tenant tables may reference them (a foreign key from a distributed table to a
 * reference table is allowed); they may not reference tenant tables (see CITUS_BLOCKERS).
 */
export const REFERENCE_TABLES: Record<string, string> = {
  tenants: "the tenants themselves: every tenant table's tenant_id references it",
  users: "a person signs in once and may belong to several tenants",
  sessions: "a signed-in person's session, before any tenant is chosen",
  sign_in_tokens: "sign-in links by e-mail address, before the tenant is known",
  member_ip_keys: "per person and day (sign-in IPs, for telling a sharer's own clicks), across tenants",
  click_salts: "the day's salt for visitor hashes, the same for every tenant",
  click_inbox: "clicks while Redis is down, before their code is resolved to a tenant",
  // global by nature although they carry a tenant_id:
  stripe_events:
    "Stripe webhook events are stored before their tenant is known (tenant_id nullable, written afterwards)",
  job_failures: "a failed job may name no tenant (tenant_id nullable)",
  link_codes:
    "code → link for the /s/:code redirect and the click drain, before any tenant is known; codes unique across tenants (primary key code)",
};

/**
 * Coordinator-local tables in Citus: neither distributed nor replicated.
 */
export const LOCAL_TABLES: Record<string, string> = {
  kysely_migration: "the migrator's record of applied migrations",
  kysely_migration_lock: "the migrator's lock",
};

/** The global tables that carry a tenant_id (nullable or not): skipped by the tenant table checks. */
export const GLOBAL_TABLES_WITH_TENANT_ID = ["job_failures", "link_codes", "stripe_events"];

/**
 * What would still stop Citus, by constraint name, each reviewed. A foreign key from a reference
 * table to a distributed one is not allowed there.
 *  - link_codes_share_id_fkey: (tenant_id, share_id) → shares (tenant_id, id) ON DELETE CASCADE.
 *    In Citus it is dropped, and deleting a share deletes its link code explicitly.
 */
export const CITUS_BLOCKERS = ["link_codes_share_id_fkey"];

/**
 * Tenant tables without a foreign key to tenants, and the trigger on tenants that deletes their rows
 * instead (every other tenant table has tenant_id → tenants ON DELETE CASCADE).
 *  - reach_daily (0033, decision 0038): derived, written in bulk by the rollup; the per-row check cost
 *    a fifth of a full rollup.
 */
export const DELETED_BY_TRIGGER: Record<string, string> = { reach_daily: "tenants_forget_reach_daily" };

interface DistributionAudit {
  /** tables of public with a tenant_id column that are not global */
  tenantTables: string[];
  /** tables of public without a tenant_id column, and the global ones with one */
  globalTables: string[];
  /** human-readable findings; empty when the schema is distribution-ready */
  problems: string[];
}

interface Lists {
  distributed: string[];
  global: string[];
  globalWithTenantId: string[];
  blockers: string[];
  deletedByTrigger: Record<string, string>;
}

const LISTS: Lists = {
  distributed: DISTRIBUTED_TABLES,
  global: [...Object.keys(REFERENCE_TABLES), ...Object.keys(LOCAL_TABLES)],
  globalWithTenantId: GLOBAL_TABLES_WITH_TENANT_ID,
  blockers: CITUS_BLOCKERS,
  deletedByTrigger: DELETED_BY_TRIGGER,
};

async function auditDistribution<Schema>(
  conn: Kysely<Schema>,
  lists: Lists = LISTS,
): Promise<DistributionAudit> {
  const problems: string[] = [];

  const { rows: tables } = await sql<{
    relname: string;
    tenant_attnum: number | null;
    tenant_not_null: boolean | null;
  }>`
    select c.relname, a.attnum as tenant_attnum, a.attnotnull as tenant_not_null
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(conn);

  const tenantTables: string[] = [];
  const globalTables: string[] = [];
  for (const t of tables) {
    if (t.tenant_attnum === null || lists.globalWithTenantId.includes(t.relname)) {
      globalTables.push(t.relname);
      if (!lists.global.includes(t.relname))
        problems.push(`${t.relname}: a global table that is not named as reference or local table`);
      continue;
    }
    tenantTables.push(t.relname);
    if (!t.tenant_not_null) problems.push(`${t.relname}: tenant_id is nullable`);
    if (!lists.distributed.includes(t.relname))
      problems.push(`${t.relname}: a tenant table missing from the distributed tables`);
  }
  for (const name of lists.distributed) {
    if (!tenantTables.includes(name)) problems.push(`${name}: listed as distributed but is no tenant table`);
  }
  for (const name of lists.global) {
    if (!globalTables.includes(name)) problems.push(`${name}: listed as global but is no global table`);
  }

  // primary keys, unique constraints and unique indexes (partial and expression ones too), by key columns
  const { rows: uniques } = await sql<{
    relname: string;
    indexname: string;
    is_primary: boolean;
    key_columns: string[];
  }>`
    select c.relname, ic.relname as indexname, i.indisprimary as is_primary,
           array(select coalesce(a.attname::text, '(expression)')
                 from unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) with ordinality k(attnum, ord)
                 left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                 order by k.ord) as key_columns
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and i.indisunique and not c.relispartition
    order by c.relname, ic.relname`.execute(conn);
  for (const t of tenantTables) {
    const own = uniques.filter((u) => u.relname === t);
    if (!own.some((u) => u.is_primary)) problems.push(`${t}: no primary key`);
    for (const u of own) {
      if (!u.key_columns.includes("tenant_id")) {
        problems.push(
          `${t}: ${u.is_primary ? "primary key" : "unique index"} ${u.indexname} (${u.key_columns.join(", ")}) lacks tenant_id`,
        );
      }
    }
  }

  // foreign keys: pairs of (referencing column, referenced column), and the ON DELETE SET NULL/DEFAULT columns
  const { rows: fks } = await sql<{
    conname: string;
    relname: string;
    refname: string;
    pairs: string[];
    deltype: string;
    delsetcols: string[] | null;
  }>`
    select k.conname, c.relname, r.relname as refname, k.confdeltype::text as deltype,
           array(select a.attname || '=' || b.attname
                 from unnest(k.conkey, k.confkey) with ordinality p(col, refcol, ord)
                 join pg_attribute a on a.attrelid = k.conrelid and a.attnum = p.col
                 join pg_attribute b on b.attrelid = k.confrelid and b.attnum = p.refcol
                 order by p.ord) as pairs,
           (select array_agg(a.attname::text) from unnest(k.confdelsetcols) s(col)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = s.col) as delsetcols
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'f' and not c.relispartition and k.conparentid = 0
    order by c.relname, k.conname`.execute(conn);
  for (const fk of fks) {
    const from = tenantTables.includes(fk.relname);
    const to = tenantTables.includes(fk.refname);
    if (!to) continue; // to a global table: allowed from anywhere
    if (!from) {
      if (!lists.blockers.includes(fk.conname))
        problems.push(
          `${fk.relname}: foreign key ${fk.conname} from a global table to tenant table ${fk.refname}`,
        );
      continue;
    }
    if (!fk.pairs.includes("tenant_id=tenant_id")) {
      problems.push(
        `${fk.relname}: foreign key ${fk.conname} to ${fk.refname} (${fk.pairs.join(", ")}) lacks tenant_id on both sides`,
      );
      continue;
    }
    // SET NULL / SET DEFAULT without a column list would set tenant_id too
    if (
      (fk.deltype === "n" || fk.deltype === "d") &&
      (fk.delsetcols ?? ["tenant_id"]).includes("tenant_id")
    ) {
      problems.push(
        `${fk.relname}: foreign key ${fk.conname} ON DELETE SET NULL/DEFAULT would set tenant_id`,
      );
    }
  }
  for (const name of lists.blockers) {
    if (!fks.some((fk) => fk.conname === name))
      problems.push(`${name}: listed as a blocker but does not exist`);
  }

  // every tenant table goes with its tenant: tenant_id → tenants ON DELETE CASCADE, or a cascading
  // (tenant_id, …) key to a tenant table that goes, or an enabled trigger on tenants that deletes its
  // rows (DELETED_BY_TRIGGER)
  const { rows: tenantTriggers } = await sql<{ tgname: string }>`
    select tgname from pg_trigger
    where tgrelid = 'public.tenants'::regclass and not tgisinternal and tgenabled <> 'D'`.execute(conn);
  const cascadesTo = (t: string, parents: (ref: string) => boolean) =>
    fks.some(
      (fk) =>
        fk.relname === t &&
        fk.deltype === "c" &&
        parents(fk.refname) &&
        (fk.refname === "tenants"
          ? fk.pairs.join() === "tenant_id=id"
          : fk.pairs.includes("tenant_id=tenant_id")),
    );
  const goes = new Set<string>();
  for (const t of tenantTables) {
    const keyed = cascadesTo(t, (ref) => ref === "tenants");
    const trigger = lists.deletedByTrigger[t];
    if (keyed && trigger !== undefined)
      problems.push(`${t}: listed as deleted by trigger but has the foreign key`);
    if (trigger !== undefined && !keyed && !tenantTriggers.some((r) => r.tgname === trigger))
      problems.push(`${t}: no enabled trigger ${trigger} on tenants deletes its rows`);
    else if (keyed || trigger !== undefined) goes.add(t);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const t of tenantTables) {
      if (goes.has(t) || !cascadesTo(t, (ref) => goes.has(ref))) continue;
      goes.add(t);
      grew = true;
    }
  }
  for (const t of tenantTables) {
    if (!goes.has(t) && !(t in lists.deletedByTrigger))
      problems.push(`${t}: tenant_id does not reference tenants ON DELETE CASCADE`);
  }

  return { tenantTables, globalTables, problems };
}

const backends: { name: string; open(): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> }[] = [
  {
    name: "postgres",
    async open() {
      const handle = await database(); // this file's clone of the migrated template
      expect(handle.kind).toBe("postgres");
      return { handle, close: async () => {} }; // closed by integration-setup
    },
  },
  {
    name: "pglite",
    async open() {
      const handle = await openDatabase({ pgliteDir: "memory://" });
      return { handle, close: () => handle.close() };
    },
  },
];

describe.each(backends)("distribution-ready keys in the migrated catalog ($name)", (backend) => {
  let audit: DistributionAudit;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await backend.open();
    close = opened.close;
    audit = await auditDistribution(opened.handle.owner);
  });
  afterAll(async () => {
    await close?.();
  });

  it("finds the tenant and the global tables (the checker is not looking at an empty schema)", () => {
    expect(audit.tenantTables).toEqual(
      expect.arrayContaining(["memberships", "shares", "click_events", "goal_agreements"]),
    );
    expect(audit.globalTables).toEqual(expect.arrayContaining(["users", "tenants", "link_codes"]));
  });

  it("every tenant table's keys and foreign keys carry tenant_id, tenant_id is never null, every global table is named", () => {
    expect(audit.problems).toEqual([]);
  });
});

describe("negative control: the checker reports what would block distribution", () => {
  it("reports a key, a unique index and foreign keys without tenant_id, a nullable tenant_id, a missing primary key, unnamed tables", async () => {
    const { owner } = await database();
    // the bad tables live in a transaction that is rolled back
    await expect(
      owner.transaction().execute(async (tx) => {
        // what the schema already has is not the checker's finding here (the test above reports it)
        const before = (await auditDistribution(tx)).problems;
        await sql`create table scratch_parent (id uuid primary key, tenant_id uuid not null, code text,
          unique (tenant_id, id))`.execute(tx);
        await sql`create unique index scratch_parent_code on scratch_parent (code) where code is not null`.execute(
          tx,
        );
        // no primary key (a primary key on tenant_id would make it NOT NULL)
        await sql`create table scratch_child (id uuid not null, tenant_id uuid, parent_id uuid,
          other_id uuid, unique (tenant_id, id),
          foreign key (parent_id) references scratch_parent (id),
          foreign key (tenant_id, other_id) references scratch_parent (tenant_id, id) on delete set null)`.execute(
          tx,
        );
        await sql`create table scratch_global (id uuid primary key)`.execute(tx);
        const lists: Lists = { ...LISTS, distributed: [...DISTRIBUTED_TABLES, "scratch_parent"] };
        const problems = (await auditDistribution(tx, lists)).problems.filter((p) => !before.includes(p));
        expect(problems).toEqual(
          expect.arrayContaining([
            "scratch_parent: primary key scratch_parent_pkey (id) lacks tenant_id",
            "scratch_parent: unique index scratch_parent_code (code) lacks tenant_id",
            "scratch_child: tenant_id is nullable",
            "scratch_child: a tenant table missing from the distributed tables",
            "scratch_child: no primary key",
            expect.stringMatching(
              /^scratch_child: foreign key \S+ to scratch_parent \(parent_id=id\) lacks tenant_id/,
            ),
            expect.stringMatching(
              /^scratch_child: foreign key \S+ ON DELETE SET NULL\/DEFAULT would set tenant_id$/,
            ),
            "scratch_global: a global table that is not named as reference or local table",
            "scratch_parent: tenant_id does not reference tenants ON DELETE CASCADE",
            "scratch_child: tenant_id does not reference tenants ON DELETE CASCADE",
          ]),
        );
        expect(problems).toHaveLength(10);
        // a table deleted by a trigger that is switched off, or that has the key after all
        await sql`ALTER TABLE tenants DISABLE TRIGGER tenants_forget_reach_daily`.execute(tx);
        const untriggered = await auditDistribution(tx, {
          ...lists,
          deletedByTrigger: { ...DELETED_BY_TRIGGER, memberships: "tenants_forget_reach_daily" },
        });
        expect(untriggered.problems).toEqual(
          expect.arrayContaining([
            "reach_daily: no enabled trigger tenants_forget_reach_daily on tenants deletes its rows",
            "memberships: listed as deleted by trigger but has the foreign key",
          ]),
        );
        // and a global table pointing into a tenant table, unless it is a reviewed blocker
        const withoutBlockers = await auditDistribution(tx, { ...lists, blockers: [] });
        expect(withoutBlockers.problems).toContain(
          "link_codes: foreign key link_codes_share_id_fkey from a global table to tenant table shares",
        );
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });
});

describe("foreign keys carry the tenant (0026)", () => {
  it("no row points at another tenant's row, even past RLS; deleting a manager nulls manager_id and keeps tenant_id", async () => {
    const { db, owner } = await database();
    const tenantA = (await createTenant(db)).id;
    const tenantB = (await createTenant(db)).id;
    const manager = await addMember(db, tenantA, (await createUser(db)).id, ["manager"]);
    const employee = await addMember(db, tenantA, (await createUser(db)).id, ["employee"], {
      managerId: manager.id,
    });
    // as the owner (a superuser here: past RLS), a membership of tenant B managed by one of tenant A
    await expect(
      sql`insert into memberships (tenant_id, user_id, roles, manager_id)
        values (${tenantB}, ${(await createUser(db)).id}, ${["employee"]}, ${manager.id})`.execute(owner),
    ).rejects.toThrow(/violates foreign key constraint "memberships_manager_id_fkey"/);

    await sql`delete from memberships where tenant_id = ${tenantA} and id = ${manager.id}`.execute(owner);
    const { rows } = await sql<{ tenant_id: string; manager_id: string | null }>`
      select tenant_id, manager_id from memberships where id = ${employee.id}`.execute(owner);
    expect(rows).toEqual([{ tenant_id: tenantA, manager_id: null }]);
  });
});

class Rollback extends Error {}
