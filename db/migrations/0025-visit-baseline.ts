import type { Kysely } from "kysely";

/**
 * "New since your last visit" that survives a reload (issue 18, the home page; app/modules/home/visit.ts).
 * memberships.hub_visited_at (0002) is when the person last opened the home page or the hub; it moves
 * on every open, so a reload used to take the "new" badges away. hub_new_since is the start of what
 * counts as new during the current visit: when an open comes more than VISIT_GAP_MS after the last
 * one, a new visit begins and hub_new_since becomes that last open; within a visit it stays. NULL:
 * the person never visited before this visit (everything is new).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("memberships").addColumn("hub_new_since", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("memberships").dropColumn("hub_new_since").execute();
}
