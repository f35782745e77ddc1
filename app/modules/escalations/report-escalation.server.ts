import type { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { commsLeadRecipients, mailTenant } from "~/app/modules/notifications/comms-leads.server.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { ReportEscalationInput } from "~/app/modules/escalations/schemas.ts";

/**
 * An employee hands a heated discussion to the comms team. Every active comms lead is mailed —
 * except the reporter themself, who already knows — after the commit, so a rolled-back report
 * mails nobody.
 */
export async function reportEscalation(
  tx: Tx,
  actor: Member,
  raw: z.input<typeof ReportEscalationInput>,
): Promise<{ id: string; notified: number }> {
  requirePermission(actor, "escalations.report");
  const input = parseInput(ReportEscalationInput, raw);
  const row = await tx
    .insertInto("escalations")
    .values({ tenant_id: actor.tenantId, reporter_id: actor.id, url: input.url, note: input.note })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "escalation.reported",
    subject: row.id,
    data: { url: input.url },
  });
  const notified = await queueEscalationReported(tx, actor, {
    id: row.id,
    url: input.url,
    note: input.note,
  });
  return { id: row.id, notified };
}

async function queueEscalationReported(
  tx: Tx,
  reporter: Member,
  escalation: { id: string; url: string; note: string },
): Promise<number> {
  const tenant = await mailTenant(tx, reporter.tenantId);
  const leads = await commsLeadRecipients(tx, { id: reporter.tenantId, ...tenant }, reporter.id);
  for (const lead of leads) {
    afterCommit(tx, () =>
      queueEmail({
        to: lead.email,
        locale: lead.locale,
        template: "escalation-reported",
        idempotencyKey: `escalation-reported:${escalation.id}:${lead.id}`,
        props: {
          url: `${appUrl()}/t/${tenant.slug}/escalations`,
          discussionUrl: escalation.url,
          note: escalation.note,
          reporterName: reporter.name,
          tenantName: tenant.name,
        },
      }),
    );
  }
  return leads.length;
}
