import { describe, expect, it } from "vitest";
import type { Locale } from "~/db/schema.ts";
import type { ChatDigestMessage, ChatPostMessage, ChatTestMessage } from "~/app/modules/chat/chat-message.ts";
import { hubUrl, shareLinks, suggestUrl } from "~/app/modules/chat/share-links.ts";
import { CARD_LIMITS, teamsCardFor, type AdaptiveCard } from "~/app/modules/chat/teams-card.ts";
import {
  adaptiveCardProblems,
  TEAMS_MESSAGE_MAX_BYTES,
  teamsEnvelopeProblems,
} from "~/tests/fakes/teams-webhook.ts";

const APP = "https://chorus.example.com";
const links = shareLinks(APP, "acme", "p1", { linkedin: "c-li", x: "c-x" });

function post(locale: Locale, over: Partial<ChatPostMessage["post"]> = {}): ChatPostMessage {
  return {
    kind: "post",
    locale,
    tenantName: "Acme & Söhne GmbH",
    post: {
      id: "p1",
      title: "Neuer Standort in Leipzig",
      body: "Wir wachsen: 40 neue Stellen.",
      topics: ["Karriere", "Standorte"],
      imageUrl: "https://cdn.example.com/leipzig.jpg",
      caption: "Wir eröffnen in Leipzig! #karriere",
      ...over,
    },
    links: { ...links, suggest: suggestUrl(APP, "acme") },
  };
}

function digest(locale: Locale, count = 3): ChatDigestMessage {
  return {
    kind: "digest",
    locale,
    tenantName: "Acme",
    weekOf: "2026-12-07",
    posts: Array.from({ length: count }, (_, i) => ({
      id: `p${i}`,
      title: `Post ${i}`,
      topics: i % 2 ? ["Karriere"] : [],
      links: shareLinks(APP, "acme", `p${i}`, { linkedin: `li${i}`, x: null }),
    })),
    links: { hub: hubUrl(APP, "acme"), suggest: suggestUrl(APP, "acme") },
  };
}

const test = (locale: Locale): ChatTestMessage => ({
  kind: "test",
  locale,
  tenantName: "Acme",
  channelName: "Marketing · Allgemein",
});

const cardOf = (envelope: ReturnType<typeof teamsCardFor>): AdaptiveCard => envelope.attachments[0].content;
/** Every text a person reads on the card (text blocks, alt texts, button titles). */
function texts(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const n = node as Record<string, unknown>;
      if (n.type === "TextBlock") out.push(String(n.text));
      if (n.type === "Image") out.push(String(n.altText));
      if (n.type === "Action.OpenUrl") out.push(String(n.title));
      Object.values(n).forEach(visit);
    }
  };
  visit(card);
  return out;
}
function actions(card: AdaptiveCard): { title: string; url: string }[] {
  const out: { title: string; url: string }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const n = node as Record<string, unknown>;
      if (n.type === "Action.OpenUrl") out.push({ title: String(n.title), url: String(n.url) });
      Object.values(n).forEach(visit);
    }
  };
  visit(card);
  return out;
}

