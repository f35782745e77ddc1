import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOwner, database, openDatabase, type DatabaseHandle } from "~/db/client.ts";
import {
  buildDataMap,
  DEFAULT_DATA_MAP_SETTINGS,
  NOT_PERSONAL_TABLES,
} from "~/app/modules/privacy/data-map.ts";
import { DATA_MAP_LIFETIMES } from "~/app/modules/privacy/data-map.server.ts";
import { CLICK_REVIEW_PERMISSION } from "~/app/modules/recognition/click-credit.server.ts";
import { ROLES } from "~/db/schema.ts";

/**
 * The data map cannot drift from the schema: every table of the migrated database is named as
 * storage by some category of the map, or is on NOT_PERSONAL_TABLES (data-map.ts, each commented).
 * A table on that list must not reference a person (no foreign key to users or memberships). A
 * new table, or a person's column added to a "not personal" table, fails here until the map says
 * where it is shown and how long it is kept. The negative control at the bottom proves it can fail.
 */

const map = buildDataMap(DEFAULT_DATA_MAP_SETTINGS, DATA_MAP_LIFETIMES);
const MAPPED = new Set(map.rows.flatMap((r) => r.tables));

async function catalogProblems<S>(conn: Kysely<S>): Promise<{ tables: string[]; problems: string[] }> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'f', 'm') and not c.relispartition
    order by 1`.execute(conn);
  const tables = rows.map((r) => r.relname);
  const problems: string[] = [];
  for (const t of tables) {
    if (!MAPPED.has(t) && !NOT_PERSONAL_TABLES.includes(t))
      problems.push(`${t}: neither storage of a data map category nor on NOT_PERSONAL_TABLES`);
  }
  for (const t of [...MAPPED, ...NOT_PERSONAL_TABLES])
    if (!tables.includes(t)) problems.push(`${t}: named by the data map but not in the schema`);
  for (const t of NOT_PERSONAL_TABLES)
    if (MAPPED.has(t)) problems.push(`${t}: both mapped and on NOT_PERSONAL_TABLES`);
  // a "not personal" table that points at a person is personal
  const { rows: refs } = await sql<{ relname: string; target: string }>`
    select c.relname, t.relname as target from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class t on t.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'f' and t.relname in ('users', 'memberships')
    order by 1, 2`.execute(conn);
  for (const r of refs)
    if (NOT_PERSONAL_TABLES.includes(r.relname))
      problems.push(`${r.relname}: on NOT_PERSONAL_TABLES but references ${r.target}`);
  return { tables, problems };
}

const backends: { name: string; open(): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> }[] = [
  { name: "postgres", open: async () => ({ handle: await database(), close: async () => {} }) },
  {
    name: "pglite",
    async open() {
      const handle = await openDatabase({ pgliteDir: "memory://" });
      return { handle, close: () => handle.close() };
    },
  },
];

describe.each(backends)("the data map names every table of the migrated schema ($name)", (backend) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ handle, close } = await backend.open());
  });
  afterAll(async () => {
    await close?.();
  });

  it("every table is a category's storage or listed as holding nothing personal, and every named table exists", async () => {
    const { tables, problems } = await catalogProblems(handle.owner);
    expect(tables.length).toBeGreaterThan(50);
    expect(tables).toEqual(
      expect.arrayContaining(["users", "memberships", "credit_statements", "erasures", "stripe_events"]),
    );
    expect(problems).toEqual([]);
  });

  it("names where issue 16's tables are (0029-sso-scim): the SSO binding, the provider's author, the domains as not personal", async () => {
    const { tables } = await catalogProblems(handle.owner);
    expect(tables).toEqual(expect.arrayContaining(["sso_identities", "identity_providers", "sso_domains"]));
    expect(map.rows.find((r) => r.id === "sso_identities")!.tables).toEqual(["sso_identities"]);
    expect(map.rows.find((r) => r.id === "authorship")!.tables).toContain("identity_providers");
    expect(NOT_PERSONAL_TABLES).toContain("sso_domains");
    // the directory's id is a column of memberships, listed as its own category
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
       where table_schema = 'public' and table_name = 'memberships' and column_name = 'scim_external_id'`.execute(
      handle.owner,
    );
    expect(rows).toHaveLength(1);
    expect(map.rows.find((r) => r.id === "directory_ids")!.tables).toEqual(["memberships"]);
  });
});

describe("issue 17's tables (0032-chat-integrations)", () => {
  it("the personal Slack digest is a category of its own; channels and the workspace are authorship; topics and deliveries hold nobody", async () => {
    const { owner } = await database();
    const { problems, tables } = await catalogProblems(owner);
    expect(problems).toEqual([]);
    const chat = [
      "slack_installations",
      "chat_channels",
      "chat_channel_topics",
      "chat_deliveries",
      "chat_digest_subscriptions",
    ];
    expect(tables).toEqual(expect.arrayContaining(chat));
    expect(map.rows.find((r) => r.id === "chat_digest")!.tables).toEqual(["chat_digest_subscriptions"]);
    expect(map.rows.find((r) => r.id === "authorship")!.tables).toEqual(
      expect.arrayContaining(["chat_channels", "slack_installations"]),
    );
    expect(NOT_PERSONAL_TABLES).toEqual(expect.arrayContaining(["chat_channel_topics", "chat_deliveries"]));
    // the membership references that make channels and the workspace authorship (kept under a pseudonym)
    const { rows } = await sql<{ relname: string; conname: string }>`
      select c.relname, k.conname from pg_constraint k join pg_class c on c.oid = k.conrelid
       where k.contype = 'f' and k.confrelid = 'memberships'::regclass
         and c.relname in ('chat_channels', 'slack_installations', 'chat_digest_subscriptions')
       order by 1`.execute(owner);
    expect(rows.map((r) => r.relname)).toEqual([
      "chat_channels",
      "chat_digest_subscriptions",
      "slack_installations",
    ]);
  });
});

describe("permissions the map names where server code keeps them", () => {
  it("held-back clicks are reviewed under the permission the review itself checks (CLICK_REVIEW_PERMISSION)", () => {
    const held = map.rows.find((r) => r.id === "held_clicks")!;
    const permissions = ROLES.flatMap((role) => held.roles[role].map((a) => a.permission));
    expect(permissions.length).toBeGreaterThan(0);
    expect(new Set(permissions)).toEqual(new Set([CLICK_REVIEW_PERMISSION]));
  });
});

describe("negative control", () => {
  // The DDL runs on a throwaway in-memory database (PGlite, migrated like the real one), never on
  // the shared test database, where another run's catalog walk (rls-catalog, the erasure's) could
  // meet a table without row level security.
  it("a new table, or a person's column on a not-personal table, is reported", async () => {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    try {
      expect((await catalogProblems(handle.owner)).problems).toEqual([]);
      // PGlite's one session is the app role after migrating: the DDL runs as the owner again (one transaction)
      const problems = await asOwner(handle, async (tx) => {
        // a member is referenced with the tenant (0026: memberships' key is (tenant_id, id))
        await sql`create table zz_new_figures (tenant_id uuid not null, membership_id uuid,
          foreign key (tenant_id, membership_id) references memberships (tenant_id, id))`.execute(tx);
        await sql`alter table topics add column zz_owner uuid references users(id)`.execute(tx);
        return (await catalogProblems(tx)).problems;
      });
      expect(problems).toEqual([
        "zz_new_figures: neither storage of a data map category nor on NOT_PERSONAL_TABLES",
        "topics: on NOT_PERSONAL_TABLES but references users",
      ]);
    } finally {
      await handle.close();
    }
  });
});
