import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { database, openDatabase, type DatabaseHandle } from "~/db/client.ts";
import { APP_ROLE } from "~/db/rls.ts";
import { withTenant } from "~/db/tenant.ts";
import { createTestDatabase } from "~/tests/support/database.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

/**
 * Reads the catalog of the migrated database and reports every way tenant isolation could be
 * silently missing. A new tenant table without RLS, a view that runs with its owner's rights or a
 * SECURITY DEFINER function fails this test — the negative control at the bottom proves it can.
 */

/**
 * SECURITY DEFINER functions in public that are allowed: each one reads past RLS, so each is a
 * reviewed, narrow lookup. Adding one means adding it here, in review.
 *  - resolve_link_codes(text[]): code → link for exactly the codes given, before any tenant is known
 *    (the /s/:code redirect and the click drain), 0015; link_codes itself has RLS
 *  - stripe_event_payload(text): the payload of one still unprocessed webhook event, for the job
 *    that processes it, 0015; the app role cannot read the payload column
 *  - user_tenants(uuid): the tenants a signed-in person belongs to (tenant switcher), 0001-foundation
 *  - resolve_sso_domain(text): e-mail domain → the tenants that verified it and whether they require
 *    single sign-on, before any tenant is known (the sign-in page), 0029; verified rows only, for
 *    exactly the domain asked; sso_domains itself has RLS
 *  - resolve_slack_team(text): Slack workspace id → the tenant whose installation holds a live token,
 *    before any tenant is known (Slack's events, commands and interactions), 0032; installed rows
 *    only, for exactly the workspace asked; slack_installations itself has RLS
 */
/** erase_stripe_event_mentions (0024): inside an erasure, the erased member's address and name (read by the function) become the pseudonym in the current tenant's Stripe payloads; returns nothing. */
/**
 * ensure_click_partitions (0027): the app role owns no table, and the daily job must create the
 * click_events partitions of this month and the next ones (0–24 months ahead), and of months whose
 * clicks sit in the default partition; it creates nothing else and every partition it makes gets
 * forced RLS, the tenant_isolation policy and the app role's grants. Returns the names created.
 * drop_expired_click_partition (0027): retention drops one ended month's partition, and only when
 * every tenant's rows in it are before that tenant's clicks_purged_before and on no dirty day;
 * tenants that still need rows keep them (moved into a fresh partition of the month, or the month is
 * left alone). Returns an outcome and a count, never rows.
 */
const SECURITY_DEFINER_ALLOW_LIST: string[] = [
  "drop_expired_click_partition(date)",
  "ensure_click_partitions(integer)",
  "erase_stripe_event_mentions(uuid,text)",
  "resolve_link_codes(text[])",
  "resolve_slack_team(text)",
  "resolve_sso_domain(text)",
  "stripe_event_payload(text)",
  "user_tenants(uuid)",
];

/**
 * Global tables that carry a tenant_id without RLS, each reviewed.
 * stripe_events (0009-billing): a webhook event is stored before anyone knows its tenant (the job
 * finds it through Stripe and writes tenant_id afterwards, for operators); it holds Stripe's event as
 * signed: Stripe ids, and for Checkout the payer's billing contact as entered at Stripe. Since 0015
 * the app role cannot read that payload column (asserted below).
 * link_codes is no longer one: codes are unique across tenants, but since 0015 the table has RLS and
 * the code → link lookup goes through resolve_link_codes.
 */
const GLOBAL_TABLES_WITH_TENANT_ID = ["stripe_events"];

/**
 * Policies beside the tenant_isolation one that are not confined to app.tenant_id, each reviewed
 * and pinned here exactly (command, who it applies to, expressions). `roles: "owner"` means the
 * table's owner only (operators), never the app role.
 *  - job_failures.app_records_untenanted (0013): the worker records a failure whose payload names no
 *    tenant (or a deleted one) with tenant_id NULL; INSERT only, so the app role never reads,
 *    changes or deletes such rows.
 *  - job_failures.operators (0013): the owner reads every failure (`chorus job failures`), since
 *    FORCE subjects it to RLS as well.
 *  - job_failures.app_purges_untenanted (0023): the retention job deletes untenanted failures once
 *    30 days old; DELETE only, so the app role still never reads or changes them.
 */
