import type { ColumnType, Generated } from "kysely";
import type { CreatedAt } from "~/db/columns.ts";

/** One erased person of a tenant (0022-erasure): the pseudonym, never the email or name. */
export interface ErasuresTable {
  id: Generated<string>;
  tenant_id: string;
  pseudonym: string;
  /** the membership that carries the pseudonym now (its figures stay in the tenant's totals) */
  membership_id: string | null;
  /** the admin's membership; null: an operator through the CLI */
  erased_by: string | null;
  erased_at: CreatedAt;
  /** rows removed or rewritten, by kind */
  counts: ColumnType<Record<string, number>, string, string>;
}

export interface ErasureTables {
  erasures: ErasuresTable;
}
