/**
 * What an erasure looks for and what it writes instead (pure; app/modules/privacy/erase-member.server.ts).
 * The pseudonym comes from the erasure record's random id, never from the email or the name, so
 * nobody can get back from it to the person.
 */
import type { Locale } from "~/db/schema.ts";

const PSEUDONYM_PREFIX: Record<Locale, string> = { de: "Gelöschtes Mitglied", en: "Erased member" };

/** "Erased member 7f3a9c" (or German, in the tenant's language) from the erasure's random id. */
export function pseudonymFor(erasureId: string, locale: Locale): string {
  return `${PSEUDONYM_PREFIX[locale]} ${erasureId.replaceAll("-", "").slice(0, 6)}`;
}

/** The pseudonym's URL-safe form ("erased-7f3a9c"), for a URL or slug that named the person: the URL stays valid. */
export function urlTokenFor(erasureId: string): string {
  return `erased-${erasureId.replaceAll("-", "").slice(0, 6)}`;
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
 * A literal as a pattern that matches it in plain text and in JSON text alike: JSON writes a quote
 * as \" and a backslash as \\ (audit data, snapshots as `column::text`), so "O"Neil" is found in both.
 */
function literal(text: string): string {
  return [...text]
    .map((ch) => (ch === '"' ? String.raw`\\?"` : ch === "\\" ? String.raw`\\{1,2}` : escapeRegex(ch)))
    .join("");
}

/**
 * Letters and digits as a word's inside, for word boundaries that JavaScript (flag u) and
 * PostgreSQL read alike whatever the database's locale: "Max" is not replaced inside "Maximum",
 * "Wu" not inside "Wuppertal".
 */
const WORD = "[0-9A-Za-z_\\u00C0-\\u1FFF]";
const bounded = (alternatives: string[]) => `(?<!${WORD})(?:${alternatives.join("|")})(?!${WORD})`;
/** Between a name's words as they appear in text, slugs, addresses and URLs: "Li Wu", "li-wu", "li.wu", "Li%20Wu", "Li+Wu". */
const NAME_GAP = "(?:\\s|%20|[-_.+])+";

/**
 * The person as they appear in free text. Structured places (statements' employee and manager, the
 * user row) are rewritten by id; in text the erasure looks for:
 * - case-insensitively (`ci`): the address anywhere; the full name whatever its length ("Li Wu"),
 *   between word boundaries, its words joined by spaces, hyphens, dots, underscores, "+" or "%20";
 *   the address's local part when it contains one of the name's words ("zerline.q");
 * - case-sensitively (`cs`): each word of the name of three letters or more as written or in
 *   capitals ("Quastenhuber", "ZERLINE"), between word boundaries, unless another member of the
 *   tenant has that word in their name too (then "Danke, Anna!" may mean the other Anna, and stays).
 *   Capitalised only: "Wolf" is replaced, the word "wolf" in a post is not.
 */
export interface ErasureTerms {
  /** matched case-insensitively (PostgreSQL ARE and JavaScript alike) */
  ci: string;
  /** matched case-sensitively, or null */
  cs: string | null;
}

/** The words of a name ("Zerline Quastenhuber-Meyer" → Zerline, Quastenhuber, Meyer). */
export function nameWords(name: string): string[] {
  return name
    .trim()
    .split(/[\s\-_.,]+/u)
    .filter((w) => w.length > 0);
}

export function erasureTerms(
  email: string,
  name: string,
  opts: { sharedWords?: Iterable<string> } = {},
): ErasureTerms {
  const address = email.trim();
  const ci = [literal(address)];
  const words = nameWords(name);
  if (name.trim().length >= 2) ci.push(bounded([words.map(literal).join(NAME_GAP)]));
  const shared = new Set([...(opts.sharedWords ?? [])].map((w) => w.toLowerCase()));
  const local = (address.split("@")[0] ?? "").toLowerCase();
  // the local part only when it is more than one word of a name: "koch@…" for Jonas Koch or "max@…"
  // would otherwise replace "Unser Koch empfiehlt" and "max. 280 Zeichen" case-insensitively
  const bareWord = words.some((w) => w.toLowerCase() === local) || shared.has(local);
  if (local.length >= 3 && !bareWord && words.some((w) => w.length >= 3 && local.includes(w.toLowerCase())))
    ci.push(bounded([literal(local)]));
  const single = [
    ...new Set(
      words
        .filter((w) => [...w].length >= 3 && !shared.has(w.toLowerCase()))
        .flatMap((w) => [w, w.toUpperCase()]),
    ),
  ];
  return { ci: ci.join("|"), cs: single.length > 0 ? bounded(single.map(literal)) : null };
}

function regexes(terms: ErasureTerms): RegExp[] {
  return [new RegExp(terms.ci, "giu"), ...(terms.cs ? [new RegExp(terms.cs, "gu")] : [])];
}

/** Replaces the person in one string. */
export function replaceTerms(text: string, terms: ErasureTerms, pseudonym: string): string {
  return regexes(terms).reduce((out, re) => out.replace(re, () => pseudonym), text);
}

/**
 * Patterns for a list of literals, found anywhere (no word boundaries), case-insensitively and in
 * their JSON-escaped form too; null for an empty list.
 */
export function literalTerms(needles: readonly string[]): ErasureTerms | null {
  const plain = [...new Set(needles.map((n) => n.trim()).filter((n) => n.length > 0))];
  return plain.length > 0 ? { ci: plain.map(literal).join("|"), cs: null } : null;
}

/**
 * Whether a text contains the address itself (not a longer one around it): how the erasure finds
 * the person in what no tenant owns (a sign-in mail, the queue's event log).
 */
export function containsAddress(text: string, address: string): boolean {
  return new RegExp(
    `(?<![0-9A-Za-z_.+-])${literal(address.trim())}(?![0-9A-Za-z_-]|\\.[0-9A-Za-z])`,
    "iu",
  ).test(text);
}

/** Whether a string mentions the person. */
export function mentions(text: string, terms: ErasureTerms): boolean {
  return regexes(terms).some((re) => re.test(text));
}

/** replaceTerms on every string of a JSON value (keys included), returning a new value. */
export function replaceInJson(value: unknown, terms: ErasureTerms, pseudonym: string): unknown {
  if (typeof value === "string") return replaceTerms(value, terms, pseudonym);
  if (Array.isArray(value)) return value.map((v) => replaceInJson(v, terms, pseudonym));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        replaceTerms(k, terms, pseudonym),
        replaceInJson(v, terms, pseudonym),
      ]),
    );
  }
  return value;
}
