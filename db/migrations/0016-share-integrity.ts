import { sql, type Kysely } from "kysely";

/**
 * Share integrity (issue 11): the tenant decides how far self-reported shares count.
 *
 * A share is verified when Chorus posted it through the network's API and got the post's id back
 * (shares.channel = 'api' and shares.external_id set, LinkedIn: the post URN); every other share
 * (the network's share page, copied text) is self-reported: nothing proves it was posted. Both
 * facts are already on the share, so no column is added to shares.
 *
 * recognition_settings (forced RLS since 0010, the new columns inherit it):
 *  - self_reported_shares_earn_points: counted self-reported shares earn the per-share points
 *    (default yes); when off they still count toward a "shares" objective but earn nothing.
 *  - self_reported_weekly_cap: at most this many self-reported shares per member and tenant-local
 *    ISO week count (0 to 100; 0: none does). Verified shares have no weekly cap.
 *  - allow_backdated_start: a goal agreement may start before the day it is proposed, but never
 *    before the current period's start (default no).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("recognition_settings")
    .addColumn("self_reported_shares_earn_points", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("self_reported_weekly_cap", "integer", (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`self_reported_weekly_cap between 0 and 100`),
    )
    .addColumn("allow_backdated_start", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("recognition_settings")
    .dropColumn("allow_backdated_start")
    .dropColumn("self_reported_weekly_cap")
    .dropColumn("self_reported_shares_earn_points")
    .execute();
}
