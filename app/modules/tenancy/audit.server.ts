import type { Tx } from "~/db/client.ts";

/** Appends to the tenant's audit log (who did what, when); call inside the same withTenant transaction. */
export async function recordAudit(
  tx: Tx,
  event: {
    tenantId: string;
    actorUserId: string | null;
    action: string;
    subject?: string;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await tx
    .insertInto("audit_events")
    .values({
      tenant_id: event.tenantId,
      actor_user_id: event.actorUserId,
      action: event.action,
      subject: event.subject ?? null,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}
