import { sql, type Kysely } from "kysely";

/**
 * The analytics presets carry the rest of what the page reads (issue 15: the page p95 ≤ 50 ms at
 * 2,000 members and 5M clicks). reach_period_figures (0028) gets a fifth kind of row, 'sharers':
 * per group (key: team id, '' = without a team) the people in the programme who shared in the range
 * (people), instead of reading every share of the range per request. The timeline's bucket rows now
 * carry the range's sums too (summed), so the page no longer reads reach_daily for a preset
 * (app/modules/reach/period-rollup.server.ts). The stored periods are dropped: the rollup-reach job
 * writes them again with both (until then the page computes from reach_daily, as for any range).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // TRUNCATE, not DELETE: forced RLS hides every row from a non-superuser owner without a tenant set
  await sql`TRUNCATE reach_period_figures, reach_periods`.execute(db);
  await sql`ALTER TABLE reach_period_figures DROP CONSTRAINT reach_period_figures_dimension_check`.execute(
    db,
  );
  await sql`ALTER TABLE reach_period_figures ADD CONSTRAINT reach_period_figures_dimension_check
    CHECK (dimension IN ('total', 'team', 'post', 'network', 'bucket', 'sharers'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // TRUNCATE, not DELETE: forced RLS hides every row from a non-superuser owner without a tenant set
  await sql`TRUNCATE reach_period_figures, reach_periods`.execute(db);
  await sql`ALTER TABLE reach_period_figures DROP CONSTRAINT reach_period_figures_dimension_check`.execute(
    db,
  );
  await sql`ALTER TABLE reach_period_figures ADD CONSTRAINT reach_period_figures_dimension_check
    CHECK (dimension IN ('total', 'team', 'post', 'network', 'bucket'))`.execute(db);
}
