import { z } from "zod";
import { DATA_CHOICES, ONBOARDING_PATHS } from "~/db/tables/advocacy.ts";
import { safeString } from "~/app/lib/validation.ts";

/** Form and input schemas of the advocacy module; messages are i18n keys under "validation.". */

export const MAX_GUIDELINES_LENGTH = 50_000;
export const MAX_DISCLOSURE_LENGTH = 40;

export const JoinInput = z.object({
  // an explicit tick, not a pre-checked box: joining must be a deliberate act
  confirmRead: z.literal("on", { error: "required" }),
});

export const LeaveInput = z.object({ dataChoice: z.enum(DATA_CHOICES) });
export type LeaveInput = z.infer<typeof LeaveInput>;

export const OnboardingInput = z.object({ path: z.enum(ONBOARDING_PATHS) });

export const AcknowledgeGuidelinesInput = z.object({ version: z.coerce.number().int().positive() });

const GuidelinesBody = safeString()
  .trim()
  .max(MAX_GUIDELINES_LENGTH, "tooLong")
  .optional()
  .transform((v) => v ?? "");

export const PublishGuidelinesInput = z
  .object({ bodyDe: GuidelinesBody, bodyEn: GuidelinesBody })
  .refine((v) => v.bodyDe.length > 0 || v.bodyEn.length > 0, { message: "required", path: ["bodyDe"] });
export type PublishGuidelinesInput = z.input<typeof PublishGuidelinesInput>;

/**
 * Empty (or only spaces) means "no disclosure". A label is read by people: one line, no invisible
 * characters (zero-width, bidi overrides, control characters), at least one letter or digit — a
 * label of "\u200B" would satisfy every check and disclose nothing.
 */
export const ShareDisclosureInput = z.object({
  disclosure: safeString()
    .trim()
    .max(MAX_DISCLOSURE_LENGTH, "tooLong")
    .refine(
      (v) => v === "" || (!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(v) && /[\p{L}\p{N}]/u.test(v)),
      "disclosureUnreadable",
    )
    .optional()
    .transform((v) => (v ? v : null)),
});
