import type { Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

export const ESCALATION_STATUSES = ["open", "handled"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** A discussion about the company that an employee handed to the comms team (migration 0006). */
export interface EscalationsTable {
  id: Generated<string>;
  tenant_id: string;
  /** the reporter's membership; null once that membership is deleted */
  reporter_id: string | null;
  /** where the discussion is (http/https only) */
  url: string;
  /** what is happening, in the reporter's words */
  note: string;
  status: Generated<EscalationStatus>;
  /** the comms lead who marked it handled (null while open) */
  handled_by: string | null;
  handled_at: Timestamp | null;
  handler_note: string | null;
  created_at: CreatedAt;
}

/** Table types of the escalations module (migration db/migrations/0006-escalations.ts). */
export interface EscalationTables {
  escalations: EscalationsTable;
}
