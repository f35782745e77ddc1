import { describe, expect, it } from "vitest";
import {
  firstHttpUrl,
  parseSharedContent,
  suggestPath,
  suggestPrefill,
} from "~/app/modules/content/share-target.ts";

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
