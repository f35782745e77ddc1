import { z } from "zod";
import { Checkbox } from "~/app/lib/validation.ts";

export const RELEASE_MODES = ["employee", "automatic"] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

export interface RecognitionSettings {
  /** overall and per-objective attainment is capped here, in percent */
  attainmentCapPercent: number;
  /** 'employee' (works-council mode): every statement is released by its employee; 'automatic': at lock time for those who consented */
  releaseMode: ReleaseMode;
  /** counted self-reported shares (share page, copied text) earn the per-share points; off: they count toward objectives only */
  selfReportedSharesEarnPoints: boolean;
  /** at most this many self-reported shares count per member and tenant-local ISO week (0: none) */
  selfReportedWeeklyCap: number;
  /** a goal agreement may start before the day it is proposed, but not before the current period's start */
  allowBackdatedStart: boolean;
}

export const DEFAULT_RECOGNITION_SETTINGS: RecognitionSettings = {
  attainmentCapPercent: 150,
  releaseMode: "employee",
  selfReportedSharesEarnPoints: true,
  selfReportedWeeklyCap: 5,
  allowBackdatedStart: false,
};

export const SELF_REPORTED_WEEKLY_CAP_MAX = 100;

/** The admin form (app/routes/admin.recognition.tsx); messages are keys under "goals.errors." / "recognition.errors.". */
export const RecognitionSettingsInput = z.object({
  attainmentCapPercent: z.coerce
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(100, { error: "cap_range" })
    .max(300, { error: "cap_range" }),
  releaseMode: z.enum(RELEASE_MODES, { error: "release_mode" }),
  selfReportedSharesEarnPoints: Checkbox,
  selfReportedWeeklyCap: z.coerce
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(0, { error: "weekly_cap_range" })
    .max(SELF_REPORTED_WEEKLY_CAP_MAX, { error: "weekly_cap_range" }),
  allowBackdatedStart: Checkbox,
});
export type RecognitionSettingsInput = z.infer<typeof RecognitionSettingsInput>;

/**
 * What a caller in code passes: the share and agreement settings may be left out and then keep
 * their stored values (the form always sends all of them; an unticked checkbox means off there).
 */
export type RecognitionSettingsUpdate = Pick<
  RecognitionSettingsInput,
  "attainmentCapPercent" | "releaseMode"
> &
  Partial<
    Pick<
      RecognitionSettingsInput,
      "selfReportedSharesEarnPoints" | "selfReportedWeeklyCap" | "allowBackdatedStart"
    >
  >;
