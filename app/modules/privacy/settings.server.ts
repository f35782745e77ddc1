import type { Tx } from "~/db/client.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import {
  DEFAULT_PRIVACY_SETTINGS,
  PrivacySettingsInput,
  type PrivacySettings,
  type PrivacySettingsUpdate,
} from "~/app/modules/privacy/settings.ts";

export {
  DEFAULT_PRIVACY_SETTINGS,
  PrivacySettingsInput,
  type PrivacySettings,
  type PrivacySettingsUpdate,
} from "~/app/modules/privacy/settings.ts";

/** The tenant's audit retention and strict works-council mode (no row: 24 months, strict mode off). */
export async function getPrivacySettings(tx: Tx, tenantId: string): Promise<PrivacySettings> {
  const row = await tx
    .selectFrom("privacy_settings")
    .select(["audit_retention_months", "strict_mode"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_PRIVACY_SETTINGS };
  return { auditRetentionMonths: row.audit_retention_months, strictMode: row.strict_mode };
}

/** Strict works-council mode on? The one question every figure surface asks. */
export async function isStrictMode(tx: Tx, tenantId: string): Promise<boolean> {
  return (await getPrivacySettings(tx, tenantId)).strictMode;
}

/** Saves the settings (admin, "tenant.settings"); audited with the values before and after. */
export async function savePrivacySettings(
  tx: Tx,
  member: Member,
  raw: PrivacySettingsUpdate,
): Promise<PrivacySettings> {
  if (!can(member.roles, "tenant.settings")) throw new ForbiddenError();
  const before = await getPrivacySettings(tx, member.tenantId);
  const input: PrivacySettings = parseInput(PrivacySettingsInput, raw);
  const values = {
    audit_retention_months: input.auditRetentionMonths,
    strict_mode: input.strictMode,
    updated_by: member.id,
    updated_at: new Date(),
  };
  await tx
    .insertInto("privacy_settings")
    .values({ tenant_id: member.tenantId, ...values })
    .onConflict((oc) => oc.column("tenant_id").doUpdateSet(values))
    .execute();
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "privacy.settings_saved",
    data: { before, after: input },
  });
  return input;
}
