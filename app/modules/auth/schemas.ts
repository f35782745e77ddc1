import { z } from "zod";
import { Email, LocaleField, SafeText } from "~/app/lib/validation.ts";

export const RequestSignInLinkInput = z.object({
  email: Email,
  locale: LocaleField.default("de"),
  redirectTo: SafeText.optional(),
});
