import { z } from "zod";
import { LOCALES, NETWORKS } from "~/db/schema.ts";
import { safeText } from "~/app/lib/validation.ts";

export const SHARE_CHANNELS = ["intent", "api", "copy"] as const;
export type ShareChannel = (typeof SHARE_CHANNELS)[number];

/** Longest text accepted at all; each network's own limit is checked by captionLength. */
export const MAX_SHARE_TEXT = 10_000;

/** The share form (route) and createShare's input. Messages are keys under "validation.". */
export const ShareInput = z.object({
  network: z.enum(NETWORKS, { error: "required" }),
  /** the caption variant the text started from; absent: own words */
  captionId: z.uuid().optional(),
  /** the language of own words; with a caption, the caption's language counts */
  language: z.enum(LOCALES).optional().catch(undefined),
  text: safeText({ max: MAX_SHARE_TEXT }),
  channel: z.enum(SHARE_CHANNELS).default("intent"),
});
export type ShareInput = z.infer<typeof ShareInput>;

/** Whitespace runs collapsed, trimmed, lower-cased: "the same text" as a reader would see it. */
export function normaliseShareText(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/** From this many colleagues sharing the identical text on, the employee is nudged to personalise. */
export const SIMILAR_SHARE_NUDGE = 3;

/** A character that continues a word or hashtag ("_", marks, and invisible format characters such as U+200B). */
const WORD_CHAR = "[\\p{L}\\p{M}\\p{N}_\\p{Cf}]";

/**
 * The tenant's disclosure is in the text, case-insensitive ("#mitarbeiter" counts for "#Mitarbeiter"),
 * as a word of its own: "#Werbungsfrei", "#adventure" or "#Mitarbeiterin" do not carry "#Werbung",
 * "#ad" or "#Mitarbeiter" — a network would show them as other hashtags. Compared in Unicode NFC, so
 * a label typed with combining accents matches the same label composed; lookalike letters
 * (Cyrillic "е" for "e") do not match.
 */
export function hasDisclosure(text: string, disclosure: string | null): boolean {
  const label = disclosure?.trim().normalize("NFC");
  if (!label) return true;
  return disclosurePattern(label, "iu").test(text.normalize("NFC"));
}

/** hasDisclosure's match of a label (NFC, trimmed) as a word of its own; flags as RegExp's ("iu", "giu"). */
export function disclosurePattern(label: string, flags: string): RegExp {
  const escaped = label.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const startsWord = new RegExp(`^(?:${WORD_CHAR}|#|@)`, "u").test(label);
  const endsWord = new RegExp(`${WORD_CHAR}$`, "u").test(label);
  return new RegExp(
    `${startsWord ? `(?<!${WORD_CHAR})` : ""}${escaped}${endsWord ? `(?!${WORD_CHAR})` : ""}`,
    flags,
  );
}

/** The caption as prefilled in the form: the disclosure appended when the caption lacks it. */
export function withDisclosure(text: string, disclosure: string | null): string {
  if (!disclosure || hasDisclosure(text, disclosure)) return text;
  return text.trim() === "" ? disclosure : `${text.trimEnd()} ${disclosure}`;
}
