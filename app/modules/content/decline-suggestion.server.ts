import type { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError } from "~/app/lib/errors.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import {
  lockOpenSuggestion,
  mySuggestionsUrl,
  suggesterRecipient,
} from "~/app/modules/content/accept-suggestion.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { DeclineSuggestionInput } from "~/app/modules/content/schemas.ts";

/**
 * A comms lead declines a suggestion with a reason (required: the suggester deserves to know why)
 * and the suggester gets it by email, queued after the commit.
 */
export async function declineSuggestion(
  tx: Tx,
  actor: Member,
  tenant: TenantInfo,
  raw: z.input<typeof DeclineSuggestionInput>,
  opts: { now?: Date } = {},
): Promise<void> {
  if (tenant.id !== actor.tenantId) throw new ForbiddenError("tenant mismatch");
  requirePermission(actor, "suggestions.review");
  const { suggestionId, reason } = parseInput(DeclineSuggestionInput, raw);
  const now = opts.now ?? new Date();
  const suggestion = await lockOpenSuggestion(tx, actor.tenantId, suggestionId);
  const updated = await tx
    .updateTable("suggestions")
    .set({ status: "declined", decline_reason: reason, decided_by: actor.id, decided_at: now })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", suggestion.id)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new ConflictError("suggestion already decided", "already_decided");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "suggestion.declined",
    subject: suggestion.id,
    data: { reason },
  });
  const recipient = await suggesterRecipient(tx, tenant, suggestion.suggester_id);
  if (recipient) {
    afterCommit(tx, () =>
      queueEmail({
        to: recipient.email,
        locale: recipient.locale,
        template: "suggestion-decision",
        props: { url: mySuggestionsUrl(tenant), suggestionUrl: suggestion.url, decision: "declined", reason },
        idempotencyKey: `suggestion-decision/${suggestion.id}`,
      }),
    );
  }
}
