import { z } from "zod";

/**
 * Shared field schemas. Their messages are i18n keys under "validation." so the same schema
 * validates on the server and in the browser and still speaks the reader's language.
 */
export const Email = z
  .string({ error: "required" })
  .trim()
  .min(1, "required")
  .max(254, "tooLong")
  .pipe(z.email("email"))
  .transform((e) => e.toLowerCase());

export const PersonName = z.string({ error: "required" }).trim().min(1, "required").max(120, "tooLong");

export const Slug = z
  .string({ error: "required" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "slug");

export const LocaleField = z.enum(["de", "en"]);

export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "timeZone");
