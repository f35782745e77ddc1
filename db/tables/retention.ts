import type { ColumnType } from "kysely";

/** What one purge removed in one tenant, by category (app/modules/privacy/retention.server.ts). */
export interface TenantRetentionCounts {
  invitations: number;
  auditEvents: number;
  accessLog: number;
  jobFailures: number;
  dataExports: number;
}

/** The last run of the purge-expired-data job in a tenant (migration 0023-retention-runs). */
export interface RetentionRunsTable {
  tenant_id: string;
  /** NOT NULL, no default: every insert names it */
  ran_at: ColumnType<Date, Date | string, Date | string>;
  removed: ColumnType<Partial<TenantRetentionCounts>, string, string>;
}

export interface RetentionTables {
  retention_runs: RetentionRunsTable;
}
