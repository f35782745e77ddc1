import { z } from "zod";
import { HttpUrl } from "~/app/modules/content/schemas.ts";
import { safeString } from "~/app/lib/validation.ts";

/**
 * What another app hands Chorus through the installed app's share target (public/manifest.webmanifest,
 * `share_target`: GET /share-target?title=…&text=…&url=…), turned into a suggestion's prefill: the
 * link and a note. Apps differ in where they put the link: many send it inside `text` ("Look at this
 * https://…"), some as `url`, some both. Anything that does not parse is dropped, never an error: the
 * person lands on the suggestion form either way and can fix it there.
 */

/** The suggestion form's limits (SuggestionInput): the note is cut to fit, the link must fit as is. */
const NOTE_MAX = 2000;

/** A query value: one string of sane length, anything else (absent, repeated, binary) → "". */
const Param = z.preprocess((v) => (typeof v === "string" ? v : ""), safeString().max(10_000).catch(""));

export const SharedQuery = z.object({ title: Param, text: Param, url: Param });

/** Punctuation a sentence may put right after a link. */
const TRAILING = /[.,;:!?)\]}»”’]$/u;
const count = (s: string, c: string) => s.split(c).length - 1;

/**
 * The first http(s) link in a text, without trailing punctuation a sentence puts after it; a closing
 * bracket that has its opening one inside the link belongs to it (de.wikipedia.org/wiki/Chor_(Musik)).
 */
export function firstHttpUrl(text: string): string | undefined {
  const match = /https?:\/\/[^\s<>"'`]+/i.exec(text);
  if (!match) return undefined;
  let candidate = match[0];
  const opening = count(candidate, "(");
  let closing = count(candidate, ")");
  while (TRAILING.test(candidate)) {
    if (candidate.endsWith(")")) {
      if (opening >= closing) break;
      closing -= 1;
    }
    candidate = candidate.slice(0, -1);
  }
  return HttpUrl.safeParse(candidate).success ? candidate : undefined;
}

/** The first `max` UTF-16 units, one fewer rather than half an emoji (a lone surrogate is refused). */
function cut(text: string, max: number): string {
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

export interface SharedContent {
  /** an http(s) URL without credentials, ≤ 2048 characters */
  url?: string;
  /** the title and the rest of the text, one per line, ≤ 2000 characters */
  note?: string;
}

/** `title`, `text` and `url` of a share (any of them may be missing or garbage) → link and note. */
export function parseSharedContent(params: URLSearchParams): SharedContent {
  const query = SharedQuery.parse({
    title: params.get("title") ?? undefined,
    text: params.get("text") ?? undefined,
    url: params.get("url") ?? undefined,
  });
  const fromUrl = HttpUrl.safeParse(query.url);
  const url = fromUrl.success ? fromUrl.data : (firstHttpUrl(query.text) ?? firstHttpUrl(query.title));
  // the link itself is already in the link field: the note keeps what was said about it
  const text = url ? query.text.replace(url, "") : query.text;
  const lines = [query.title, text]
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s, i, all) => s !== "" && all.indexOf(s) === i);
  const note = cut(lines.join("\n"), NOTE_MAX).trim();
  return { ...(url ? { url } : {}), ...(note ? { note } : {}) };
}

/** The suggestion form's query: `/t/<slug>/suggest?url=…&note=…` (read back by suggestPrefill). */
export function suggestPath(tenantSlug: string, shared: SharedContent): string {
  const query = new URLSearchParams();
  if (shared.url) query.set("url", shared.url);
  if (shared.note) query.set("note", shared.note);
  const search = query.toString();
  return `/t/${encodeURIComponent(tenantSlug)}/suggest${search ? `?${search}` : ""}`;
}

/** The suggestion form's default values from its own query (?url=…&note=…), validated again. */
export function suggestPrefill(params: URLSearchParams): { url?: string; reason?: string } {
  const url = HttpUrl.safeParse(params.get("url") ?? "");
  const note = cut(Param.parse(params.get("note") ?? undefined).trim(), NOTE_MAX).trim();
  return { ...(url.success ? { url: url.data } : {}), ...(note ? { reason: note } : {}) };
}
