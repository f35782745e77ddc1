import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/**
 * Whether this statement is the member's own. A person's view of their own statement is never
 * logged, so it needs no confirmation however the page was reached; anyone else's view of an
 * unconfirmed request (app/lib/same-site-view.server.ts) is answered without the statement — and
 * without saying whether it exists.
 */
export async function isOwnStatement(tx: Tx, member: Member, statementId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(statementId)) return false;
  const row = await tx
    .selectFrom("credit_statements")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("id", "=", statementId)
    .where("employee_id", "=", member.id)
    .executeTakeFirst();
  return row !== undefined;
}
