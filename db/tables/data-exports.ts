import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

export const DATA_EXPORT_STATUSES = ["pending", "ready", "failed"] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/** One export of a member's data (migration 0021-data-exports); content is dropped once expired. */
export interface DataExportsTable {
  id: Generated<string>;
  tenant_id: string;
  /** whose data */
  membership_id: string;
  /** the member who asked; null: an operator (CLI) */
  requested_by: string | null;
  status: Generated<DataExportStatus>;
  /** the export document (JSON); null while pending, after failing and once expired */
  content: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  error: string | null;
  /** NOT NULL, no default: every insert names it */
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_at: CreatedAt;
  ready_at: Timestamp | null;
  downloaded_at: Timestamp | null;
}

export interface DataExportTables {
  data_exports: DataExportsTable;
}