describe("teamsCardFor", () => {
  const every = [post("de"), post("en"), digest("de"), digest("en"), digest("en", 0), test("de"), test("en")];

  it.each(every.map((m) => [`${m.kind} ${m.locale}`, m] as const))(
    "%s is a Workflows message with an Adaptive Card 1.5 that Microsoft's SDK accepts",
    (_, message) => {
      const envelope = teamsCardFor(message);
      expect(envelope.type).toBe("message");
      expect(envelope.attachments).toHaveLength(1);
      expect(envelope.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
      expect(envelope.attachments[0].contentUrl).toBeNull();
      const card = cardOf(envelope);
      expect(card.$schema).toBe("http://adaptivecards.io/schemas/adaptive-card.json");
      expect(card.version).toBe("1.5");
      expect(adaptiveCardProblems(card)).toEqual([]);
      expect(teamsEnvelopeProblems(JSON.parse(JSON.stringify(envelope)))).toEqual([]);
    },
  );

  it("the validator is not blind: it names an unknown element, a missing URL and a version Teams lacks", () => {
    const card = cardOf(teamsCardFor(post("en")));
    const broken = {
      ...card,
      version: "1.6",
      body: [...card.body, { type: "Sparkline", values: [] }, { type: "Image", altText: "x" }],
      actions: [{ type: "Action.OpenUrl", title: "x" }],
    };
    const problems = adaptiveCardProblems(broken).join("\n");
    expect(problems).toMatch(/Unknown element type "Sparkline"/);
    expect(problems).toMatch(/Image without an absolute url/);
    expect(problems).toMatch(/Property "url" must be set/);
    expect(problems).toMatch(/version 1\.6 is above/);
  });

  it("a post card in German: image, title, topics, note, caption and the four actions to the share page", () => {
    const card = cardOf(teamsCardFor(post("de")));
    const words = texts(card);
    expect(words).toContain("Neu zum Teilen · Acme & Söhne GmbH");
    expect(words).toContain("Vorschaubild: Neuer Standort in Leipzig");
    expect(words).toContain("Neuer Standort in Leipzig");
    expect(words).toContain("Themen: Karriere, Standorte");
    expect(words).toContain("Warum teilen?");
    expect(words).toContain("Wir wachsen: 40 neue Stellen.");
    expect(words).toContain("Textvorschlag");
    expect(words).toContain("Wir eröffnen in Leipzig! #karriere");
    expect(card.body.find((e) => e.type === "Image")).toMatchObject({
      url: "https://cdn.example.com/leipzig.jpg",
    });
    expect(actions(card)).toEqual([
      { title: "Auf LinkedIn teilen", url: `${APP}/t/acme/hub/p1/share?network=linkedin&caption=c-li` },
      { title: "Auf X teilen", url: `${APP}/t/acme/hub/p1/share?network=x&caption=c-x` },
      { title: "Mehr …", url: `${APP}/t/acme/hub/p1/share` },
      { title: "Inhalt vorschlagen", url: `${APP}/t/acme/suggest` },
    ]);
    // du, never Sie; no English left over
    expect(words.join(" ")).not.toMatch(/\b(Sie|Ihr|Ihre|Ihnen)\b/);
    expect(words.join(" ")).not.toMatch(/\b(Share|Suggest|Topics|More)\b/);
  });

  it("a post card in English", () => {
    const card = cardOf(teamsCardFor(post("en")));
    const words = texts(card);
    expect(words).toContain("New to share · Acme & Söhne GmbH");
    expect(words).toContain("Topics: Karriere, Standorte");
    expect(words).toContain("Why share it");
    expect(words).toContain("Text suggestion");
    expect(actions(card).map((a) => a.title)).toEqual([
      "Share on LinkedIn",
      "Share on X",
      "More…",
      "Suggest content",
    ]);
  });

  it("a post without image, note, topics or caption leaves those parts out (no empty text blocks)", () => {
    const card = cardOf(teamsCardFor(post("en", { imageUrl: null, body: "  ", topics: [], caption: null })));
    expect(card.body.map((e) => e.type)).toEqual(["TextBlock", "TextBlock"]);
    expect(texts(card)).not.toContain("Why share it");
    expect(texts(card)).not.toContain("Text suggestion");
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it("an image that is not https is left out", () => {
    for (const imageUrl of ["http://cdn.example.com/a.jpg", "javascript:alert(1)", "not a url"]) {
      const card = cardOf(teamsCardFor(post("en", { imageUrl })));
      expect(card.body.some((e) => e.type === "Image")).toBe(false);
    }
    // a raw space would make the card invalid: the image goes out in its escaped form
    const spaced = cardOf(teamsCardFor(post("en", { imageUrl: "https://cdn.example.com/a b.jpg" })));
    expect(spaced.body.find((e) => e.type === "Image")).toMatchObject({
      url: "https://cdn.example.com/a%20b.jpg",
    });
    expect(adaptiveCardProblems(spaced)).toEqual([]);
  });

  it("long texts are cut (with …, emoji never split) and the message stays far below Teams' 28 KB", () => {
    const long = "🎉".repeat(5_000);
    const envelope = teamsCardFor(
      post("de", {
        title: long,
        body: long,
        caption: long,
        topics: Array.from({ length: 40 }, (_, i) => `Thema ${i} ${"x".repeat(200)}`),
      }),
    );
    const card = cardOf(envelope);
    const words = texts(card);
    const title = words.find((w) => w.startsWith("🎉") && w.endsWith("…"))!;
    expect(Array.from(title)).toHaveLength(CARD_LIMITS.title);
    expect(
      Array.from(title)
        .slice(0, -1)
        .every((c) => c === "🎉"),
    ).toBe(true);
    expect(words.some((w) => Array.from(w).length === CARD_LIMITS.caption)).toBe(true);
    expect(words.find((w) => w.startsWith("Themen:"))!.split(", ")).toHaveLength(CARD_LIMITS.topics);
    expect(Buffer.byteLength(JSON.stringify(envelope))).toBeLessThan(TEAMS_MESSAGE_MAX_BYTES / 2);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it("a digest lists the week's posts, each with its share links, plus the hub and suggest actions", () => {
    const de = cardOf(teamsCardFor(digest("de")));
    expect(texts(de)).toContain("Beiträge der letzten Woche zum Teilen");
    expect(texts(de)).toContain("Acme · Woche vom 7. Dez. 2026");
    expect(texts(de)).toEqual(expect.arrayContaining(["Post 0", "Post 1", "Post 2", "Themen: Karriere"]));
    const links = actions(de);
    expect(links).toContainEqual({
      title: "Auf LinkedIn teilen",
      url: `${APP}/t/acme/hub/p1/share?network=linkedin&caption=li1`,
    });
    expect(links).toContainEqual({ title: "Auf X teilen", url: `${APP}/t/acme/hub/p2/share?network=x` });
    expect(de.actions).toEqual([
      {
        type: "Action.OpenUrl",
        title: "Alle Inhalte zum Teilen",
        url: `${APP}/t/acme/hub`,
        style: "positive",
      },
      { type: "Action.OpenUrl", title: "Inhalt vorschlagen", url: `${APP}/t/acme/suggest` },
    ]);
    const en = cardOf(teamsCardFor(digest("en")));
    expect(texts(en)).toContain("Posts of the past week to share");
    expect(texts(en)).toContain("Acme · week of Dec 7, 2026");
    expect(en.actions.map((a) => a.title)).toEqual(["All posts to share", "Suggest content"]);
  });

  it("a digest of many posts shows the first ones and counts the rest", () => {
    const card = cardOf(teamsCardFor(digest("en", CARD_LIMITS.digestPosts + 3)));
    expect(texts(card)).toContain("And 3 more posts on the posts page.");
    expect(texts(card)).not.toContain(`Post ${CARD_LIMITS.digestPosts}`);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const one = cardOf(teamsCardFor(digest("de", CARD_LIMITS.digestPosts + 1)));
    expect(texts(one)).toContain("Und 1 weiterer Beitrag unter „Inhalte zum Teilen“.");
  });

  it("an empty digest says so and still offers to suggest content", () => {
    const card = cardOf(teamsCardFor(digest("de", 0)));
    expect(texts(card).join(" ")).toMatch(/keine neuen Beiträge/);
    expect(card.actions.map((a) => a.title)).toContain("Inhalt vorschlagen");
  });

  it("the test card says which channel Chorus is connected to, in both languages", () => {
    expect(texts(cardOf(teamsCardFor(test("de"))))[0]).toBe("Chorus ist mit Marketing · Allgemein verbunden");
    expect(texts(cardOf(teamsCardFor(test("en"))))[0]).toBe("Chorus is connected to Marketing · Allgemein");
  });

  it("carries no figures: no counts of shares, clicks or reach appear on any card", () => {
    for (const message of every) {
      const words = texts(cardOf(teamsCardFor(message))).join(" ");
      expect(words).not.toMatch(
        /\b(clicks?|Klicks?|reach|Reichweite|impressions?|Impressionen|shared by|geteilt von)\b/i,
      );
    }
  });
});
