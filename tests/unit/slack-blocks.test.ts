import { describe, expect, it } from "vitest";
import type { ChatMessage } from "~/app/modules/chat/chat-message.ts";
import {
  SLACK_LIMITS,
  slackBlocksFor,
  slackPostListMessage,
  type SlackBlock,
} from "~/app/modules/chat/slack-blocks.ts";
import { parseSlackCommandText } from "~/app/modules/chat/slack-command-text.ts";
import { shareLinks } from "~/app/modules/chat/share-links.ts";

const base = "https://chorus.example";
const links = {
  ...shareLinks(base, "acme", "p1", { linkedin: "c1", x: null }),
  suggest: `${base}/t/acme/suggest`,
};

const post = (over: Partial<Extract<ChatMessage, { kind: "post" }>["post"]> = {}): ChatMessage => ({
  kind: "post",
  locale: "en",
  tenantName: "Müller & Söhne GmbH",
  post: {
    id: "p1",
    title: "Our new plant <!channel>",
    body: "Because it is *big* news",
    topics: ["Sustainability", "Jobs"],
    imageUrl: "https://cdn.example/plant.jpg",
    caption: "We're opening a new plant in Leipzig.\nCome and see!",
    ...over,
  },
  links,
});

const buttons = (blocks: SlackBlock[]) =>
  blocks
    .flatMap((b) => (b.type === "actions" ? b.elements : []))
    .map((e) => ({ text: e.text.text, url: e.url }));

/** Every mrkdwn text of a message: where Slack would read <…> as a mention or a link. */
const mrkdwn = (blocks: SlackBlock[]) =>
  blocks.flatMap((b) =>
    b.type === "section" ? [b.text.text] : b.type === "context" ? b.elements.map((e) => e.text) : [],
  );

describe("slackBlocksFor", () => {
  it("a post: header, topics, image, note, caption and the four link buttons", () => {
    const { text, blocks } = slackBlocksFor(post());
    expect(blocks.map((b) => b.type)).toEqual([
      "context",
      "header",
      "context",
      "image",
      "section",
      "section",
      "actions",
    ]);
    expect(buttons(blocks)).toEqual([
      { text: "Share on LinkedIn", url: `${base}/t/acme/hub/p1/share?network=linkedin&caption=c1` },
      { text: "Share on X", url: `${base}/t/acme/hub/p1/share?network=x` },
      { text: "More…", url: `${base}/t/acme/hub/p1/share` },
      { text: "Suggest content", url: `${base}/t/acme/suggest` },
    ]);
    expect(text).toContain("Our new plant");
    // a header is plain text: the title as written; mrkdwn parts escape &, < and >
    expect(blocks[1]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "Our new plant <!channel>" },
    });
    for (const part of mrkdwn(blocks)) expect(part).not.toContain("<");
    expect(mrkdwn(blocks).join()).toContain("*big*");
    expect(mrkdwn(blocks).join("\n")).toContain("Müller &amp; Söhne GmbH");
  });

  it("leaves out what a post does not have, and an http image", () => {
    const { blocks } = slackBlocksFor(
      post({ imageUrl: "http://cdn.example/a.jpg", body: "", caption: null, topics: [] }),
    );
    expect(blocks.map((b) => b.type)).toEqual(["context", "header", "actions"]);
  });

  it("keeps Slack's limits whatever the post holds", () => {
    const { blocks } = slackBlocksFor(
      post({ title: "T".repeat(500), caption: "C".repeat(5000), body: "B".repeat(5000) }),
    );
    const header = blocks.find((b) => b.type === "header");
    expect(header?.type === "header" && Array.from(header.text.text).length).toBeLessThanOrEqual(150);
    for (const b of blocks) if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });

  it("a digest: every post with its share buttons, at most SLACK_LIMITS.listPosts, then the hub", () => {
    const posts = Array.from({ length: 12 }, (_, i) => ({
      id: `p${i}`,
      title: `Post ${i}`,
      topics: [],
      links: shareLinks(base, "acme", `p${i}`, { linkedin: null, x: null }),
    }));
    const { blocks } = slackBlocksFor({
      kind: "digest",
      locale: "de",
      tenantName: "Acme",
      weekOf: "2026-12-07",
      posts,
      links: { hub: `${base}/t/acme/hub`, suggest: `${base}/t/acme/suggest` },
    });
    expect(blocks.length).toBeLessThanOrEqual(50);
    const urls = buttons(blocks).map((b) => b.url);
    expect(urls).toContain(`${base}/t/acme/hub/p9/share?network=linkedin`);
    expect(urls).not.toContain(`${base}/t/acme/hub/p10/share?network=linkedin`);
    expect(buttons(blocks).at(-2)?.url).toBe(`${base}/t/acme/hub`);
    expect(mrkdwn(blocks).join(" ")).toContain("2 weitere");
  });

  it("a test message names the channel, in the message's language", () => {
    const { text } = slackBlocksFor({
      kind: "test",
      locale: "de",
      tenantName: "Acme",
      channelName: "#marketing",
    });
    expect(text).toContain("#marketing");
    expect(text).toContain("Chorus");
  });

  it("the /chorus list: one section and buttons per post, an empty list says so", () => {
    const list = slackPostListMessage({
      locale: "en",
      tenantName: "Acme",
      posts: [{ id: "p1", title: "One", topics: ["A"], links }],
      links: { hub: `${base}/t/acme/hub`, suggest: `${base}/t/acme/suggest` },
    });
    expect(buttons(list.blocks).map((b) => b.text)).toEqual([
      "Share on LinkedIn",
      "Share on X",
      "More…",
      "All posts to share",
      "Suggest content",
    ]);
    const empty = slackPostListMessage({
      locale: "de",
      tenantName: "Acme",
      posts: [],
      links: { hub: "h", suggest: "s" },
    });
    expect(mrkdwn(empty.blocks).join()).toContain("Gerade gibt es nichts zu teilen");
    expect(SLACK_LIMITS.listPosts).toBeGreaterThanOrEqual(5);
  });
});

describe("parseSlackCommandText", () => {
  it.each([
    ["", { kind: "list" }],
    ["  list ", { kind: "list" }],
    ["help", { kind: "help" }],
    ["what?", { kind: "help" }],
    ["suggest https://a.example/x", { kind: "suggest", url: "https://a.example/x", reason: "" }],
    [
      "suggest <https://a.example/x> good read",
      { kind: "suggest", url: "https://a.example/x", reason: "good read" },
    ],
    [
      "Suggest <https://a.example/x|a.example/x>",
      { kind: "suggest", url: "https://a.example/x", reason: "" },
    ],
    ["suggest", { kind: "suggest", url: "", reason: "" }],
  ])("%j", (text, expected) => {
    expect(parseSlackCommandText(text)).toEqual(expected);
  });
});
