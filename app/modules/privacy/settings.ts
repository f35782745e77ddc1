import { z } from "zod";
import { Checkbox } from "~/app/lib/validation.ts";

export interface PrivacySettings {
  /** audit events and the credit access log are purged after this many months (6–120) */
  auditRetentionMonths: number;
  /** strict works-council mode: no individual figures for anyone but the person themself */
  strictMode: boolean;
}

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = { auditRetentionMonths: 24, strictMode: false };
export const AUDIT_RETENTION_MONTHS_MIN = 6;
export const AUDIT_RETENTION_MONTHS_MAX = 120;

/** The admin form; messages are keys under "privacy.errors.". */
export const PrivacySettingsInput = z.object({
  auditRetentionMonths: z.coerce
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(AUDIT_RETENTION_MONTHS_MIN, { error: "retention_range" })
    .max(AUDIT_RETENTION_MONTHS_MAX, { error: "retention_range" }),
  strictMode: Checkbox,
});
export type PrivacySettingsUpdate = z.input<typeof PrivacySettingsInput>;