const REVIEWED_POLICIES: Record<
  string,
  { cmd: string; roles: string; using: string | null; check: string | null }
> = {
  "job_failures.app_records_untenanted": {
    cmd: "a",
    roles: APP_ROLE,
    using: null,
    check: "(tenant_id IS NULL)",
  },
  "job_failures.operators": { cmd: "r", roles: "owner", using: "true", check: null },
  "job_failures.app_purges_untenanted": {
    cmd: "d",
    roles: APP_ROLE,
    using: "((tenant_id IS NULL) AND (failed_at < (now() - '30 days'::interval)))",
    check: null,
  },
  // link_codes.operators (0015): the owner reads every code, which is what resolve_link_codes runs as
  "link_codes.operators": { cmd: "r", roles: "owner", using: "true", check: null },
  // sso_domains.operators (0029): the owner reads every domain, which is what resolve_sso_domain runs as
  "sso_domains.operators": { cmd: "r", roles: "owner", using: "true", check: null },
  // memberships.operators (0031): the owner reads every membership, which is what user_tenants runs as
  "memberships.operators": { cmd: "r", roles: "owner", using: "true", check: null },
  // slack_installations.operators (0032): the owner reads every installation, which is what resolve_slack_team runs as
  "slack_installations.operators": { cmd: "r", roles: "owner", using: "true", check: null },
};

/**
 * Tenant tables the checker must at least find: those of 0001-foundation, and post_images (0014),
 * which holds bytes fetched from tenants' links and is served by id.
 */
const KNOWN_TENANT_TABLES = [
  "api_tokens",
  "audit_events",
  "invitations",
  "memberships",
  "post_images",
  "teams",
];

interface RlsAudit {
  /** tables (and table-like relations) in public with a tenant_id column, partitions included */
  tenantTables: string[];
  /** partitioned tables in public, each with its partitions (a partition queried by name has only its own policies) */
  partitions: Record<string, string[]>;
  /** human-readable findings; empty when isolation holds */
  problems: string[];
  /** SECURITY DEFINER functions in public, as regprocedure text */
  securityDefinerFunctions: string[];
}

