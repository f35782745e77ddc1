import { textsFor } from "~/app/lib/i18n/texts.ts";
import type {
  ChatDigestMessage,
  ChatMessage,
  ChatPostMessage,
  ChatTestMessage,
} from "~/app/modules/chat/chat-message.ts";
import { clip, formatDay, httpsOnly } from "~/app/modules/chat/message-text.ts";

/**
 * A ChatMessage as Microsoft Teams shows it: an Adaptive Card (schema 1.5, the highest Teams renders
 * everywhere) inside the envelope a Workflows trigger "Post to a channel when a webhook request is
 * received" expects: `{ type: "message", attachments: [{ contentType, contentUrl: null, content }] }`.
 * Pure: no I/O, so tests/unit/teams-card.test.ts validates every kind with Microsoft's own SDK.
 *
 * Never anyone's figures (issue 17, privacy): a card names posts and links to the share page.
 * Texts a comms lead wrote are cut to CARD_LIMITS, so a card stays well under Teams' 28 KB message
 * limit whatever the post holds.
 */

export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const ADAPTIVE_CARD_VERSION = "1.5";
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Most characters (code points) a card shows of each text; longer texts end in "…". */
export const CARD_LIMITS = {
  tenantName: 100,
  channelName: 100,
  title: 200,
  topic: 60,
  /** topics shown on a post; the rest are left out */
  topics: 5,
  note: 600,
  caption: 1200,
  /** posts listed in a digest card; the rest are counted and reached through the hub link */
  digestPosts: 10,
} as const;

export interface TextBlock {
  type: "TextBlock";
  text: string;
  wrap: true;
  style?: "heading";
  size?: "Small" | "Default" | "Medium" | "Large";
  weight?: "Bolder";
  isSubtle?: boolean;
  spacing?: "None" | "Small" | "Medium" | "Large";
  separator?: boolean;
}
export interface CardImage {
  type: "Image";
  url: string;
  altText: string;
  size: "Stretch";
}
export interface OpenUrlAction {
  type: "Action.OpenUrl";
  title: string;
  url: string;
  style?: "positive";
}
export interface ActionSet {
  type: "ActionSet";
  actions: OpenUrlAction[];
}
export interface CardContainer {
  type: "Container";
  items: CardElement[];
  style?: "emphasis";
  separator?: boolean;
  spacing?: "Small" | "Medium" | "Large";
}
export type CardElement = TextBlock | CardImage | ActionSet | CardContainer;

export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: "AdaptiveCard";
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions: OpenUrlAction[];
  /** Teams' own extension: use the whole width of the channel */
  msteams: { width: "Full" };
}

export interface TeamsWorkflowMessage {
  type: "message";
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; contentUrl: null; content: AdaptiveCard }];
}

export function teamsCardFor(message: ChatMessage): TeamsWorkflowMessage {
  const content =
    message.kind === "post"
      ? postCard(message)
      : message.kind === "digest"
        ? digestCard(message)
        : testCard(message);
  return {
    type: "message",
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content }],
  };
}

function card(body: CardElement[], actions: OpenUrlAction[]): AdaptiveCard {
  return {
    $schema: ADAPTIVE_CARD_SCHEMA,
    type: "AdaptiveCard",
    version: ADAPTIVE_CARD_VERSION,
    body,
    actions,
    msteams: { width: "Full" },
  };
}

function postCard(message: ChatPostMessage): AdaptiveCard {
  const t = textsFor(message.locale);
  const { post, links } = message;
  const title = clip(post.title, CARD_LIMITS.title);
  const body: CardElement[] = [
    text(t("chatMessages.post.kicker", { tenantName: clip(message.tenantName, CARD_LIMITS.tenantName) }), {
      size: "Small",
      isSubtle: true,
    }),
  ];
  const image = httpsOnly(post.imageUrl);
  if (image)
    body.push({
      type: "Image",
      url: image,
      altText: t("chatMessages.post.imageAlt", { title }),
      size: "Stretch",
    });
  body.push(text(title, { style: "heading", size: "Large", weight: "Bolder" }));
  const topics = topicList(post.topics);
  if (topics)
    body.push(
      text(t("chatMessages.post.topics", { topics }), { size: "Small", isSubtle: true, spacing: "None" }),
    );
  const note = clip(post.body, CARD_LIMITS.note);
  if (note) {
    body.push(text(t("chatMessages.post.note"), { weight: "Bolder", spacing: "Medium" }));
    body.push(text(note, { spacing: "Small" }));
  }
  const caption = clip(post.caption ?? "", CARD_LIMITS.caption);
  if (caption) {
    body.push(text(t("chatMessages.post.caption"), { weight: "Bolder", spacing: "Medium" }));
    body.push({ type: "Container", style: "emphasis", spacing: "Small", items: [text(caption)] });
  }
  return card(body, [
    action(t("chatMessages.post.shareLinkedIn"), links.linkedin, "positive"),
    action(t("chatMessages.post.shareX"), links.x),
    action(t("chatMessages.post.more"), links.more),
    action(t("chatMessages.post.suggest"), links.suggest),
  ]);
}

