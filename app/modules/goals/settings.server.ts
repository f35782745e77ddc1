import type { Tx } from "../../../db/client.ts";
import { ForbiddenError } from "../../lib/errors.ts";
import { can } from "../../lib/permissions.ts";
import { recordAudit } from "../tenancy/audit.server.ts";
import type { Member } from "../tenancy/member.ts";
import { parseInput } from "../tenancy/member-rules.server.ts";
import { DEFAULT_RECOGNITION_SETTINGS, RecognitionSettingsInput, type RecognitionSettings } from "./settings.ts";

export { RecognitionSettingsInput, DEFAULT_RECOGNITION_SETTINGS, type RecognitionSettings } from "./settings.ts";

/** The tenant's attainment cap and release mode (no row: the defaults, 150 % and works-council mode). */
export async function getRecognitionSettings(tx: Tx, tenantId: string): Promise<RecognitionSettings> {
  const row = await tx
    .selectFrom("recognition_settings")
    .select(["attainment_cap_percent", "release_mode"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_RECOGNITION_SETTINGS };
  return { attainmentCapPercent: row.attainment_cap_percent, releaseMode: row.release_mode };
}

/** Saves the settings (admin, "recognition.manage"); audited. Applies to statements locked from now on. */
export async function saveRecognitionSettings(tx: Tx, member: Member, raw: RecognitionSettingsInput): Promise<RecognitionSettings> {
  if (!can(member.roles, "recognition.manage")) throw new ForbiddenError();
  const input = parseInput(RecognitionSettingsInput, raw);
  await tx
    .insertInto("recognition_settings")
    .values({ tenant_id: member.tenantId, attainment_cap_percent: input.attainmentCapPercent, release_mode: input.releaseMode, updated_by: member.id, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column("tenant_id").doUpdateSet({ attainment_cap_percent: input.attainmentCapPercent, release_mode: input.releaseMode, updated_by: member.id, updated_at: new Date() }),
    )
    .execute();
  await recordAudit(tx, { tenantId: member.tenantId, actorUserId: member.userId, action: "recognition.settings_updated", data: { ...input } });
  return input;
}
