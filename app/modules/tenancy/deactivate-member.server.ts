import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { MemberRef } from "~/app/modules/tenancy/member-schemas.ts";
import {
  deprovisionMember,
  reprovisionMember,
  type DeprovisionOutcome,
} from "~/app/modules/tenancy/deprovision-member.server.ts";
import { parseInput } from "~/app/lib/validation.ts";

export { MemberRef } from "~/app/modules/tenancy/member-schemas.ts";

/**
 * An admin deactivates a member: the same steps as the directory's deprovisioning (sessions
 * ended unless they are an active member of another company — sessions are global per user;
 * their other memberships are untouched —, API tokens they created
 * revoked, LinkedIn grant revoked and deleted, open goal agreements withdrawn, pending invitations
 * deleted, so only a new invitation can bring them back). The admin's own rules: nobody
 * deactivates themself or the last active admin.
 */
export async function deactivateMember(
  tx: Tx,
  actor: Member,
  memberId: string,
  opts: { now?: Date } = {},
): Promise<DeprovisionOutcome> {
  const ref = parseInput(MemberRef, { memberId });
  if (ref.memberId === actor.id) throw new ConflictError("cannot deactivate yourself", "self_deactivation");
  return deprovisionMember(
    tx,
    { tenantId: actor.tenantId, actorUserId: actor.userId, via: "admin" },
    ref.memberId,
    opts,
  );
}

/** Brings a deactivated member back with their previous roles, team and manager. */
export async function reactivateMember(tx: Tx, actor: Member, memberId: string): Promise<void> {
  const { reactivated } = await reprovisionMember(
    tx,
    { tenantId: actor.tenantId, actorUserId: actor.userId, via: "admin" },
    memberId,
  );
  if (!reactivated) throw new NotFoundError("member");
}
