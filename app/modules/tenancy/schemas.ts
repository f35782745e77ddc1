import { z } from "zod";
import { Email, LocaleField, PersonName, Slug } from "../../lib/validation.ts";

/** Schemas shared by forms (browser) and use cases (server): no server-only imports here. */
export const CreateTenantInput = z.object({
  companyName: z.string({ error: "required" }).trim().min(1, "required").max(120, "tooLong"),
  slug: Slug,
  adminName: PersonName,
  adminEmail: Email,
  locale: LocaleField.default("de"),
});
export type CreateTenantInput = z.infer<typeof CreateTenantInput>;
