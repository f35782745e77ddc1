import { createElement, type ReactNode } from "react";

/**
 * A small, safe Markdown subset for texts admins write (the guidelines): paragraphs, headings
 * (#, ##, ###), bullet and numbered lists, **bold**, *italic*, and links [text](https://…).
 * It builds React elements, never HTML strings, so everything else — tags, entities, scripts —
 * is shown as the literal text it is. Links keep their target only when it is http(s); any
 * other scheme (javascript:, data:, relative paths) is dropped and the link text stays as text.
 * Headings start one level below the page title: # → h2, ## → h3, ### → h4.
 */

type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; items: string[] };

const HEADING = /^(#{1,3})[ \t]+(.+?)[ \t#]*$/;
const BULLET = /^[ \t]*[-*+][ \t]+(.*)$/;
const NUMBERED = /^[ \t]*\d{1,9}[.)][ \t]+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
    if (list) blocks.push({ kind: "list", ...list });
    paragraph = [];
    list = null;
  };
  for (const raw of source.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    if (line.trim() === "") {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({
        kind: "heading",
        level: (heading[1] ?? "#").length as 1 | 2 | 3,
        text: heading[2] ?? "",
      });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = numbered !== null;
      if (!list || list.ordered !== ordered) {
        flush();
        list = { ordered, items: [] };
      }
      list.items.push(item[1] ?? "");
      continue;
    }
    const currentList: { ordered: boolean; items: string[] } | null = list;
    if (currentList && currentList.items.length > 0) {
      // a continuation line belongs to the last item
      const last = currentList.items.length - 1;
      currentList.items[last] = `${currentList.items[last] ?? ""} ${line.trim()}`;
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** The href if it is an absolute http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

// the target may hold one level of balanced parentheses (Wikipedia URLs, and javascript:alert(1))
const LINK = /^\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/;
const ESCAPABLE = /[\\*_[\]()#+\-.!`]/;

/** Inline Markdown → React nodes (strings are escaped by React when rendered). */
export function parseInline(text: string, allowLinks = true): ReactNode[] {
  const out: ReactNode[] = [];
  let buffer = "";
  const push = (node: ReactNode) => {
    if (buffer) out.push(buffer);
    buffer = "";
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? "";
    const next = text[i + 1] ?? "";
    if (ch === "\\" && ESCAPABLE.test(next)) {
      buffer += next;
      i += 2;
      continue;
    }
    if (ch === "*" && next === "*") {
      const end = text.indexOf("**", i + 2);
      if (end > i + 2) {
        push(
          createElement("strong", { key: out.length }, ...parseInline(text.slice(i + 2, end), allowLinks)),
        );
        i = end + 2;
        continue;
      }
    } else if (ch === "*" && next !== " " && next !== "") {
      const end = findSingleStar(text, i + 1);
      if (end > i + 1) {
        push(createElement("em", { key: out.length }, ...parseInline(text.slice(i + 1, end), allowLinks)));
        i = end + 1;
        continue;
      }
    } else if (ch === "[" && allowLinks) {
      const link = LINK.exec(text.slice(i));
      if (link) {
        const label = parseInline(link[1] ?? "", false);
        const href = safeHref(link[2] ?? "");
        if (href)
          push(createElement("a", { key: out.length, href, rel: "noopener noreferrer nofollow" }, ...label));
        else push(createElement("span", { key: out.length }, ...label));
        i += link[0].length;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  if (buffer) out.push(buffer);
  return out;
}

/** The closing single `*` of an emphasis (not part of a `**`), or -1. */
function findSingleStar(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "\\") {
      j++;
      continue;
    }
    if (text[j] !== "*") continue;
    if (text[j + 1] === "*") {
      const close = text.indexOf("**", j + 2);
      if (close === -1) return -1;
      j = close + 1;
      continue;
    }
    return text[j - 1] === " " ? -1 : j;
  }
  return -1;
}

const HEADING_TAG = { 1: "h2", 2: "h3", 3: "h4" } as const;

export function renderMarkdown(source: string): ReactNode[] {
  return parseBlocks(source).map((block, key) => {
    switch (block.kind) {
      case "heading":
        return createElement(HEADING_TAG[block.level], { key }, ...parseInline(block.text));
      case "paragraph":
        return createElement("p", { key }, ...parseInline(block.text));
      case "list":
        return createElement(
          block.ordered ? "ol" : "ul",
          { key },
          block.items.map((item, i) => createElement("li", { key: i }, ...parseInline(item))),
        );
    }
  });
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={className ? `markdown ${className}` : "markdown"}>{renderMarkdown(source)}</div>;
}
