import type { Tx } from "~/db/client.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

export interface Report {
  id: string;
  name: string;
}

/** The active members whose manager is this member (the reporting line: memberships.manager_id). */
export async function listDirectReports(tx: Tx, manager: Member): Promise<Report[]> {
  if (!can(manager.roles, "goals.manage")) return [];
  return tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "users.name"])
    .where("memberships.tenant_id", "=", manager.tenantId)
    .where("memberships.manager_id", "=", manager.id)
    .where("memberships.status", "=", "active")
    .orderBy("users.name")
    .execute();
}
