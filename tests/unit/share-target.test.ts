import { describe, expect, it } from "vitest";
import {
  firstHttpUrl,
  parseSharedContent,
  suggestPath,
  suggestPrefill,
} from "~/app/modules/content/share-target.ts";
import { isStorableText } from "~/app/lib/validation.ts";

const parse = (query: Record<string, string>) => parseSharedContent(new URLSearchParams(query));

describe("share target: what another app sends", () => {
  it("takes the url parameter as the link, title and text as the note", () => {
    expect(parse({ url: "https://example.com/a?b=1", title: "A good read", text: "About hiring" })).toEqual({
      url: "https://example.com/a?b=1",
      note: "A good read\nAbout hiring",
    });
  });

  it("finds the link inside the text (most apps send it there) and leaves it out of the note", () => {
    expect(parse({ text: "Look at this: https://news.example.org/story-1. Great!" })).toEqual({
      url: "https://news.example.org/story-1",
      note: "Look at this: . Great!",
    });
    expect(firstHttpUrl("(see https://example.com/x)")).toBe("https://example.com/x");
  });

  it("never takes a non-http link, credentials in a URL, or garbage", () => {
    expect(parse({ url: "javascript:alert(1)" })).toEqual({});
    expect(parse({ url: "data:text/html,<script>1</script>" })).toEqual({});
    expect(parse({ url: "https://user:pw@example.com/" })).toEqual({});
    expect(parse({ text: "ftp://example.com/file" })).toEqual({ note: "ftp://example.com/file" });
    expect(parse({ url: `https://example.com/${"a".repeat(3000)}` })).toEqual({});
    expect(parse({ text: "bad \u0000 byte https://example.com" })).toEqual({});
  });

  it("a falsy or missing everything is an empty prefill, and the note is cut to the form's limit", () => {
    expect(parse({})).toEqual({});
    expect(parse({ title: "x".repeat(5000) }).note).toHaveLength(2000);
  });

  it("builds the tenant's suggestion path with an encoded query that suggestPrefill reads back", () => {
    const path = suggestPath("demo", { url: "https://example.com/?q=a&b=c", note: "Hi & bye" });
    expect(path).toBe("/t/demo/suggest?url=https%3A%2F%2Fexample.com%2F%3Fq%3Da%26b%3Dc&note=Hi+%26+bye");
    expect(suggestPrefill(new URL(path, "http://x").searchParams)).toEqual({
      url: "https://example.com/?q=a&b=c",
      reason: "Hi & bye",
    });
    expect(suggestPath("demo", {})).toBe("/t/demo/suggest");
  });

  it("suggestPrefill drops a hostile url of its own query", () => {
    expect(suggestPrefill(new URLSearchParams("url=javascript:alert(1)&note=ok"))).toEqual({ reason: "ok" });
  });
});

describe("share target: links and notes as phones send them (review)", () => {
  it("keeps a link's own closing bracket (Wikipedia), drops only an unbalanced one around it", () => {
    expect(parse({ text: "https://de.wikipedia.org/wiki/Chor_(Musik)" })).toEqual({
      url: "https://de.wikipedia.org/wiki/Chor_(Musik)",
    });
    expect(firstHttpUrl("Lies das (https://de.wikipedia.org/wiki/Chor_(Musik)).")).toBe(
      "https://de.wikipedia.org/wiki/Chor_(Musik)",
    );
    expect(firstHttpUrl("see https://example.com/a_(b)_c?x=(1)!")).toBe("https://example.com/a_(b)_c?x=(1)");
    // a text of nothing but closing brackets after a link is not a slow case
    const started = performance.now();
    expect(firstHttpUrl(`https://example.com/x${").".repeat(4990)}`)).toBe("https://example.com/x");
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("cutting a long note never splits an emoji into a half the form would refuse", () => {
    const note = parse({ title: `${"x".repeat(1999)}😀 more` }).note!;
    expect(note.length).toBeLessThanOrEqual(2000);
    expect(isStorableText(note)).toBe(true);
    const reason = suggestPrefill(new URLSearchParams({ note: `${"y".repeat(1999)}🎉` })).reason!;
    expect(reason).toBe("y".repeat(1999));
    expect(isStorableText(reason)).toBe(true);
  });
});
