import { describe, expect, it } from "vitest";
import { captionLength, CAPTION_LIMITS } from "~/app/modules/content/caption-length.ts";

const longUrl = `https://example.com/${"a".repeat(100 - "https://example.com/".length)}`;
const family = "👨‍👩‍👧‍👦";

describe("caption length per network", () => {
  it("X counts any link as 23, however long", () => {
    expect(longUrl).toHaveLength(100);
    expect(captionLength("x", longUrl).length).toBe(23);
    expect(captionLength("x", `Read this ${longUrl}`).length).toBe("Read this ".length + 23);
  });

  it("X counts emoji and CJK characters as 2", () => {
    expect(captionLength("x", "😀").length).toBe(2);
    expect(captionLength("x", "日本語").length).toBe(6);
    expect(captionLength("x", "abc").length).toBe(3);
  });

  it("X allows 280 and refuses 281", () => {
    expect(captionLength("x", "a".repeat(280))).toEqual({ length: 280, limit: 280, ok: true });
    expect(captionLength("x", "a".repeat(281))).toEqual({ length: 281, limit: 280, ok: false });
    // 140 CJK characters weigh 280: the limit exactly; one more is over
    expect(captionLength("x", "字".repeat(140)).ok).toBe(true);
    expect(captionLength("x", "字".repeat(141)).ok).toBe(false);
  });

  it("Bluesky counts a family emoji as one grapheme and a link as written", () => {
    expect(captionLength("bluesky", family).length).toBe(1);
    expect(captionLength("bluesky", longUrl).length).toBe(100);
    expect(captionLength("bluesky", "a".repeat(300)).ok).toBe(true);
    expect(captionLength("bluesky", "a".repeat(301)).ok).toBe(false);
  });

  it("Mastodon counts a link as 23", () => {
    expect(captionLength("mastodon", longUrl).length).toBe(23);
    expect(captionLength("mastodon", `Hallo ${longUrl} !`).length).toBe("Hallo ".length + 23 + 2);
    expect(CAPTION_LIMITS.mastodon).toBe(500);
  });

  it("LinkedIn allows 3,000 characters", () => {
    expect(captionLength("linkedin", "a".repeat(3000))).toEqual({ length: 3000, limit: 3000, ok: true });
    expect(captionLength("linkedin", "a".repeat(3001)).ok).toBe(false);
    expect(captionLength("threads", "a".repeat(501)).ok).toBe(false);
  });
});
