import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { de, en } from "~/app/lib/i18n/resources.ts";

/*
 * Every page has its own title (issue 18): a page route (a module under app/routes that renders, other
 * than the tenant layout) declares `title: "titles.<page>"` in its handle, no two pages share one, and
 * the text exists in English and German. Read from the source, as the build sees it: importing the
 * routes would load their server modules.
 */

const LAYOUTS = new Set(["tenant.tsx"]);

const pages = readdirSync("app/routes")
  .filter((f) => f.endsWith(".tsx") && !LAYOUTS.has(f))
  .map((file) => ({ file, source: readFileSync(`app/routes/${file}`, "utf8") }))
  .filter(({ source }) => /^export default function/m.test(source));

function titleOf(source: string): string | undefined {
  return /export const handle = \{[^}]*\btitle: "titles\.([A-Za-z]+)"/.exec(source)?.[1];
}

describe("page titles", () => {
  it("finds the pages", () => {
    expect(pages.length).toBeGreaterThan(50);
  });

  it("every page declares a title in its handle", () => {
    expect(pages.filter(({ source }) => !titleOf(source)).map(({ file }) => file)).toEqual([]);
  });

  it("no two pages share a title", () => {
    const byTitle = new Map<string, string[]>();
    for (const { file, source } of pages) {
      const title = titleOf(source)!;
      byTitle.set(title, [...(byTitle.get(title) ?? []), file]);
    }
    expect([...byTitle.values()].filter((files) => files.length > 1)).toEqual([]);
  });

  it("every title has a text in English and German, and no text is left unused", () => {
    const used = new Set(pages.map(({ source }) => titleOf(source)));
    for (const [lang, dict] of [
      ["en", en],
      ["de", de],
    ] as const) {
      const titles = dict.common.titles as Record<string, string>;
      for (const key of used) expect(titles[key!], `${lang} titles.${key}`).toMatch(/\S/);
      expect(
        Object.keys(titles).filter((k) => !used.has(k)),
        `${lang}: unused titles`,
      ).toEqual([]);
    }
  });

  it("no page sets the document title another way", () => {
    expect(
      pages.filter(({ source }) => /\btitle: [`"'][^"'`]*Chorus/.test(source)).map((p) => p.file),
    ).toEqual([]);
  });
});
