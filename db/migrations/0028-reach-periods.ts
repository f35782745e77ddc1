import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * Precomputed analytics periods (issue 15: the analytics page p95 ≤ 50 ms at 2,000 members and 5M
 * clicks). The page's range presets ending today (the last 7, 30, 90 and 365 days) are computed by
 * the reach rollup after each batch (app/modules/reach/period-rollup.server.ts): per key the range's
 * sums and the group-privacy decision of its cell (distinct people behind it, shown or held back),
 * so a request reads a few hundred rows instead of every share-day of the range. Other ranges, and
 * a period whose basis (minimum group size, teams, people in the programme per group) no longer
 * matches, are computed from reach_daily as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("reach_periods")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    // the preset: the last `days` days ending on to_day (tenant-local, the day of the refresh)
    .addColumn("days", "smallint", (c) => c.notNull())
    .addColumn("from_day", "date", (c) => c.notNull())
    .addColumn("to_day", "date", (c) => c.notNull())
    // what the decisions were made with (periods.ts periodBasis): minimum group size, teams and
    // people in the programme per group at the refresh; a request with another basis computes directly
    .addColumn("basis", "text", (c) => c.notNull())
    .addColumn("refreshed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("reach_periods_pk", ["tenant_id", "days"])
    .execute();
  await enableTenantRls(db, "reach_periods");

  await db.schema
    .createTable("reach_period_figures")
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("days", "smallint", (c) => c.notNull())
    // '' = the programme's tables (and the total and team cells); a team id = that team's tables
    .addColumn("team_scope", "text", (c) => c.notNull())
    .addColumn("dimension", "text", (c) =>
      c.notNull().check(sql`dimension in ('total', 'team', 'post', 'network', 'bucket')`),
    )
    // team id, post id, network name or the bucket's first day; '' for the total
    .addColumn("key", "text", (c) => c.notNull())
    // distinct people behind the cell in the range, and group-privacy.ts's decision
    .addColumn("people", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("shown", "boolean", (c) => c.notNull().defaultTo(false))
    // the range's sums of reach_daily where it has rows of the key (summed; post, network and team
    // rows). Buckets and the total: zeros, the timeline is read from reach_daily
    .addColumn("summed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("shares", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("clicks", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("unique_visitors", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("impressions_estimated", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("impressions_measured", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("earned_media", "numeric(16, 2)", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("reach_period_figures_pk", [
      "tenant_id",
      "days",
      "team_scope",
      "dimension",
      "key",
    ])
    .addForeignKeyConstraint(
      "reach_period_figures_period_fk",
      ["tenant_id", "days"],
      "reach_periods",
      ["tenant_id", "days"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await enableTenantRls(db, "reach_period_figures");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("reach_period_figures").execute();
  await db.schema.dropTable("reach_periods").execute();
}
