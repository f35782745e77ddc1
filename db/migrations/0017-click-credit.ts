import { sql, type Kysely } from "kysely";
import { enableTenantRls, grantToApp } from "~/db/rls.ts";

/**
 * Unique clicks for credit (issue 11): keys a visitor cannot multiply by changing headers, the
 * sharer's own addresses, and clicks held back for a comms lead's review.
 *
 * click_inbox / click_events get two nullable keys, computed at the redirect with the day's salt
 * and never stored raw (app/modules/tracking/visitor-hash.server.ts):
 *  - ip_key  = sha256(salt, "ip", IP): one visitor, whatever the user agent says;
 *  - net_key = sha256(salt, "net", IPv4 /24 or IPv6 /48): the network, for bursts
 * (each the first 128 bits, base64url). Rows written before this migration (or by an older process)
 * have NULL there; credit falls back to visitor_hash for them.
 *
 * member_ip_keys (global, like sessions: a person signs in once for every tenant): the IP key of a
 * signed-in member's requests per UTC day, salted with that day's salt. It exists only so that
 * clicks from the sharer's own addresses never count. Retention: rows older than
 * MEMBER_IP_KEY_RETENTION_DAYS (10, app/modules/tracking/member-ip.server.ts) are deleted by the
 * drain; once the day's salt is gone (2 days) the keys cannot be tested against any IP anyway.
 *
 * click_holds (tenant table, forced RLS): groups of clicks on one share and tenant-local day held
 * back from points for one reason (app/modules/recognition/click-credit-rules.ts), with a comms
 * lead's decision: held → released (counts, up to the per-share-day cap) or discarded (never counts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["click_inbox", "click_events"]) {
    await db.schema.alterTable(table).addColumn("ip_key", "text").addColumn("net_key", "text").execute();
  }

  await db.schema
    .createTable("member_ip_keys")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // UTC day whose salt made the key
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("ip_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("member_ip_keys_pk", ["user_id", "day", "ip_key"])
    .execute();
  await db.schema.createIndex("member_ip_keys_day_idx").on("member_ip_keys").column("day").execute();
  await grantToApp(db, "member_ip_keys");

  await db.schema
    .createTable("click_holds")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("share_id", "uuid", (c) => c.notNull().references("shares.id").onDelete("cascade"))
    // the sharer at evaluation time (four eyes: they cannot decide their own holds)
    .addColumn("membership_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    // tenant-local day of the clicks
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("reason", "text", (c) =>
      c.notNull().check(sql`reason in ('burst', 'too_soon', 'same_visitor_many_shares')`),
    )
    .addColumn("clicks", "integer", (c) => c.notNull())
    // distinct visitor keys: what a release can add to the share-day's count
    .addColumn("distinct_keys", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("held")
        .check(sql`status in ('held', 'released', 'discarded')`),
    )
    .addColumn("decided_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("click_holds_share_day_reason", ["tenant_id", "share_id", "day", "reason"])
    .execute();
  await db.schema
    .createIndex("click_holds_status_idx")
    .on("click_holds")
    .columns(["tenant_id", "status", "day"])
    .execute();
  await db.schema
    .createIndex("click_holds_member_idx")
    .on("click_holds")
    .columns(["tenant_id", "membership_id", "day"])
    .execute();
  await enableTenantRls(db, "click_holds");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("click_holds").ifExists().execute();
  await db.schema.dropTable("member_ip_keys").ifExists().execute();
  for (const table of ["click_events", "click_inbox"]) {
    await db.schema.alterTable(table).dropColumn("net_key").dropColumn("ip_key").execute();
  }
}
