import { z } from "zod";
import { Email, LocaleField, PersonName, Slug, safeText } from "~/app/lib/validation.ts";

/** Schemas shared by forms (browser) and use cases (server): no server-only imports here. */
export const CreateTenantInput = z.object({
  companyName: safeText({ max: 120 }),
  slug: Slug,
  adminName: PersonName,
  adminEmail: Email,
  locale: LocaleField.default("de"),
});
export type CreateTenantInput = z.infer<typeof CreateTenantInput>;
