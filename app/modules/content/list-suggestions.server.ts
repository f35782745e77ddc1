import type { Tx } from "~/db/client.ts";
import type { Suggestion } from "~/db/schema.ts";

export type SuggestionStatus = Suggestion["status"];

/** One suggestion as lists show it (the inbox, "my suggestions", the public API). */
export interface SuggestionRow {
  id: string;
  url: string;
  reason: string;
  status: SuggestionStatus;
  declineReason: string | null;
  /** the draft post an accepted suggestion became */
  postId: string | null;
  suggesterId: string | null;
  /** null when the suggester's membership no longer exists */
  suggesterName: string | null;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface ListSuggestionsFilter {
  status?: SuggestionStatus | undefined;
  suggesterId?: string | undefined;
  /** at most this many rows (default 200) */
  limit?: number | undefined;
}

/**
 * Suggestions of a tenant with the names of who suggested and who decided. Open ones oldest first
 * (a queue: first come, first served); decided ones most recently decided first.
 */
export async function listSuggestions(
  tx: Tx,
  tenantId: string,
  filter: ListSuggestionsFilter = {},
): Promise<SuggestionRow[]> {
  let query = tx
    .selectFrom("suggestions as s")
    .leftJoin("memberships as sm", (j) =>
      j.onRef("sm.id", "=", "s.suggester_id").onRef("sm.tenant_id", "=", "s.tenant_id"),
    )
    .leftJoin("users as su", "su.id", "sm.user_id")
    .leftJoin("memberships as dm", (j) =>
      j.onRef("dm.id", "=", "s.decided_by").onRef("dm.tenant_id", "=", "s.tenant_id"),
    )
    .leftJoin("users as du", "du.id", "dm.user_id")
    .select([
      "s.id",
      "s.url",
      "s.reason",
      "s.status",
      "s.decline_reason",
      "s.post_id",
      "s.suggester_id",
      "su.name as suggester_name",
      "s.decided_by",
      "du.name as decided_by_name",
      "s.decided_at",
      "s.created_at",
    ])
    .where("s.tenant_id", "=", tenantId);
  if (filter.status) query = query.where("s.status", "=", filter.status);
  if (filter.suggesterId) query = query.where("s.suggester_id", "=", filter.suggesterId);
  query =
    filter.status === "open"
      ? query.orderBy("s.created_at", "asc").orderBy("s.id")
      : query
          .orderBy("s.decided_at", (o) => o.desc().nullsFirst())
          .orderBy("s.created_at", "desc")
          .orderBy("s.id");
  const rows = await query.limit(Math.min(Math.max(filter.limit ?? 200, 1), 1000)).execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    reason: r.reason,
    status: r.status,
    declineReason: r.decline_reason,
    postId: r.post_id,
    suggesterId: r.suggester_id,
    suggesterName: r.suggester_name ?? null,
    decidedById: r.decided_by,
    decidedByName: r.decided_by_name ?? null,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  }));
}
