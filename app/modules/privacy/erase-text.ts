/**
 * What an erasure looks for and what it writes instead (pure; app/modules/privacy/erase-member.server.ts).
 * The pseudonym comes from the erasure record's random id, never from the email or the name, so
 * nobody can get back from it to the person.
 */
import type { Locale } from "../../../db/schema.ts";

const PSEUDONYM_PREFIX: Record<Locale, string> = { de: "Gelöschtes Mitglied", en: "Erased member" };

/** "Erased member 7f3a9c" (or German, in the tenant's language) from the erasure's random id. */
export function pseudonymFor(erasureId: string, locale: Locale): string {
  return `${PSEUDONYM_PREFIX[locale]} ${erasureId.replaceAll("-", "").slice(0, 6)}`;
}

/** The placeholder user's address: never deliverable (.invalid is reserved, RFC 2606). */
export function placeholderEmail(erasureId: string): string {
  return `erased-${erasureId.replaceAll("-", "")}@erased.invalid`;
}

/** Whether an address is a placeholder of an earlier erasure. */
export function isPlaceholderEmail(email: string): boolean {
  return /^erased-[0-9a-f]{32}@erased\.invalid$/.test(email);
}

/** Escapes a literal for a regular expression that both JavaScript and PostgreSQL (ARE) read alike. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/**
 * The person as they appear in free text: the email, and the name when it is distinctive enough
 * to replace in other people's text (at least two words, 5 characters): a single first name such as
 * "Max" would also hit "Maximum" in a post. Structured places (statements' employee and manager,
 * the user row) are rewritten by id whatever the name.
 */
export interface ErasureTerms {
  /** case-insensitive patterns (PostgreSQL ARE and JavaScript alike) */
  email: string;
  name: string | null;
}

export function erasureTerms(email: string, name: string): ErasureTerms {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const distinctive = words.length >= 2 && name.trim().length >= 5;
  return {
    email: escapeRegex(email.trim()),
    // any run of spaces between the words: "Zerline  Quastenhuber" in a hand-typed note
    name: distinctive ? words.map(escapeRegex).join("\\s+") : null,
  };
}

/** Replaces the person in one string (email first: an address may contain the name's words). */
export function replaceTerms(text: string, terms: ErasureTerms, pseudonym: string): string {
  let out = text.replace(new RegExp(terms.email, "gi"), pseudonym);
  if (terms.name) out = out.replace(new RegExp(terms.name, "gi"), pseudonym);
  return out;
}

/** Whether a string mentions the person. */
export function mentions(text: string, terms: ErasureTerms): boolean {
  return new RegExp(terms.email, "i").test(text) || (terms.name !== null && new RegExp(terms.name, "i").test(text));
}

/** replaceTerms on every string of a JSON value (keys included), returning a new value. */
export function replaceInJson(value: unknown, terms: ErasureTerms, pseudonym: string): unknown {
  if (typeof value === "string") return replaceTerms(value, terms, pseudonym);
  if (Array.isArray(value)) return value.map((v) => replaceInJson(v, terms, pseudonym));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [replaceTerms(k, terms, pseudonym), replaceInJson(v, terms, pseudonym)]));
  }
  return value;
}
