import type { Tx } from "~/db/client.ts";
import { ForbiddenError, NotFoundError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { ShareDisclosureInput } from "~/app/modules/advocacy/schemas.ts";

/**
 * Sets or clears (null, empty) the tenant's share disclosure; trimmed, at most 40 characters.
 * tenants is a global table, so the row is the actor's verified tenant, never one from the request.
 */
export async function setShareDisclosure(
  tx: Tx,
  actor: Member,
  tenantId: string,
  disclosure: string | null,
): Promise<string | null> {
  if (tenantId !== actor.tenantId || !can(actor.roles, "guidelines.manage")) throw new ForbiddenError();
  const { disclosure: value } = parseInput(ShareDisclosureInput, {
    disclosure: disclosure ?? undefined,
  });
  const result = await tx
    .updateTable("tenants")
    .set({ share_disclosure: value })
    .where("id", "=", actor.tenantId)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("tenant");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "tenant.share_disclosure_set",
    data: { disclosure: value },
  });
  return value;
}
