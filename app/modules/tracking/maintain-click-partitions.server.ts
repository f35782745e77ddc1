import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema.ts";

/**
 * Months ahead (after the current UTC month) that always have their click_events partition: a
 * daily job that fails for up to this long still leaves every new click a partition of its own.
 */
export const CLICK_PARTITION_MONTHS_AHEAD = 3;

export interface ClickPartitionsResult {
  /** partitions created, e.g. "click_events_2027_03" */
  created: string[];
}

/**
 * Creates the click_events partitions of the current UTC month and the next
 * CLICK_PARTITION_MONTHS_AHEAD months where missing, and one for every month whose clicks wait in
 * the default partition (moving them in), each with row level security and the app role's grants.
 * The app role owns no table, so it asks ensure_click_partitions (0027, SECURITY DEFINER), which
 * does nothing but that. Idempotent: an existing partition is left as it is.
 */
export async function maintainClickPartitions(
  db: Kysely<Database>,
  opts: { monthsAhead?: number } = {},
): Promise<ClickPartitionsResult> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM ensure_click_partitions(${opts.monthsAhead ?? CLICK_PARTITION_MONTHS_AHEAD}::int) AS name
  `.execute(db);
  return { created: rows.map((r) => r.name) };
}
