import type { Tx } from "~/db/client.ts";
import type { EscalationStatus } from "~/db/tables/escalations.ts";

/** One escalation as the inbox and the reporter's own list show it. */
export interface EscalationRow {
  id: string;
  url: string;
  note: string;
  status: EscalationStatus;
  reporterId: string | null;
  /** null when the reporter's membership no longer exists */
  reporterName: string | null;
  handledById: string | null;
  handledByName: string | null;
  handledAt: Date | null;
  handlerNote: string | null;
  createdAt: Date;
}

export interface ListEscalationsFilter {
  status?: EscalationStatus | undefined;
  reporterId?: string | undefined;
  /** at most this many rows (default 200) */
  limit?: number | undefined;
}

/**
 * Escalations of a tenant with the names of reporter and handler. Open ones oldest first (nothing
 * waits forever at the bottom); handled ones most recently handled first; a reporter's own list
 * (no status) newest first.
 */
export async function listEscalations(
  tx: Tx,
  tenantId: string,
  filter: ListEscalationsFilter = {},
): Promise<EscalationRow[]> {
  let query = tx
    .selectFrom("escalations as e")
    .leftJoin("memberships as rm", (j) =>
      j.onRef("rm.id", "=", "e.reporter_id").onRef("rm.tenant_id", "=", "e.tenant_id"),
    )
    .leftJoin("users as ru", "ru.id", "rm.user_id")
    .leftJoin("memberships as hm", (j) =>
      j.onRef("hm.id", "=", "e.handled_by").onRef("hm.tenant_id", "=", "e.tenant_id"),
    )
    .leftJoin("users as hu", "hu.id", "hm.user_id")
    .select([
      "e.id",
      "e.url",
      "e.note",
      "e.status",
      "e.reporter_id",
      "ru.name as reporter_name",
      "e.handled_by",
      "hu.name as handled_by_name",
      "e.handled_at",
      "e.handler_note",
      "e.created_at",
    ])
    .where("e.tenant_id", "=", tenantId);
  if (filter.status) query = query.where("e.status", "=", filter.status);
  if (filter.reporterId) query = query.where("e.reporter_id", "=", filter.reporterId);
  if (filter.status === "open") query = query.orderBy("e.created_at", "asc");
  else if (filter.status === "handled")
    query = query.orderBy("e.handled_at", "desc").orderBy("e.created_at", "desc");
  else query = query.orderBy("e.created_at", "desc");
  const rows = await query
    .orderBy("e.id")
    .limit(Math.min(Math.max(filter.limit ?? 200, 1), 1000))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    note: r.note,
    status: r.status,
    reporterId: r.reporter_id,
    reporterName: r.reporter_name ?? null,
    handledById: r.handled_by,
    handledByName: r.handled_by_name ?? null,
    handledAt: r.handled_at,
    handlerNote: r.handler_note,
    createdAt: r.created_at,
  }));
}
