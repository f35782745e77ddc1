import type { Tx } from "~/db/client.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import {
  DEFAULT_RECOGNITION_SETTINGS,
  RecognitionSettingsInput,
  type RecognitionSettings,
  type RecognitionSettingsUpdate,
} from "~/app/modules/goals/settings.ts";

export {
  RecognitionSettingsInput,
  DEFAULT_RECOGNITION_SETTINGS,
  type RecognitionSettings,
  type RecognitionSettingsUpdate,
} from "~/app/modules/goals/settings.ts";

/**
 * The tenant's attainment cap, release mode, self-reported share rules and back-dating rule
 * (no row: the defaults, 150 %, works-council mode, self-reported shares earn points up to 5 a
 * week, no back-dated start).
 */
export async function getRecognitionSettings(tx: Tx, tenantId: string): Promise<RecognitionSettings> {
  const row = await tx
    .selectFrom("recognition_settings")
    .select([
      "attainment_cap_percent",
      "release_mode",
      "self_reported_shares_earn_points",
      "self_reported_weekly_cap",
      "allow_backdated_start",
    ])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_RECOGNITION_SETTINGS };
  return {
    attainmentCapPercent: row.attainment_cap_percent,
    releaseMode: row.release_mode,
    selfReportedSharesEarnPoints: row.self_reported_shares_earn_points,
    selfReportedWeeklyCap: row.self_reported_weekly_cap,
    allowBackdatedStart: row.allow_backdated_start,
  };
}

/**
 * Saves the settings (admin, "recognition.manage"); audited with the values before and after.
 * The cap and release mode apply to statements locked from now on; the share rules to shares the
 * award job has not decided yet (each share is decided once); back-dating to agreements proposed
 * from now on.
 */
export async function saveRecognitionSettings(
  tx: Tx,
  member: Member,
  raw: RecognitionSettingsUpdate,
): Promise<RecognitionSettings> {
  if (!can(member.roles, "recognition.manage")) throw new ForbiddenError();
  const before = await getRecognitionSettings(tx, member.tenantId);
  const input: RecognitionSettings = parseInput(RecognitionSettingsInput, {
    attainmentCapPercent: raw.attainmentCapPercent,
    releaseMode: raw.releaseMode,
    selfReportedSharesEarnPoints: raw.selfReportedSharesEarnPoints ?? before.selfReportedSharesEarnPoints,
    selfReportedWeeklyCap: raw.selfReportedWeeklyCap ?? before.selfReportedWeeklyCap,
    allowBackdatedStart: raw.allowBackdatedStart ?? before.allowBackdatedStart,
  });
  const values = {
    attainment_cap_percent: input.attainmentCapPercent,
    release_mode: input.releaseMode,
    self_reported_shares_earn_points: input.selfReportedSharesEarnPoints,
    self_reported_weekly_cap: input.selfReportedWeeklyCap,
    allow_backdated_start: input.allowBackdatedStart,
    updated_by: member.id,
    updated_at: new Date(),
  };
  await tx
    .insertInto("recognition_settings")
    .values({ tenant_id: member.tenantId, ...values })
    .onConflict((oc) => oc.column("tenant_id").doUpdateSet(values))
    .execute();
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "recognition.settings_updated",
    data: { ...input, before: { ...before } },
  });
  return input;
}
