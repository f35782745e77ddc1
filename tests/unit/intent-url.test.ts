import { describe, expect, it } from "vitest";
import { NETWORKS } from "~/db/schema.ts";
import { mastodonHost, shareTargetFor, textWithLink } from "~/app/modules/sharing/intent-url.ts";
import {
  destinationWithUtm,
  generateLinkCode,
  LINK_CODE_PATTERN,
  trackedUrlFor,
} from "~/app/modules/sharing/link-code.ts";
import { hasDisclosure, normaliseShareText, withDisclosure } from "~/app/modules/sharing/schemas.ts";

const url = "https://chorus.example/s/AbC123xYz9";
const text = "Schöne Grüße & #mitarbeiter 🎉";
// URLSearchParams encodes a space as "+"; ü = %C3%BC, & = %26, # = %23, 🎉 = %F0%9F%8E%89
const encodedText = "Sch%C3%B6ne+Gr%C3%BC%C3%9Fe+%26+%23mitarbeiter+%F0%9F%8E%89";
const encodedUrl = "https%3A%2F%2Fchorus.example%2Fs%2FAbC123xYz9";
const encodedTextWithLink = `${encodedText}%0A%0A${encodedUrl}`;

describe("shareTargetFor", () => {
  it("LinkedIn opens share-offsite with the url only, after copying the caption", () => {
    expect(shareTargetFor("linkedin", { text, url })).toEqual({
      kind: "copy-then-open",
      url: `https://www.linkedin.com/sharing/share-offsite/?url=${encodedUrl}`,
    });
  });

  it("X takes text and url as separate parameters", () => {
    expect(shareTargetFor("x", { text, url })).toEqual({
      kind: "intent",
      url: `https://x.com/intent/tweet?text=${encodedText}&url=${encodedUrl}`,
    });
  });

  it("Facebook's sharer takes u= only, so the caption is copied first", () => {
    expect(shareTargetFor("facebook", { text, url })).toEqual({
      kind: "copy-then-open",
      url: `https://www.facebook.com/sharer/sharer.php?u=${encodedUrl}`,
    });
  });

  it("Xing's share page takes url= only", () => {
    expect(shareTargetFor("xing", { text, url })).toEqual({
      kind: "copy-then-open",
      url: `https://www.xing.com/spi/shares/new?url=${encodedUrl}`,
    });
  });

  it("Threads takes text and url", () => {
    expect(shareTargetFor("threads", { text, url })).toEqual({
      kind: "intent",
      url: `https://www.threads.com/intent/post?text=${encodedText}&url=${encodedUrl}`,
    });
  });

  it("Bluesky takes one text with the link in it", () => {
    expect(shareTargetFor("bluesky", { text, url })).toEqual({
      kind: "intent",
      url: `https://bsky.app/intent/compose?text=${encodedTextWithLink}`,
    });
  });

  it("Mastodon opens the employee's own instance with the link in the text", () => {
    expect(shareTargetFor("mastodon", { text, url, mastodonInstance: "mastodon.social" })).toEqual({
      kind: "intent",
      url: `https://mastodon.social/share?text=${encodedTextWithLink}`,
    });
    expect(shareTargetFor("mastodon", { text, url, mastodonInstance: "https://Chaos.Social/@me" })).toEqual({
      kind: "intent",
      url: `https://chaos.social/share?text=${encodedTextWithLink}`,
    });
  });

  it("Mastodon without an instance (or with something that is no host) can only be copied", () => {
    expect(shareTargetFor("mastodon", { text, url })).toEqual({
      kind: "copy-only",
      reason: "mastodon_instance_missing",
    });
    expect(shareTargetFor("mastodon", { text, url, mastodonInstance: "" })).toEqual({
      kind: "copy-only",
      reason: "mastodon_instance_missing",
    });
    expect(shareTargetFor("mastodon", { text, url, mastodonInstance: "evil.example/x?y=1#" })).toEqual({
      kind: "intent",
      url: `https://evil.example/share?text=${encodedTextWithLink}`,
    });
    expect(shareTargetFor("mastodon", { text, url, mastodonInstance: "javascript:alert(1)" })).toEqual({
      kind: "copy-only",
      reason: "mastodon_instance_missing",
    });
    expect(mastodonHost("a b.social")).toBeNull();
  });

  it("decodes back to exactly the text and link on every network", () => {
    for (const network of NETWORKS) {
      const target = shareTargetFor(network, { text, url, mastodonInstance: "mastodon.social" });
      expect(target.kind).not.toBe("copy-only");
      if (target.kind === "copy-only") continue;
      const params = new URL(target.url).searchParams;
      const carried = [params.get("text"), params.get("url"), params.get("u")].filter(
        (v): v is string => v !== null,
      );
      expect(
        carried.some((v) => v.includes(url)),
        network,
      ).toBe(true);
      const textParam = params.get("text");
      if (textParam !== null) expect(textParam.startsWith(text), network).toBe(true);
    }
  });

  it("a text-only post leaves the url out", () => {
    expect(shareTargetFor("x", { text: "Hallo", url: null })).toEqual({
      kind: "intent",
      url: "https://x.com/intent/tweet?text=Hallo",
    });
    expect(shareTargetFor("bluesky", { text: "Hallo", url: null })).toEqual({
      kind: "intent",
      url: "https://bsky.app/intent/compose?text=Hallo",
    });
    expect(textWithLink("Hallo", null)).toBe("Hallo");
  });

  it("does not add the link twice", () => {
    expect(textWithLink(`Look ${url}`, url)).toBe(`Look ${url}`);
  });
});