// pg_get_expr renders the policy as `(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)`
const CONFINES_TO_TENANT = /\btenant_id = .*current_setting\('app\.tenant_id'/;

async function auditRls<Schema>(conn: Kysely<Schema>, appRole: string = APP_ROLE): Promise<RlsAudit> {
  const problems: string[] = [];

  const { rows: role } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    select rolsuper, rolbypassrls from pg_roles where rolname = ${appRole}`.execute(conn);
  if (role.length === 0) problems.push(`role ${appRole} does not exist`);
  for (const r of role) {
    if (r.rolsuper) problems.push(`role ${appRole} is a superuser (superusers always bypass RLS)`);
    if (r.rolbypassrls) problems.push(`role ${appRole} has BYPASSRLS`);
  }
  const { rows: inherited } = await sql<{ rolname: string }>`
    select r.rolname from pg_roles r
    where (r.rolsuper or r.rolbypassrls) and r.rolname <> ${appRole} and pg_has_role(${appRole}, r.oid, 'MEMBER')
    order by 1`.execute(conn);
  for (const r of inherited) problems.push(`role ${appRole} is a member of ${r.rolname}, which bypasses RLS`);

  const { rows: relations } = await sql<{
    relname: string;
    /** "x (partition of y)" for a partition, else relname */
    label: string;
    relkind: string;
    relrowsecurity: boolean;
    relforcerowsecurity: boolean;
    reloptions: string[] | null;
    owned_by_app: boolean;
    app_is_member_of_owner: boolean;
    has_tenant_id: boolean;
  }>`
    select c.relname,
           case when c.relispartition
                then c.relname || ' (partition of ' || (select i.inhparent::regclass::text from pg_inherits i where i.inhrelid = c.oid) || ')'
                else c.relname end as label,
           c.relkind::text as relkind, c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
           c.relowner = (select oid from pg_roles where rolname = ${appRole}) as owned_by_app,
           pg_has_role(${appRole}, c.relowner, 'MEMBER') as app_is_member_of_owner,
           exists (select 1 from pg_attribute a
                   where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped) as has_tenant_id
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    order by c.relname`.execute(conn);

  const { rows: policies } = await sql<{
    relname: string;
    polname: string;
    polcmd: string;
    polpermissive: boolean;
    using_expr: string | null;
    check_expr: string | null;
    roles: string;
    table_owner: string;
  }>`
    select c.relname, p.polname, p.polcmd::text as polcmd, p.polpermissive,
           pg_get_expr(p.polqual, p.polrelid) as using_expr, pg_get_expr(p.polwithcheck, p.polrelid) as check_expr,
           coalesce((select string_agg(case when r = 0 then 'public' else pg_get_userbyid(r) end, ',' order by 1)
                     from unnest(p.polroles) as r), '') as roles,
           pg_get_userbyid(c.relowner) as table_owner
    from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
    order by c.relname, p.polname`.execute(conn);

  const tenantTables: string[] = [];
  for (const rel of relations) {
    // The app role owning or inheriting the owner could ALTER TABLE … DISABLE ROW LEVEL SECURITY.
    if (rel.owned_by_app) problems.push(`${rel.label}: owned by ${appRole}`);
    else if (rel.app_is_member_of_owner) problems.push(`${rel.label}: ${appRole} is a member of its owner`);

    if (
      rel.relkind === "v" &&
      !(rel.reloptions ?? []).some((o) => /^security_invoker=(true|on|yes|1)$/i.test(o))
    ) {
      problems.push(
        `${rel.label}: view is not security_invoker (it reads with its owner's rights, past RLS)`,
      );
    }
    if (!rel.has_tenant_id || rel.relkind === "v" || GLOBAL_TABLES_WITH_TENANT_ID.includes(rel.relname))
      continue;
    tenantTables.push(rel.relname);
    if (rel.relkind === "m" || rel.relkind === "f") {
      problems.push(
        `${rel.label}: has tenant_id but is a ${rel.relkind === "m" ? "materialized view" : "foreign table"}, which RLS cannot protect`,
      );
      continue;
    }
    if (!rel.relrowsecurity)
      problems.push(`${rel.label}: has tenant_id but row level security is not enabled`);
    if (!rel.relforcerowsecurity)
      problems.push(`${rel.label}: row level security is not forced (the owner bypasses it)`);

    const own = policies.filter((p) => p.relname === rel.relname);
    const confining = own.some(
      (p) =>
        p.polcmd === "*" &&
        p.polpermissive &&
        p.using_expr !== null &&
        p.check_expr !== null &&
        CONFINES_TO_TENANT.test(p.using_expr) &&
        CONFINES_TO_TENANT.test(p.check_expr),
    );
    if (!confining)
      problems.push(`${rel.label}: no policy confines both USING and WITH CHECK to app.tenant_id`);
    // Permissive policies are OR-ed: one that does not confine to the tenant opens the table.
    for (const p of own.filter((p) => p.polpermissive)) {
      const reviewed = REVIEWED_POLICIES[`${p.relname}.${p.polname}`];
      if (reviewed) {
        const roles = reviewed.roles === "owner" ? p.table_owner : reviewed.roles;
        if (
          p.polcmd !== reviewed.cmd ||
          p.roles !== roles ||
          p.using_expr !== reviewed.using ||
          p.check_expr !== reviewed.check ||
          roles === "public"
        ) {
          problems.push(
            `${rel.label}: reviewed policy ${p.polname} changed: ${p.polcmd} to ${p.roles} using ${p.using_expr} check ${p.check_expr}`,
          );
        }
        continue;
      }
      for (const expr of [p.using_expr, p.check_expr]) {
        if (expr !== null && !CONFINES_TO_TENANT.test(expr)) {
          problems.push(
            `${rel.label}: permissive policy ${p.polname} is not confined to app.tenant_id: ${expr}`,
          );
          break;
        }
      }
    }
  }

  // every partition of a partitioned table in public, at any depth, wherever it lives: one outside
  // public would escape the walk above
  const { rows: inheritance } = await sql<{ parent: string; partition: string; nspname: string }>`
    with recursive tree as (
      select i.inhparent as root, i.inhrelid as child from pg_inherits i
      join pg_class p on p.oid = i.inhparent join pg_namespace n on n.oid = p.relnamespace
      where p.relkind = 'p' and n.nspname = 'public'
      union all
      select t.root, i.inhrelid from tree t join pg_inherits i on i.inhparent = t.child
    )
    select r.relname as parent, c.relname as partition, n.nspname
    from tree t join pg_class r on r.oid = t.root join pg_class c on c.oid = t.child
    join pg_namespace n on n.oid = c.relnamespace
    order by 1, 2`.execute(conn);
  const partitions: Record<string, string[]> = {};
  for (const row of inheritance) {
    (partitions[row.parent] ??= []).push(row.partition);
    if (row.nspname !== "public")
      problems.push(
        `${row.nspname}.${row.partition}: partition of ${row.parent} outside public, not audited`,
      );
  }

  const { rows: functions } = await sql<{
    signature: string;
    secdef: boolean;
    owned_by_app: boolean;
    config: string[] | null;
  }>`
    select p.oid::regprocedure::text as signature, p.prosecdef as secdef, p.proconfig as config,
           p.proowner = (select oid from pg_roles where rolname = ${appRole}) as owned_by_app
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'
    order by 1`.execute(conn);
  for (const f of functions) {
    if (f.owned_by_app) problems.push(`${f.signature}: function owned by ${appRole}`);
    // Without a pinned search_path the caller decides which tables the owner's rights apply to.
    if (f.secdef && !(f.config ?? []).some((c) => c.startsWith("search_path="))) {
      problems.push(`${f.signature}: SECURITY DEFINER without a pinned search_path`);
    }
  }

  const { rows: schema } = await sql<{ owned_by_app: boolean }>`
    select nspowner = (select oid from pg_roles where rolname = ${appRole}) as owned_by_app
    from pg_namespace where nspname = 'public'`.execute(conn);
  if (schema[0]?.owned_by_app) problems.push(`schema public: owned by ${appRole}`);

  return {
    tenantTables,
    partitions,
    problems,
    securityDefinerFunctions: functions.filter((f) => f.secdef).map((f) => f.signature),
  };
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

