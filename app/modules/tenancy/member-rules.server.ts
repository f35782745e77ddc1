import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { ConflictError, ValidationError } from "~/app/lib/errors.ts";

/**
 * Rules shared by the member use cases (invite, import, update, deactivate). Every query names the
 * tenant explicitly: RLS is the backstop, not the filter.
 */

/** The team must belong to this tenant; a foreign or deleted team id is a field error, not a 500. */
export async function assertTeamInTenant(
  tx: Tx,
  tenantId: string,
  teamId: string,
  field = "teamId",
): Promise<void> {
  const team = await tx
    .selectFrom("teams")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", teamId)
    .executeTakeFirst();
  if (!team) throw new ValidationError("unknown team", { [field]: ["teamUnknown"] });
}

/** An active member of this tenant, or a field error (a manager from another tenant is "unknown" here). */
export async function assertActiveMember(
  tx: Tx,
  tenantId: string,
  memberId: string,
  field = "managerId",
): Promise<void> {
  const found = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", memberId)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (!found) throw new ValidationError("unknown manager", { [field]: ["managerUnknown"] });
}

/** The active membership id for an email in this tenant, if any. */
export async function activeMemberIdByEmail(
  tx: Tx,
  tenantId: string,
  email: string,
): Promise<string | undefined> {
  const row = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("memberships.id")
    .where("memberships.tenant_id", "=", tenantId)
    .where("users.email", "=", email)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
  return row?.id;
}

/**
 * Setting `managerId` as the manager of `memberId` must not close a loop (A → B → A). Walks up the
 * manager's own reporting line; UNION (not UNION ALL) stops on a loop that somehow already exists.
 */
export async function assertNoReportingCycle(
  tx: Tx,
  tenantId: string,
  memberId: string,
  managerId: string,
): Promise<void> {
  if (managerId === memberId)
    throw new ValidationError("a member cannot manage themself", { managerId: ["managerSelf"] });
  const { rows } = await sql<{ id: string }>`
    with recursive chain(id, manager_id) as (
      select id, manager_id from memberships where tenant_id = ${tenantId} and id = ${managerId}
      union
      select m.id, m.manager_id from memberships m join chain c on m.id = c.manager_id where m.tenant_id = ${tenantId}
    )
    select id from chain where id = ${memberId} limit 1`.execute(tx);
  if (rows.length > 0)
    throw new ValidationError("reporting line would loop", { managerId: ["managerCycle"] });
}

/**
 * A tenant without an active admin cannot be administered by anyone (no one could invite, restore
 * or pay). Locks the active admins' rows FOR UPDATE, so two admins demoting each other at the same
 * moment are serialised and the second one sees that it would remove the last admin.
 */
export async function assertKeepsAnAdmin(tx: Tx, tenantId: string, losingAdminId: string): Promise<void> {
  const admins = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "active")
    .where(sql<boolean>`'admin' = any(roles)`)
    .forUpdate()
    .execute();
  if (!admins.some((a) => a.id !== losingAdminId))
    throw new ConflictError("the tenant needs at least one active admin", "last_admin");
}

/**
 * An erased person's membership (issue 13) keeps their figures under a pseudonym and stays
 * deactivated: nobody updates, reactivates (a seat) or deactivates it, nor makes it admin.
 */
export async function assertNotErased(tx: Tx, tenantId: string, memberId: string): Promise<void> {
  const erased = await tx
    .selectFrom("erasures")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", memberId)
    .executeTakeFirst();
  if (erased) throw new ConflictError("an erased person's membership does not change", "erased_member");
}