describe("link codes", () => {
  it("are 10 characters from [A-Za-z0-9] that the database accepts, and do not repeat", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateLinkCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Za-z0-9]{10}$/);
      expect(code).toMatch(LINK_CODE_PATTERN);
    }
  });

  it("tracked urls sit under /s/ of the origin", () => {
    expect(trackedUrlFor("https://chorus.example/", "AbC123xYz9")).toBe(url);
  });
});

describe("destinationWithUtm", () => {
  it("sets the three UTM tags and keeps the page's own query and fragment", () => {
    const out = new URL(
      destinationWithUtm("https://firma.example/blog/post?id=7&lang=de#teil-2", {
        network: "linkedin",
        campaign: "sommerfest-2026",
      }),
    );
    expect(out.origin + out.pathname).toBe("https://firma.example/blog/post");
    expect(out.hash).toBe("#teil-2");
    expect(Object.fromEntries(out.searchParams)).toEqual({
      id: "7",
      lang: "de",
      utm_source: "linkedin",
      utm_medium: "employee_advocacy",
      utm_campaign: "sommerfest-2026",
    });
  });

  it("replaces UTM tags the page already had instead of doubling them", () => {
    const out = new URL(
      destinationWithUtm("https://firma.example/?utm_source=newsletter&utm_medium=email", {
        network: "x",
        campaign: "launch",
      }),
    );
    expect(out.searchParams.getAll("utm_source")).toEqual(["x"]);
    expect(out.searchParams.getAll("utm_medium")).toEqual(["employee_advocacy"]);
  });

  it("contains nothing about the sharer: only the network and the post's slug are added", () => {
    const before = new URL("https://firma.example/a?x=1");
    const after = new URL(destinationWithUtm(before.toString(), { network: "xing", campaign: "slug" }));
    const added = [...after.searchParams.keys()].filter((k) => !before.searchParams.has(k));
    expect(added.sort()).toEqual(["utm_campaign", "utm_medium", "utm_source"]);
    expect(after.toString()).not.toMatch(/user|member|email|@/i);
  });

  it("refuses anything but http(s)", () => {
    expect(() => destinationWithUtm("javascript:alert(1)", { network: "x", campaign: "c" })).toThrow();
  });
});

describe("disclosure and sameness", () => {
  it("appends the disclosure only when it is missing, and finds it whatever its case", () => {
    expect(withDisclosure("Toller Artikel", "#mitarbeiter")).toBe("Toller Artikel #mitarbeiter");
    expect(withDisclosure("Toller Artikel #Mitarbeiter", "#mitarbeiter")).toBe("Toller Artikel #Mitarbeiter");
    expect(withDisclosure("Toller Artikel", null)).toBe("Toller Artikel");
    expect(hasDisclosure("ohne", "#mitarbeiter")).toBe(false);
    expect(hasDisclosure("ohne", null)).toBe(true);
  });

  it("treats texts that differ only in case and whitespace as the same", () => {
    expect(normaliseShareText("  Hallo\n\nWelt  ")).toBe(normaliseShareText("hallo welt"));
  });
});
