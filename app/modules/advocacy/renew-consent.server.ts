import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";

/**
 * A member who agreed to an earlier consent text confirms the current one (CONSENT_VERSION).
 *
 * One row per consent: the earlier one is closed and a new one opened at the same instant, so the
 * history shows which text was in force when, and the member is never out of the programme in
 * between (no seat change, no tracking stop). The closed row needs a data choice (check constraint
 * advocacy_consents_choice_on_withdrawal): "keep", which is what happened — nothing was anonymised.
 *
 * Idempotent: a member already on the current text, or no longer in, records nothing.
 */
export async function renewConsent(tx: Tx, member: Member): Promise<{ renewed: boolean }> {
  const closed = await tx
    .updateTable("advocacy_consents")
    .set({ withdrawn_at: sql<Date>`now()`, data_choice: "keep" })
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("withdrawn_at", "is", null)
    .where("consent_version", "<>", CONSENT_VERSION)
    .returning("consent_version")
    .executeTakeFirst();
  if (!closed) return { renewed: false };
  await tx
    .insertInto("advocacy_consents")
    .values({ tenant_id: member.tenantId, membership_id: member.id, consent_version: CONSENT_VERSION })
    .execute();
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "advocacy.consent_renewed",
    subject: member.id,
    data: { fromVersion: closed.consent_version, consentVersion: CONSENT_VERSION },
  });
  return { renewed: true };
}
