import type { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { MarkHandledInput, ReopenEscalationInput } from "~/app/modules/escalations/schemas.ts";

/**
 * A comms lead marks an open escalation handled, optionally saying what was done. Handling it twice
 * (two leads at once) is a conflict, not a silent overwrite of the first handler.
 */
export async function markHandled(
  tx: Tx,
  actor: Member,
  raw: z.input<typeof MarkHandledInput>,
  opts: { now?: Date } = {},
): Promise<void> {
  requirePermission(actor, "escalations.handle");
  const input = parseInput(MarkHandledInput, raw);
  const result = await tx
    .updateTable("escalations")
    .set({
      status: "handled",
      handled_by: actor.id,
      handled_at: opts.now ?? new Date(),
      handler_note: input.note ?? null,
    })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", input.escalationId)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    await explainNoChange(tx, actor.tenantId, input.escalationId, "already_handled");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "escalation.handled",
    subject: input.escalationId,
    data: { note: input.note ?? null },
  });
}

/** Back to open (the discussion flared up again, or it was marked by mistake); the handling is cleared. */
export async function reopenEscalation(
  tx: Tx,
  actor: Member,
  raw: z.input<typeof ReopenEscalationInput>,
): Promise<void> {
  requirePermission(actor, "escalations.handle");
  const input = parseInput(ReopenEscalationInput, raw);
  const result = await tx
    .updateTable("escalations")
    .set({ status: "open", handled_by: null, handled_at: null, handler_note: null })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", input.escalationId)
    .where("status", "=", "handled")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    await explainNoChange(tx, actor.tenantId, input.escalationId, "already_open");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "escalation.reopened",
    subject: input.escalationId,
  });
}

/** 0 rows changed: either no such escalation in this tenant (another tenant's looks the same) or it is already in the target state. */
async function explainNoChange(
  tx: Tx,
  tenantId: string,
  id: string,
  conflictCode: "already_handled" | "already_open",
): Promise<never> {
  const exists = await tx
    .selectFrom("escalations")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!exists) throw new NotFoundError("escalation");
  throw new ConflictError(`escalation ${conflictCode.replace("_", " ")}`, conflictCode);
}
