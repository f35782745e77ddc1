import { z } from "zod";

export const RELEASE_MODES = ["employee", "automatic"] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

export interface RecognitionSettings {
  /** overall and per-objective attainment is capped here, in percent */
  attainmentCapPercent: number;
  /** 'employee' (works-council mode): every statement is released by its employee; 'automatic': at lock time for those who consented */
  releaseMode: ReleaseMode;
}

export const DEFAULT_RECOGNITION_SETTINGS: RecognitionSettings = { attainmentCapPercent: 150, releaseMode: "employee" };

/** The admin form (app/routes/admin.recognition.tsx); messages are keys under "goals.errors.". */
export const RecognitionSettingsInput = z.object({
  attainmentCapPercent: z.coerce
    .number({ error: "number" })
    .int({ error: "integer" })
    .min(100, { error: "cap_range" })
    .max(300, { error: "cap_range" }),
  releaseMode: z.enum(RELEASE_MODES, { error: "release_mode" }),
});
export type RecognitionSettingsInput = z.infer<typeof RecognitionSettingsInput>;
