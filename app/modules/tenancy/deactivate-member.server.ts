import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { invalidateAllSessions } from "~/app/modules/auth/session.server.ts";
import { markSeatsDirty } from "~/app/modules/billing/account.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { MemberRef } from "~/app/modules/tenancy/member-schemas.ts";
import { assertKeepsAnAdmin, assertNotErased } from "~/app/modules/tenancy/member-rules.server.ts";
import { parseInput } from "~/app/lib/validation.ts";

export { MemberRef } from "~/app/modules/tenancy/member-schemas.ts";

/**
 * Deactivates a member and ends all their sessions. Sessions are global per user, so this signs
 * them out of every tenant too; the spec accepts that (they sign in again by email link, and their
 * other memberships are untouched). Their pending invitations go as well, so only a new invitation
 * can bring them back. Nobody can deactivate themself or the last active admin.
 */
export async function deactivateMember(
  tx: Tx,
  actor: Member,
  memberId: string,
): Promise<{ sessionsEnded: number }> {
  const ref = parseInput(MemberRef, { memberId });
  if (ref.memberId === actor.id) throw new ConflictError("cannot deactivate yourself", "self_deactivation");
  const target = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "memberships.id",
      "memberships.user_id",
      "memberships.roles",
      "memberships.status",
      "users.email",
    ])
    .where("memberships.tenant_id", "=", actor.tenantId)
    .where("memberships.id", "=", ref.memberId)
    .executeTakeFirst();
  if (!target) throw new NotFoundError("member");
  await assertNotErased(tx, actor.tenantId, target.id);
  if (target.status === "deactivated") return { sessionsEnded: 0 };
  if (target.roles.includes("admin")) await assertKeepsAnAdmin(tx, actor.tenantId, target.id);
  const result = await tx
    .updateTable("memberships")
    .set({ status: "deactivated" })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", target.id)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("member");
  await tx
    .deleteFrom("invitations")
    .where("tenant_id", "=", actor.tenantId)
    .where("email", "=", target.email)
    .where("accepted_at", "is", null)
    .execute();
  // Same transaction: if anything above fails, nobody is signed out for nothing.
  const sessionsEnded = await invalidateAllSessions(tx, target.user_id);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "member.deactivated",
    subject: target.id,
    data: { sessionsEnded },
  });
  // seats count active members only
  await markSeatsDirty(tx, actor.tenantId);
  return { sessionsEnded };
}

/** Brings a deactivated member back with their previous roles, team and manager. */
export async function reactivateMember(tx: Tx, actor: Member, memberId: string): Promise<void> {
  const ref = parseInput(MemberRef, { memberId });
  await assertNotErased(tx, actor.tenantId, ref.memberId);
  const result = await tx
    .updateTable("memberships")
    .set({ status: "active" })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", ref.memberId)
    .where("status", "=", "deactivated")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("member");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "member.reactivated",
    subject: ref.memberId,
  });
  await markSeatsDirty(tx, actor.tenantId);
}
