import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/** Forgets the member's grant (LinkedIn lets members revoke app access in their settings too). */
export async function disconnectLinkedIn(tx: Tx, member: Member): Promise<boolean> {
  const result = await tx
    .deleteFrom("linkedin_connections")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
