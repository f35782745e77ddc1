import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

const now = sql`now()`;

/** Escalations: an employee flags a heated discussion (a URL and a note); the comms team handles it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("escalations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    // kept when the reporter's membership goes: the comms team still has to deal with the discussion
    .addColumn("reporter_id", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    // the inbox renders it as a link: http(s) only, whatever the application layer lets through
    .addColumn("url", "text", (c) => c.notNull().check(sql`url ~* '^https?://' and length(url) <= 2048`))
    .addColumn("note", "text", (c) => c.notNull().check(sql`length(note) between 1 and 2000`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'handled')`),
    )
    .addColumn("handled_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("handled_at", "timestamptz")
    .addColumn("handler_note", "text", (c) =>
      c.check(sql`handler_note is null or length(handler_note) <= 2000`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    // handled_by is not part of it: a handler's membership may be deleted later (set null)
    .addCheckConstraint("escalations_handled_has_time", sql`(status = 'handled') = (handled_at is not null)`)
    .execute();
  await db.schema
    .createIndex("escalations_status_idx")
    .on("escalations")
    .columns(["tenant_id", "status", "created_at"])
    .execute();
  await db.schema
    .createIndex("escalations_reporter_idx")
    .on("escalations")
    .columns(["tenant_id", "reporter_id", "created_at"])
    .execute();
  await enableTenantRls(db, "escalations");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("escalations").ifExists().execute();
}
