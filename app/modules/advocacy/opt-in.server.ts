import type { Tx } from "~/db/client.ts";
import { reserveAdvocateSeat } from "~/app/modules/billing/gates.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";

/**
 * Records the member's consent to the current consent text. Idempotent: a member who is already in
 * keeps their original consent (and its version); a double submit records nothing twice.
 */
export async function optIn(tx: Tx, member: Member): Promise<{ joined: boolean }> {
  // billing on: a seat more for the subscription, and the Free plan's limit (PlanLimitError)
  await reserveAdvocateSeat(tx, member.tenantId, member.id);
  const inserted = await tx
    .insertInto("advocacy_consents")
    .values({ tenant_id: member.tenantId, membership_id: member.id, consent_version: CONSENT_VERSION })
    // the partial unique index on open consents (withdrawn_at is null)
    .onConflict((oc) =>
      oc.columns(["tenant_id", "membership_id"]).where("withdrawn_at", "is", null).doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return { joined: false };
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "advocacy.joined",
    subject: member.id,
    data: { consentVersion: CONSENT_VERSION },
  });
  return { joined: true };
}
