import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeHref } from "~/app/ui/markdown.tsx";

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));
const inner = (source: string) =>
  html(source)
    .replace(/^<div class="markdown">/, "")
    .replace(/<\/div>$/, "");

describe("Markdown", () => {
  it("renders headings one level below the page title, and paragraphs", () => {
    expect(inner("# Rules\n## Do\n### Details\nFirst line\nsame paragraph\n\nSecond")).toBe(
      "<h2>Rules</h2><h3>Do</h3><h4>Details</h4><p>First line same paragraph</p><p>Second</p>",
    );
  });

  it("keeps a hashtag without a space as text, not a heading", () => {
    expect(inner("#mitarbeiter")).toBe("<p>#mitarbeiter</p>");
  });

  it("renders bullet and numbered lists, and switches list type", () => {
    expect(inner("- one\n* two\n  continued\n1. first\n2) second")).toBe(
      "<ul><li>one</li><li>two continued</li></ul><ol><li>first</li><li>second</li></ol>",
    );
  });

  it("renders bold and italic, nested and inside list items", () => {
    expect(inner("**bold** and *italic* and **bold *both* here**")).toBe(
      "<p><strong>bold</strong> and <em>italic</em> and <strong>bold <em>both</em> here</strong></p>",
    );
    expect(inner("- **never** share *customer data*")).toBe(
      "<ul><li><strong>never</strong> share <em>customer data</em></li></ul>",
    );
  });

  it("leaves unmatched markers and escaped characters as text", () => {
    expect(inner("2 * 3 = 6 and **open")).toBe("<p>2 * 3 = 6 and **open</p>");
    expect(inner("\\*not italic\\*")).toBe("<p>*not italic*</p>");
  });

  it("renders http(s) links with a safe rel", () => {
    expect(inner("[Wiki](https://de.wikipedia.org/wiki/Chorus_(Musik))")).toBe(
      '<p><a href="https://de.wikipedia.org/wiki/Chorus_(Musik)" rel="noopener noreferrer nofollow">Wiki</a></p>',
    );
    expect(inner("See [our policy](https://example.com/policy?a=1&b=2).")).toBe(
      '<p>See <a href="https://example.com/policy?a=1&amp;b=2" rel="noopener noreferrer nofollow">our policy</a>.</p>',
    );
    expect(inner("[**bold** link](http://example.com)")).toBe(
      '<p><a href="http://example.com/" rel="noopener noreferrer nofollow"><strong>bold</strong> link</a></p>',
    );
  });

  it("escapes raw HTML: a script tag is shown as text, never run", () => {
    const out = html('<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("drops javascript:, data: and relative link targets and keeps the text", () => {
    for (const target of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,hi",
      "/t/x/admin",
      "//evil.example",
    ]) {
      const out = inner(`[click me](${target})`);
      expect(out).toBe("<p><span>click me</span></p>");
      expect(out).not.toContain("href");
    }
  });

  it("does not let a link's text carry markup or another link", () => {
    const out = inner('[<b onclick="x">hi</b>](https://example.com)');
    expect(out).toBe(
      '<p><a href="https://example.com/" rel="noopener noreferrer nofollow">&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt;</a></p>',
    );
  });

  it("accepts only absolute http(s) URLs as hrefs", () => {
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("https://")).toBeNull();
    expect(safeHref(" https://example.com")).toBeNull();
  });

  it("renders nothing for empty input", () => {
    expect(html("   \n\n")).toBe('<div class="markdown"></div>');
  });
});
