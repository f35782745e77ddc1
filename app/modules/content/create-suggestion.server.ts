import type { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { commsLeadRecipients, mailTenant } from "~/app/modules/notifications/comms-leads.server.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { SuggestionInput } from "~/app/modules/content/schemas.ts";

/** Any member suggests a link for the comms team, with a reason why it is worth sharing. */
export async function createSuggestion(
  tx: Tx,
  actor: Member,
  raw: z.input<typeof SuggestionInput>,
): Promise<{ id: string }> {
  // Validated again here: the API and the form both end up in this function.
  const input = parseInput(SuggestionInput, raw);
  const row = await tx
    .insertInto("suggestions")
    .values({ tenant_id: actor.tenantId, suggester_id: actor.id, url: input.url, reason: input.reason })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "suggestion.created",
    subject: row.id,
    data: { url: input.url },
  });
  await queueSuggestionReceived(tx, actor, { id: row.id, url: input.url, reason: input.reason });
  return { id: row.id };
}

/**
 * Every active comms lead (except the suggester themself) hears about the new suggestion, after the
 * commit: a suggestion that is rolled back mails nobody.
 */
async function queueSuggestionReceived(
  tx: Tx,
  suggester: Member,
  suggestion: { id: string; url: string; reason: string },
): Promise<void> {
  const tenant = await mailTenant(tx, suggester.tenantId);
  const leads = await commsLeadRecipients(tx, { id: suggester.tenantId, ...tenant }, suggester.id);
  for (const lead of leads) {
    afterCommit(tx, () =>
      queueEmail({
        to: lead.email,
        locale: lead.locale,
        template: "suggestion-received",
        idempotencyKey: `suggestion-received:${suggestion.id}:${lead.id}`,
        props: {
          url: `${appUrl()}/t/${tenant.slug}/suggestions`,
          suggestionUrl: suggestion.url,
          reason: suggestion.reason,
          suggesterName: suggester.name,
          tenantName: tenant.name,
        },
      }),
    );
  }
}