function digestCard(message: ChatDigestMessage): AdaptiveCard {
  const t = textsFor(message.locale);
  const body: CardElement[] = [
    text(t("chatMessages.digest.title"), { style: "heading", size: "Large", weight: "Bolder" }),
    text(
      t("chatMessages.digest.week", {
        tenantName: clip(message.tenantName, CARD_LIMITS.tenantName),
        date: formatDay(message.weekOf, message.locale),
      }),
      { size: "Small", isSubtle: true, spacing: "None" },
    ),
  ];
  const shown = message.posts.slice(0, CARD_LIMITS.digestPosts);
  if (shown.length === 0) body.push(text(t("chatMessages.digest.empty")));
  else body.push(text(t("chatMessages.digest.intro"), { spacing: "Small" }));
  for (const post of shown) {
    const items: CardElement[] = [text(clip(post.title, CARD_LIMITS.title), { weight: "Bolder" })];
    const topics = topicList(post.topics);
    if (topics)
      items.push(
        text(t("chatMessages.post.topics", { topics }), { size: "Small", isSubtle: true, spacing: "None" }),
      );
    items.push({
      type: "ActionSet",
      actions: [
        action(t("chatMessages.post.shareLinkedIn"), post.links.linkedin, "positive"),
        action(t("chatMessages.post.shareX"), post.links.x),
        action(t("chatMessages.post.more"), post.links.more),
      ],
    });
    body.push({ type: "Container", separator: true, spacing: "Medium", items });
  }
  const rest = message.posts.length - shown.length;
  if (rest > 0) body.push(text(t("chatMessages.digest.more", { count: rest }), { separator: true }));
  return card(body, [
    action(t("chatMessages.digest.hub"), message.links.hub, "positive"),
    action(t("chatMessages.digest.suggest"), message.links.suggest),
  ]);
}

function testCard(message: ChatTestMessage): AdaptiveCard {
  const t = textsFor(message.locale);
  return card(
    [
      text(
        t("chatMessages.test.title", { channelName: clip(message.channelName, CARD_LIMITS.channelName) }),
        {
          style: "heading",
          size: "Medium",
          weight: "Bolder",
        },
      ),
      text(t("chatMessages.test.text", { tenantName: clip(message.tenantName, CARD_LIMITS.tenantName) })),
    ],
    [],
  );
}

function text(value: string, options: Omit<TextBlock, "type" | "text" | "wrap"> = {}): TextBlock {
  return { type: "TextBlock", text: noMarkdownLinks(value), wrap: true, ...options };
}

/**
 * Teams renders a TextBlock's text as markdown, and `[text](url)` becomes a link whose target the
 * text hides: a title from an employee's suggestion or a pasted caption could put
 * "[Passwort erneuern](https://…)" into the company's channel. A zero-width space after every "]"
 * keeps each link form from parsing (inline `](`, reference `][` and the definition `]:`) and shows
 * the text as written. Not backslash escapes: Teams' clients treat them differently (mobile shows
 * them). Bold and italics stay markdown; they hide nothing.
 */
export function noMarkdownLinks(value: string): string {
  return value.replaceAll("]", "]\u200B");
}

function action(title: string, url: string, style?: "positive"): OpenUrlAction {
  return style ? { type: "Action.OpenUrl", title, url, style } : { type: "Action.OpenUrl", title, url };
}

function topicList(topics: readonly string[]): string {
  return topics
    .map((topic) => clip(topic, CARD_LIMITS.topic))
    .filter(Boolean)
    .slice(0, CARD_LIMITS.topics)
    .join(", ");
}
