import { z } from "zod";
import { Email, LocaleField } from "../../lib/validation.ts";

export const RequestSignInLinkInput = z.object({
  email: Email,
  locale: LocaleField.default("de"),
  redirectTo: z.string().optional(),
});
