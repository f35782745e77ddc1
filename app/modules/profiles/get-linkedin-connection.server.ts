import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { isLinkedInAvailable } from "~/app/modules/profiles/linkedin-app.server.ts";

/**
 * Whether Chorus can post to LinkedIn for this member now: a stored, unexpired grant and the
 * tenant's app still enabled. `expiresAt` is set whenever a grant is stored (also when expired).
 */
export async function getLinkedInConnection(
  tx: Tx,
  member: Member,
  now: Date = new Date(),
): Promise<{ connected: boolean; expiresAt?: Date }> {
  const row = await tx
    .selectFrom("linkedin_connections")
    .select("expires_at")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  if (!row) return { connected: false };
  const usable = row.expires_at.getTime() > now.getTime() && (await isLinkedInAvailable(tx, member));
  return { connected: usable, expiresAt: row.expires_at };
}
