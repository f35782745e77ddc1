import type { Tx } from "~/db/client.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { UpdateTenantSettingsInput } from "~/app/modules/tenancy/member-schemas.ts";
import { parseInput } from "~/app/lib/validation.ts";

export { UpdateTenantSettingsInput } from "~/app/modules/tenancy/member-schemas.ts";

/**
 * tenants is a global table without RLS, so the row is chosen by the actor's verified tenant id
 * (from their membership), never by anything in the request.
 */
export async function updateTenantSettings(
  tx: Tx,
  actor: Member,
  raw: UpdateTenantSettingsInput,
): Promise<void> {
  const input = parseInput(UpdateTenantSettingsInput, raw);
  const result = await tx
    .updateTable("tenants")
    .set({ name: input.name, default_locale: input.defaultLocale, time_zone: input.timeZone })
    .where("id", "=", actor.tenantId)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("tenant");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "tenant.settings_updated",
    data: input,
  });
}
