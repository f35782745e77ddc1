import { sql, type Kysely } from "kysely";
import { grantToApp } from "~/db/rls.ts";

/**
 * The click hand-off buffer of the no-Redis path (and of the Redis-down fallback), and the daily
 * visitor-hash salts when Redis is not configured.
 *
 * click_inbox is global on purpose (no tenant_id, so no RLS): the redirect does not know the tenant
 * without a lookup, and a buffer keyed by tenant would need one withTenant transaction per tenant
 * per flush. It stores the code; the drain resolves code → tenant/share through link_codes and
 * writes click_events inside withTenant. It holds nothing the clicker could be identified by: the
 * visitor hash (salted, salt rotated daily) and, for the self-click check, the session id (already a
 * sha256 of the cookie token; it is what sessions.id stores). Rows live seconds (until the next drain).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("click_inbox")
    // assigned at the redirect; becomes click_events.event_key (the drain is idempotent on it)
    .addColumn("event_key", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("clicked_at", "timestamptz", (c) => c.notNull())
    .addColumn("visitor_hash", "text", (c) => c.notNull())
    .addColumn("referrer_host", "text")
    .addColumn("session_id", "text")
    .execute();
  await db.schema.createIndex("click_inbox_clicked_idx").on("click_inbox").column("clicked_at").execute();
  await grantToApp(db, "click_inbox");

  // Global: one random salt per UTC day. Deleted after two days, so old hashes cannot be reversed
  // by hashing every IPv4 address with the salt.
  await db.schema
    .createTable("click_salts")
    .addColumn("day", "date", (c) => c.primaryKey())
    .addColumn("salt", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await grantToApp(db, "click_salts");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["click_salts", "click_inbox"]) await db.schema.dropTable(table).ifExists().execute();
}
