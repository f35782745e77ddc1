import type { Tx } from "~/db/client.ts";
import type { CreditAccessAction } from "~/db/tables/recognition.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

export interface MyCreditAccessEntry {
  id: string;
  at: Date;
  action: CreditAccessAction;
  /** a member (name; null once removed), or an API token (name; null once deleted) */
  actor: { kind: "member"; name: string | null } | { kind: "token"; name: string | null };
  statement: { id: string; periodLabel: string } | null;
}

/**
 * "Who looked at my figures": the access log entries about this member — never anyone else's,
 * whatever their role — newest first.
 */
export async function listMyCreditAccess(
  tx: Tx,
  member: Member,
  limit = 500,
): Promise<MyCreditAccessEntry[]> {
  const rows = await tx
    .selectFrom("credit_access_log as l")
    .leftJoin("memberships as m", (j) =>
      j.onRef("m.id", "=", "l.actor_membership_id").on("m.tenant_id", "=", member.tenantId),
    )
    .leftJoin("users as u", "u.id", "m.user_id")
    .leftJoin("api_tokens as k", (j) =>
      j.onRef("k.id", "=", "l.actor_token_id").on("k.tenant_id", "=", member.tenantId),
    )
    .leftJoin("credit_statements as s", (j) =>
      j.onRef("s.id", "=", "l.statement_id").on("s.tenant_id", "=", member.tenantId),
    )
    .select([
      "l.id",
      "l.created_at",
      "l.action",
      "l.actor_token_id",
      "u.name as member_name",
      "k.name as token_name",
      "s.id as statement_id",
      "s.period_label",
    ])
    .where("l.tenant_id", "=", member.tenantId)
    .where("l.subject_membership_id", "=", member.id)
    .orderBy("l.created_at", "desc")
    .orderBy("l.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    action: r.action,
    actor:
      r.actor_token_id !== null || r.action === "api.read"
        ? { kind: "token", name: r.token_name }
        : { kind: "member", name: r.member_name },
    statement: r.statement_id && r.period_label ? { id: r.statement_id, periodLabel: r.period_label } : null,
  }));
}
