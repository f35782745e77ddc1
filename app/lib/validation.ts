import { z } from "zod";
import { ValidationError } from "~/app/lib/errors.ts";
import { isCalendarDay } from "~/app/lib/days.ts";

/**
 * Shared field schemas. Their messages are i18n keys under "validation." so the same schema
 * validates on the server and in the browser and still speaks the reader's language.
 *
 * Every piece of text and every date that comes from outside (forms, API bodies and queries, job
 * payloads with user text) is read through the building blocks below: `safeString` for text,
 * `SafeDateTime`/`DateInRange` for points in time, `SafeDay` for calendar days. They refuse what
 * PostgreSQL cannot store — a NUL character in text, a date outside its range — with a field error
 * (400) instead of a database error (500). `grep -rn "z.string(" app/modules app/routes` should only
 * find schemas of what we send (API responses, stored statements), of what LinkedIn or Stripe
 * answer, or of the environment: never of what a person or an API client sends.
 */

/** Errors about the input as a whole, not one field (conform's formErrors, ValidationError's "form"). */
export const FORM_ERRORS_KEY = "form";

/**
 * zod's issues as field errors: each message under its field's dotted path ("captions.0.text"),
 * issues about the whole input under "form". The one place this mapping is written: domain input
 * (parseInput → ValidationError → domainFormErrors → conform's reply) uses it; forms parsed with
 * conform's parseWithZod get the same from conform.
 */
export function issueFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || FORM_ERRORS_KEY;
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * The errors of a failed conform submission in the same shape: conform files errors about the whole
 * form under "" and may hold null for a field it cleared; here they are under "form" and never null.
 * For pages that show errors without conform's useForm (one-button forms, lists of small forms).
 */
export function submissionFieldErrors(
  errors: Record<string, string[] | null> | null | undefined,
): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(errors ?? {}))
    if (messages?.length) fieldErrors[name || FORM_ERRORS_KEY] = messages;
  return fieldErrors;
}

/**
 * Parses the input of a domain function with its schema (jobs, the CLI and the API call them without
 * a form); a failure throws a ValidationError carrying the field errors (i18n keys).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  message = "invalid input",
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ValidationError(message, issueFieldErrors(result.error));
}

/** i18n key (validation.textInvalid): NUL or an unpaired surrogate in text. */
export const TEXT_INVALID = "textInvalid";
/** i18n key (validation.dateOutOfRange): a date before 1970 or after 9999. */
export const DATE_OUT_OF_RANGE = "dateOutOfRange";

export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;
const MIN_TIME = Date.UTC(MIN_YEAR, 0, 1);
const MAX_TIME_EXCLUSIVE = Date.UTC(MAX_YEAR + 1, 0, 1);

// With the u flag a surrogate pair is one code point (an emoji), so \p{Cs} matches only a lone half.
// PostgreSQL's text refuses NUL (22021); a lone surrogate is not Unicode text at all and would be
// silently turned into U+FFFD on the way to the database.
const UNSTORABLE = /[\0\p{Cs}]/u;

/** Text PostgreSQL stores as it was given: no NUL, no unpaired UTF-16 surrogate. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A point in time PostgreSQL and every client can hold: years 1970 to 9999 (UTC). */
export function isDateInRange(value: Date): boolean {
  const time = value.getTime();
  return time >= MIN_TIME && time < MAX_TIME_EXCLUSIVE;
}

/** A real calendar day "YYYY-MM-DD" in the years 1970 to 9999. */
export function isSafeDay(value: string): boolean {
  return isCalendarDay(value) && isSafeYear(Number(value.slice(0, 4)));
}

/** A year as periods write it ("2026" of "2026-Q4"): 1970 to 9999. */
export function isSafeYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/**
 * The base of every text input: z.string() that refuses NUL and lone surrogates before any other
 * check (abort: a NUL is not also "too long"). Chain .trim().min().max() as with z.string().
 */
export function safeString(params?: { error?: string }) {
  return z.string(params).refine(isStorableText, { error: TEXT_INVALID, abort: true });
}

/** Any storable text, no length rules. */
export const SafeText = safeString();

/**
 * Required, trimmed text of at most `max` characters. Messages default to the validation.* keys;
 * modules with their own keys (goals.errors.*, recognition.errors.*) pass theirs.
 */
export function safeText(options: { max: number; required?: string; tooLong?: string }) {
  const { max, required = "required", tooLong = "tooLong" } = options;
  return safeString({ error: required }).trim().min(1, required).max(max, tooLong);
}

/** ISO 8601 as JSON and HTML write it: a day, optionally a time, optionally Z or an offset; 6-digit years signed. */
const ISO_8601 =
  /^(?:[+-]\d{6}|\d{4})-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A point in time from an ISO 8601 string (or a Date an internal caller already has), years
 * 1970–9999. Nothing else is coerced: `new Date(true)` is 1970 plus a millisecond and
 * `new Date([2030])` is New Year 2030, so a boolean, number or array is "date", not some instant.
 */
export const SafeDateTime = z
  .custom<string | Date>((v) => v instanceof Date || (typeof v === "string" && ISO_8601.test(v)), {
    error: "date",
  })
  .pipe(z.coerce.date({ error: "date" }))
  .refine(isDateInRange, DATE_OUT_OF_RANGE);

/** A Date some other step already parsed (e.g. a form's wall-clock time), years 1970–9999. */
export const DateInRange = z.date({ error: "date" }).refine(isDateInRange, DATE_OUT_OF_RANGE);

/** A calendar day "YYYY-MM-DD", years 1970–9999. */
export const SafeDay = safeString({ error: "date" })
  .trim()
  .refine(isCalendarDay, { error: "date", abort: true })
  .refine(isSafeDay, DATE_OUT_OF_RANGE);

export const Email = safeString({ error: "required" })
  .trim()
  .min(1, "required")
  .max(254, "tooLong")
  .pipe(z.email("email"))
  .transform((e) => e.toLowerCase());

export const PersonName = safeText({ max: 120 });

export const Slug = safeString({ error: "required" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "slug");

export const LocaleField = z.enum(["de", "en"]);

/** An HTML checkbox: sent as "on" when ticked, absent when not (so absent means false). */
export const Checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const TimeZone = safeString({ error: "required" }).refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "timeZone");