describe.each(backends)("row level security in the migrated catalog ($name)", (backend) => {
  let audit: RlsAudit;
  let close: () => Promise<void>;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    const opened = await backend.open();
    close = opened.close;
    handle = opened.handle;
    // read as the app role: the catalog is what the app itself runs against
    audit = await auditRls(opened.handle.db);
  });
  afterAll(async () => {
    await close?.();
  });

  it("finds the tenant tables (the checker is not looking at an empty schema)", () => {
    expect(audit.tenantTables).toEqual(expect.arrayContaining(KNOWN_TENANT_TABLES));
  });

  it("every tenant table has forced RLS and a policy confining USING and WITH CHECK to app.tenant_id; the app role owns nothing and bypasses nothing; views are security_invoker", () => {
    expect(audit.problems).toEqual([]);
  });

  it("click_events is partitioned (0027) and each of its partitions is audited as a tenant table of its own", () => {
    const parts = audit.partitions["click_events"] ?? [];
    const month = (ahead: number) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + ahead);
      return `click_events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    };
    expect(parts).toEqual(expect.arrayContaining(["click_events_default", month(0), month(3)]));
    expect(audit.tenantTables).toEqual(expect.arrayContaining(["click_events", ...parts]));
  });

  it("job_failures (0013) and link_codes (0015) are audited as tenant tables, not global ones", () => {
    expect(audit.tenantTables).toEqual(expect.arrayContaining(["job_failures", "link_codes"]));
  });

  it("SECURITY DEFINER functions in public are exactly the reviewed allow-list", () => {
    expect(audit.securityDefinerFunctions).toEqual(SECURITY_DEFINER_ALLOW_LIST);
  });

  it("the app role reads, inserts and updates tenants but cannot delete or truncate one (migration 0034)", async () => {
    const { rows } = await sql<Record<string, boolean>>`
      select has_table_privilege(${APP_ROLE}, 'tenants', 'SELECT') as select,
             has_table_privilege(${APP_ROLE}, 'tenants', 'INSERT') as insert,
             has_table_privilege(${APP_ROLE}, 'tenants', 'UPDATE') as update,
             has_table_privilege(${APP_ROLE}, 'tenants', 'DELETE') as delete,
             has_table_privilege(${APP_ROLE}, 'tenants', 'TRUNCATE') as truncate`.execute(handle.db);
    expect(rows[0]).toEqual({ select: true, insert: true, update: true, delete: false, truncate: false });
  });
});

describe("what the app role may do with the global tables (0015)", () => {
  let db: DatabaseHandle["db"];
  let tenantA: string;
  let tenantB: string;
  let code: string;
  const pendingEvent = `evt_${uniqueId()}`;
  const processedEvent = `evt_${uniqueId()}`;
  const payload = {
    id: pendingEvent,
    data: { object: { customer_details: { email: "payer@firma.example" } } },
  };

  beforeAll(async () => {
    db = (await database()).db;
    tenantA = (await createTenant(db)).id;
    tenantB = (await createTenant(db)).id;
    const sharer = await createUser(db);
    const member = await addMember(db, tenantA, sharer.id, ["employee"]);
    code = `c${uniqueId()}`;
    await withTenant(db, tenantA, async (tx) => {
      const { rows: posts } = await sql<{ id: string }>`
        insert into posts (tenant_id, slug, kind, title, url, status)
        values (${tenantA}, ${`p-${uniqueId()}`}, 'link', 'Post', 'https://firma.example/', 'published') returning id`.execute(
        tx,
      );
      const { rows: shares } = await sql<{ id: string }>`
        insert into shares (tenant_id, post_id, membership_id, network, text, channel, code)
        values (${tenantA}, ${posts[0]!.id}, ${member.id}, 'linkedin', 'Lesenswert', 'intent', ${code}) returning id`.execute(
        tx,
      );
      await sql`insert into link_codes (code, tenant_id, share_id, sharer_user_id, destination)
        values (${code}, ${tenantA}, ${shares[0]!.id}, ${sharer.id}, 'https://firma.example/?utm_source=linkedin')`.execute(
        tx,
      );
    });
    // as webhook intake stores events: before anyone knows the tenant
    for (const id of [pendingEvent, processedEvent]) {
      await sql`insert into stripe_events (id, type, payload, stripe_created_at) values (${id}, 'checkout.session.completed', ${JSON.stringify({ ...payload, id })}::jsonb, now())`.execute(
        db,
      );
    }
    await sql`update stripe_events set processed_at = now(), tenant_id = ${tenantA}, outcome = 'done' where id = ${processedEvent}`.execute(
      db,
    );
  });

  const linkCodeCount = async (tenantId: string | null) => {
    const read = (conn: Kysely<unknown>) =>
      sql<{ n: string }>`select count(*) as n from link_codes where code = ${code}`.execute(conn);
    const { rows } = tenantId
      ? await withTenant(db, tenantId, (tx) => read(tx as never))
      : await read(db as never);
    return Number(rows[0]!.n);
  };

  it("link_codes: no row without the tenant setting, none under another tenant, its own under its tenant", async () => {
    expect(await linkCodeCount(null)).toBe(0);
    expect(await linkCodeCount(tenantB)).toBe(0);
    expect(await linkCodeCount(tenantA)).toBe(1);
    expect(
      Number((await sql<{ n: string }>`select count(*) as n from link_codes`.execute(db)).rows[0]!.n),
    ).toBe(0);
  });

  it("link_codes: no insert without the tenant setting or for another tenant", async () => {
    const row = await db.selectFrom("shares").select("id").where("code", "=", code).executeTakeFirst();
    expect(row).toBeUndefined(); // shares is a tenant table too: the ids below come from the owner
    const { rows } = await sql<{
      share_id: string;
      sharer_user_id: string;
    }>`select share_id, sharer_user_id from link_codes where code = ${code}`.execute(
      (await database()).owner,
    );
    const values = (
      c: string,
    ) => sql`insert into link_codes (code, tenant_id, share_id, sharer_user_id, destination)
      values (${c}, ${tenantA}, ${rows[0]!.share_id}, ${rows[0]!.sharer_user_id}, 'https://evil.example/')`;
    await expect(values(`x${uniqueId()}`).execute(db)).rejects.toThrow(/row-level security/);
    await expect(withTenant(db, tenantB, (tx) => values(`y${uniqueId()}`).execute(tx))).rejects.toThrow(
      /row-level security/,
    );
  });

  it("resolve_link_codes answers exactly the codes asked for, whatever the tenant", async () => {
    const { rows } = await sql<{ code: string; tenant_id: string; destination: string }>`
      select code, tenant_id, destination from resolve_link_codes(${[code, "unknown-code", `c${uniqueId()}`]}::text[])`.execute(
      db,
    );
    expect(rows).toEqual([
      { code, tenant_id: tenantA, destination: "https://firma.example/?utm_source=linkedin" },
    ]);
    expect((await sql`select * from resolve_link_codes(${[]}::text[])`.execute(db)).rows).toEqual([]);
  });

  it("stripe_events: the app role reads no payload, changes none, deletes nothing", async () => {
    await expect(sql`select payload from stripe_events limit 1`.execute(db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`select * from stripe_events limit 1`.execute(db)).rejects.toThrow(/permission denied/);
    await expect(
      sql`update stripe_events set payload = '{}'::jsonb where id = ${pendingEvent}`.execute(db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`delete from stripe_events where id = ${pendingEvent}`.execute(db)).rejects.toThrow(
      /permission denied/,
    );
    // what intake and processing need is still there
    const { rows } = await sql<{ id: string; processed: boolean }>`
      select id, processed_at is not null as processed from stripe_events where id in (${pendingEvent}, ${processedEvent}) order by processed`.execute(
      db,
    );
    expect(rows).toEqual([
      { id: pendingEvent, processed: false },
      { id: processedEvent, processed: true },
    ]);
  });

  it("stripe_event_payload gives the payload of one unprocessed event only", async () => {
    const payloadOf = async (id: string) =>
      (await sql<{ p: unknown }>`select stripe_event_payload(${id}) as p`.execute(db)).rows[0]!.p;
    expect(await payloadOf(pendingEvent)).toEqual(payload);
    expect(await payloadOf(processedEvent)).toBeNull();
    expect(await payloadOf("evt_unknown")).toBeNull();
  });

  it("the catalog: privileges of the app role on both tables, and the two functions are not PUBLIC's", async () => {
    const { rows } = await sql<Record<string, boolean>>`
      select has_table_privilege(${APP_ROLE}, 'stripe_events', 'SELECT') as events_select,
             has_column_privilege(${APP_ROLE}, 'stripe_events', 'payload', 'SELECT') as events_payload_select,
             has_column_privilege(${APP_ROLE}, 'stripe_events', 'payload', 'UPDATE') as events_payload_update,
             has_table_privilege(${APP_ROLE}, 'stripe_events', 'DELETE') as events_delete,
             has_table_privilege(${APP_ROLE}, 'stripe_events', 'INSERT') as events_insert,
             has_column_privilege(${APP_ROLE}, 'stripe_events', 'processed_at', 'UPDATE') as events_processed_update,
             (select relrowsecurity and relforcerowsecurity from pg_class where oid = 'link_codes'::regclass) as link_codes_forced_rls,
             exists (select 1 from pg_proc p, aclexplode(p.proacl) a
                     where p.proname in ('resolve_link_codes', 'stripe_event_payload') and a.grantee = 0) as functions_public,
             has_function_privilege(${APP_ROLE}, 'resolve_link_codes(text[])', 'EXECUTE') as app_resolves,
             has_function_privilege(${APP_ROLE}, 'stripe_event_payload(text)', 'EXECUTE') as app_reads_payload`.execute(
      db,
    );
    expect(rows[0]).toEqual({
      events_select: false,
      events_payload_select: false,
      events_payload_update: false,
      events_delete: false,
      events_insert: true,
      events_processed_update: true,
      link_codes_forced_rls: true,
      functions_public: false,
      app_resolves: true,
      app_reads_payload: true,
    });
  });
});

describe("negative control: the checker reports the holes it exists to find", () => {
  let throwaway: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    throwaway = await createTestDatabase();
  });
  afterAll(async () => {
    await throwaway?.drop();
  });

  it("reports a tenant table without RLS, half-done RLS, an open permissive policy, an owner-rights view, an app-owned table and a SECURITY DEFINER function", async () => {
    const owner = throwaway.handle.owner;
    const tenantPolicy = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;
    for (const statement of [
      `CREATE TABLE leak (tenant_id uuid)`,
      `CREATE TABLE half (tenant_id uuid)`,
      `ALTER TABLE half ENABLE ROW LEVEL SECURITY`,
      `CREATE POLICY only_using ON half USING (${tenantPolicy})`,
      `CREATE TABLE open_door (tenant_id uuid)`,
      `ALTER TABLE open_door ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE open_door FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON open_door USING (${tenantPolicy}) WITH CHECK (${tenantPolicy})`,
      `CREATE POLICY everyone_reads ON open_door FOR SELECT USING (true)`,
      `CREATE VIEW member_overview AS SELECT id, tenant_id FROM memberships`,
      `CREATE TABLE app_scratch (x int)`,
      `ALTER TABLE app_scratch OWNER TO ${APP_ROLE}`,
      `CREATE FUNCTION peek_any_tenant() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'select count(*) from memberships'`,
      // a partitioned table with forced RLS whose partition has none: the parent's policy does not
      // apply when the partition is queried by name
      `CREATE TABLE parted (tenant_id uuid NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)`,
      `ALTER TABLE parted ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE parted FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON parted USING (${tenantPolicy}) WITH CHECK (${tenantPolicy})`,
      `CREATE TABLE parted_2020 PARTITION OF parted FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')`,
    ]) {
      await sql.raw(statement).execute(owner);
    }

    const audit = await auditRls(throwaway.handle.db);

    expect(audit.tenantTables).toEqual(
      expect.arrayContaining(["leak", "half", "open_door", "parted", "parted_2020", ...KNOWN_TENANT_TABLES]),
    );
    expect(audit.problems).toEqual([
      "app_scratch: owned by chorus_app",
      "half: row level security is not forced (the owner bypasses it)",
      "half: no policy confines both USING and WITH CHECK to app.tenant_id",
      "leak: has tenant_id but row level security is not enabled",
      "leak: row level security is not forced (the owner bypasses it)",
      "leak: no policy confines both USING and WITH CHECK to app.tenant_id",
      "member_overview: view is not security_invoker (it reads with its owner's rights, past RLS)",
      "open_door: permissive policy everyone_reads is not confined to app.tenant_id: true",
      "parted_2020 (partition of parted): has tenant_id but row level security is not enabled",
      "parted_2020 (partition of parted): row level security is not forced (the owner bypasses it)",
      "parted_2020 (partition of parted): no policy confines both USING and WITH CHECK to app.tenant_id",
      "peek_any_tenant(): SECURITY DEFINER without a pinned search_path",
    ]);
    expect(audit.partitions["parted"]).toEqual(["parted_2020"]);
    expect(audit.securityDefinerFunctions).not.toEqual(SECURITY_DEFINER_ALLOW_LIST);
    expect(audit.securityDefinerFunctions).toEqual(
      [...SECURITY_DEFINER_ALLOW_LIST, "peek_any_tenant()"].sort(),
    );

    // and the fixes are recognised: security_invoker views pass
    await sql.raw(`ALTER VIEW member_overview SET (security_invoker = true)`).execute(owner);
    expect((await auditRls(throwaway.handle.db)).problems).not.toContainEqual(
      expect.stringMatching(/^member_overview:/),
    );
  });
});
