import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { namespaceFile, namespaces } from "~/app/lib/i18n/namespaces.ts";
import { de } from "~/app/lib/i18n/resources.ts";

/*
 * docs/GLOSSARY.md names one German word for each thing and, in its "Never (German)" column, the words
 * that must not appear in any German text. This test reads that column and refuses the words in every
 * German dictionary (app/lib/i18n/de/*.ts), reporting file, key and word.
 *
 * How a word matches (case-sensitive: German nouns are capitalised, so "posten" or "lob" as a verb do not count):
 * - a short word (under 6 letters: Post, Hub, Share, Lob, BR, ZV, User, Reach, Views, Firma …) only as a
 *   whole word: not inside another word ("Postfach", "Hubraum") and not as the tail of a hyphenated
 *   compound ("E-Mail-Post"); it does count at the head of one ("Share-Link");
 * - a longer word also as the start or the tail of a compound, in any case ("Richtlinienverstoß",
 *   "Social-Media-Richtlinien", "Unternehmensrichtlinien", "Genehmigungen"): these words have no
 *   innocent look-alikes in our texts.
 * - a qualifier in parentheses ("BR (in UI text)", "Opt-in (in running text)") is dropped: every dictionary
 *   text is UI text.
 * - inflected forms of short words that the rules above miss are listed in INFLECTIONS (whole words) and
 *   COMPOUND_STEMS (matched like long words).
 */

const INFLECTIONS: Record<string, string[]> = {
  Share: ["Shares"],
  Post: ["Posts"],
  User: ["Users"],
};

/** Stems of short words that also start or end compounds, matched like long words ("Firmeneinstellungen"). */
const COMPOUND_STEMS: Record<string, string[]> = {
  Firma: ["Firmen"],
};

/**
 * Names that contain a never-word but mean something else; they are removed from a text before it is checked.
 * - a network's own "Nutzername" (the handle on Facebook/Mastodon), not a member of the company;
 * - LinkedIn's product "Share on LinkedIn", named as LinkedIn's developer portal spells it.
 */
const ALLOWED: RegExp[] = [/\b(Be)?[Nn]utzername/gu, /Share on LinkedIn/g];

/** A word in a text is "short" below this many letters and then matches only whole. */
const SHORT = 6;

interface Tree {
  [key: string]: string | Tree;
}

function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === "string" ? [[path, value] as [string, string]] : leaves(value, path);
  });
}

/** The words of the "Never (German)" column, each with the row's German term. */
function neverWords(markdown: string): { word: string; use: string }[] {
  const rows = markdown
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const header = rows[0] ?? [];
  const never = header.findIndex((h) => h.startsWith("Never"));
  const german = header.indexOf("German");
  if (never < 0 || german < 0) throw new Error("GLOSSARY.md: no German / Never (German) column");
  return rows.slice(2).flatMap((row) =>
    (row[never] ?? "")
      .split(",")
      .map((w) => w.replace(/\(.*?\)/g, "").trim())
      .filter(Boolean)
      .map((word) => ({ word, use: row[german] ?? "" })),
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The patterns one never-word is refused with (see the rules above). */
function patterns(word: string): RegExp[] {
  // "Angestellte:r": the gender ending is a form of the word, the stem is what is refused
  const stem = word.replace(/:[a-z]+$/, "");
  if (stem.replace(/[^\p{L}]/gu, "").length < SHORT) {
    return [
      ...[stem, ...(INFLECTIONS[stem] ?? [])].map(
        (w) => new RegExp(`(?<![\\p{L}\\p{N}-])${escape(w)}(?![\\p{L}\\p{N}])`, "u"),
      ),
      ...(COMPOUND_STEMS[stem] ?? []).flatMap(compound),
    ];
  }
  return compound(stem);
}

/** A long word: at the start of a word or compound as written, and inside a word in any case. */
function compound(word: string): RegExp[] {
  return [
    new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}`, "u"),
    // the tail of a compound, in any case: "Unternehmensrichtlinien" (not the code "manager" on its own)
    new RegExp(`(?<=\\p{L})${escape(word)}`, "iu"),
  ];
}

interface Violation {
  file: string;
  key: string;
  word: string;
  use: string;
  text: string;
}

function violations(glossary: string): Violation[] {
  const words = neverWords(glossary);
  const out: Violation[] = [];
  for (const ns of namespaces) {
    const file = `app/lib/i18n/de/${namespaceFile(ns)}.ts`;
    for (const [key, raw] of leaves((de as unknown as Record<string, Tree>)[ns] ?? {})) {
      // {{tenant}} and $t(nav.hub) are names, not words the reader sees
      const text = ALLOWED.reduce(
        (rest, name) => rest.replace(name, "…"),
        raw.replace(/\{\{[^}]*\}\}/g, "…").replace(/\$t\([^)]*\)/g, "…"),
      );
      for (const { word, use } of words) {
        if (patterns(word).some((re) => re.test(text))) out.push({ file, key, word, use, text });
      }
    }
  }
  return out;
}

const glossary = readFileSync("docs/GLOSSARY.md", "utf8");

describe("glossary", () => {
  it("reads the never-words of every row", () => {
    const words = neverWords(glossary).map((w) => w.word);
    expect(words).toContain("Firma");
    expect(words).toContain("Richtlinien");
    expect(words).toContain("BR");
    expect(words).toContain("Opt-in");
    expect(words.length).toBeGreaterThan(30);
  });

  it("matches whole short words and compounds of long ones, not look-alikes", () => {
    const hits = (word: string, text: string) => patterns(word).some((re) => re.test(text));
    expect(hits("Post", "Ein neuer Post")).toBe(true);
    expect(hits("Post", "Neue Posts")).toBe(true);
    expect(hits("Post", "Dein Postfach")).toBe(false);
    expect(hits("Post", "Per E-Mail-Post")).toBe(false);
    expect(hits("Post", "die Posten der Rechnung")).toBe(false);
    expect(hits("BR", "Frag den BR.")).toBe(true);
    expect(hits("BR", "BRAVO")).toBe(false);
    expect(hits("Firma", "Firmeneinstellungen")).toBe(true);
    expect(hits("Firma", "Firmen wählen")).toBe(true);
    expect(hits("Richtlinien", "Unternehmensrichtlinien")).toBe(true);
    expect(hits("Richtlinien", "Richtlinienverstoß")).toBe(true);
    expect(hits("Angestellte:r", "alle Angestellten")).toBe(true);
    expect(hits("Hub", "Content-Hub")).toBe(false); // "Content-Hub" is its own never-word
    expect(hits("Content-Hub", "im Content-Hub")).toBe(true);
    expect(hits("Lob", "Wir loben")).toBe(false);
    expect(hits("Manager", "Rollen: admin, manager, employee")).toBe(false);
    expect(hits("Manager", "Dein Manager")).toBe(true);
  });

  it("no German dictionary uses a word the glossary says never to use", () => {
    const found = violations(glossary);
    expect(
      found.map((v) => `${v.file} ${v.key}: "${v.word}" (use "${v.use}") in “${v.text}”`),
      "German texts with words docs/GLOSSARY.md refuses",
    ).toEqual([]);
  });
});
