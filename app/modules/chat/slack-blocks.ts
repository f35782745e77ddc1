import type { Locale } from "~/db/schema.ts";
import { textsFor } from "~/app/lib/i18n/texts.ts";
import type {
  ChatDigestMessage,
  ChatMessage,
  ChatPostMessage,
  ChatShareLinks,
  ChatTestMessage,
} from "~/app/modules/chat/chat-message.ts";
import { clip, formatDay, httpsOnly } from "~/app/modules/chat/message-text.ts";

/**
 * A ChatMessage as Slack shows it: Block Kit (header, section, image, context, actions with URL
 * buttons) plus the `text` fallback Slack shows in notifications and screen readers read. Pure: no
 * I/O (tests/unit/slack-blocks.test.ts). The same actions as the Teams card: "Share on LinkedIn",
 * "Share on X", "More…", "Suggest content", each a link into Chorus; nothing is handled in Slack.
 *
 * Never anyone's figures (issue 17, privacy). Slack's limits are kept whatever a post holds
 * (SLACK_LIMITS): header 150 characters, section text 3000, button text 75, 50 blocks.
 */
export const SLACK_LIMITS = {
  header: 150,
  title: 200,
  note: 600,
  caption: 1200,
  topic: 60,
  topics: 5,
  /** posts in a digest or a /chorus list; the rest through the hub link */
  listPosts: 10,
  tenantName: 100,
  channelName: 100,
} as const;

export interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: "mrkdwn";
  text: string;
}
export interface ButtonElement {
  type: "button";
  text: PlainText;
  url: string;
  action_id: string;
  style?: "primary";
}
export type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text: Mrkdwn }
  | { type: "image"; image_url: string; alt_text: string }
  | { type: "context"; elements: Mrkdwn[] }
  | { type: "actions"; block_id?: string; elements: ButtonElement[] }
  | { type: "divider" };

export interface SlackMessage {
  /** the fallback: notifications, screen readers, clients without Block Kit */
  text: string;
  blocks: SlackBlock[];
}

export function slackBlocksFor(message: ChatMessage): SlackMessage {
  if (message.kind === "post") return postBlocks(message);
  if (message.kind === "digest") return digestBlocks(message);
  return testBlocks(message);
}

/** One post of a list (the /chorus answer, a digest): its title, topics and share buttons. */
export interface SlackListPost {
  id: string;
  title: string;
  topics: string[];
  links: ChatShareLinks;
}

/** The ephemeral answer to `/chorus`: the newest posts to share, each with its buttons. */
export function slackPostListMessage(input: {
  locale: Locale;
  tenantName: string;
  posts: SlackListPost[];
  links: { hub: string; suggest: string };
}): SlackMessage {
  const t = textsFor(input.locale);
  const title = t("chatMessages.command.listTitle", {
    tenantName: clip(input.tenantName, SLACK_LIMITS.tenantName),
  });
  const blocks: SlackBlock[] = [header(title)];
  if (input.posts.length === 0) blocks.push(section(escape(t("chatMessages.command.listEmpty"))));
  blocks.push(...postList(input.locale, input.posts));
  blocks.push(
    actions([
      button(t("chatMessages.digest.hub"), input.links.hub, "hub", "primary"),
      button(t("chatMessages.post.suggest"), input.links.suggest, "suggest"),
    ]),
  );
  const fallback =
    input.posts.length === 0
      ? `${title}\n${t("chatMessages.command.listEmpty")}`
      : [title, ...input.posts.map((p) => `• ${clip(p.title, SLACK_LIMITS.title)}`)].join("\n");
  return { text: escape(fallback), blocks };
}

function postBlocks(message: ChatPostMessage): SlackMessage {
  const t = textsFor(message.locale);
  const { post, links } = message;
  const title = clip(post.title, SLACK_LIMITS.title);
  const kicker = t("chatMessages.post.kicker", {
    tenantName: clip(message.tenantName, SLACK_LIMITS.tenantName),
  });
  const blocks: SlackBlock[] = [context(escape(kicker)), header(title)];
  const topics = topicList(post.topics);
  if (topics) blocks.push(context(escape(t("chatMessages.post.topics", { topics }))));
  const image = httpsOnly(post.imageUrl);
  if (image)
    blocks.push({ type: "image", image_url: image, alt_text: t("chatMessages.post.imageAlt", { title }) });
  const note = clip(post.body, SLACK_LIMITS.note);
  if (note) blocks.push(section(`*${escape(t("chatMessages.post.note"))}*\n${escape(note)}`));
  const caption = clip(post.caption ?? "", SLACK_LIMITS.caption);
  if (caption) blocks.push(section(`*${escape(t("chatMessages.post.caption"))}*\n${quote(escape(caption))}`));
  blocks.push(
    actions(
      [
        button(t("chatMessages.post.shareLinkedIn"), links.linkedin, "share_linkedin", "primary"),
        button(t("chatMessages.post.shareX"), links.x, "share_x"),
        button(t("chatMessages.post.more"), links.more, "share_more"),
        button(t("chatMessages.post.suggest"), links.suggest, "suggest"),
      ],
      `post_${post.id}`,
    ),
  );
  // the fallback is mrkdwn too, and what notifications show: a title's <!channel> must not ping anyone
  return { text: escape(`${kicker}: ${title}`), blocks };
}

function digestBlocks(message: ChatDigestMessage): SlackMessage {
  const t = textsFor(message.locale);
  const title = t("chatMessages.digest.title");
  const week = t("chatMessages.digest.week", {
    tenantName: clip(message.tenantName, SLACK_LIMITS.tenantName),
    date: formatDay(message.weekOf, message.locale),
  });
  const blocks: SlackBlock[] = [header(title), context(escape(week))];
  const shown = message.posts.slice(0, SLACK_LIMITS.listPosts);
  blocks.push(
    section(escape(t(shown.length === 0 ? "chatMessages.digest.empty" : "chatMessages.digest.intro"))),
  );
  blocks.push(...postList(message.locale, shown));
  const rest = message.posts.length - shown.length;
  if (rest > 0) blocks.push(context(escape(t("chatMessages.digest.more", { count: rest }))));
  blocks.push(
    actions([
      button(t("chatMessages.digest.hub"), message.links.hub, "hub", "primary"),
      button(t("chatMessages.digest.suggest"), message.links.suggest, "suggest"),
    ]),
  );
  const fallback = [`${title} · ${week}`, ...shown.map((p) => `• ${clip(p.title, SLACK_LIMITS.title)}`)].join(
    "\n",
  );
  return { text: escape(fallback), blocks };
}

function testBlocks(message: ChatTestMessage): SlackMessage {
  const t = textsFor(message.locale);
  const title = t("chatMessages.test.title", {
    channelName: clip(message.channelName, SLACK_LIMITS.channelName),
  });
  const body = t("chatMessages.test.text", { tenantName: clip(message.tenantName, SLACK_LIMITS.tenantName) });
  return { text: escape(`${title}\n${body}`), blocks: [header(title), section(escape(body))] };
}

function postList(locale: Locale, posts: SlackListPost[]): SlackBlock[] {
  const t = textsFor(locale);
  const blocks: SlackBlock[] = [];
  for (const post of posts.slice(0, SLACK_LIMITS.listPosts)) {
    blocks.push({ type: "divider" });
    const topics = topicList(post.topics);
    blocks.push(
      section(
        `*${escape(clip(post.title, SLACK_LIMITS.title))}*` +
          (topics ? `\n${escape(t("chatMessages.post.topics", { topics }))}` : ""),
      ),
    );
    blocks.push(
      actions(
        [
          button(t("chatMessages.post.shareLinkedIn"), post.links.linkedin, "share_linkedin", "primary"),
          button(t("chatMessages.post.shareX"), post.links.x, "share_x"),
          button(t("chatMessages.post.more"), post.links.more, "share_more"),
        ],
        `post_${post.id}`,
      ),
    );
  }
  return blocks;
}

function header(text: string): SlackBlock {
  return {
    type: "header",
    text: { type: "plain_text", text: clip(text, SLACK_LIMITS.header), emoji: false },
  };
}

function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function context(text: string): SlackBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

function actions(elements: ButtonElement[], blockId?: string): SlackBlock {
  return blockId ? { type: "actions", block_id: blockId, elements } : { type: "actions", elements };
}

function button(text: string, url: string, actionId: string, style?: "primary"): ButtonElement {
  const b: ButtonElement = {
    type: "button",
    text: { type: "plain_text", text: clip(text, 75), emoji: false },
    url,
    action_id: actionId,
  };
  return style ? { ...b, style } : b;
}

/** Slack's mrkdwn gives &, < and > meaning (links, mentions like <!channel>): escaped as Slack documents. */
export function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

function topicList(topics: readonly string[]): string {
  return topics
    .map((topic) => clip(topic, SLACK_LIMITS.topic))
    .filter(Boolean)
    .slice(0, SLACK_LIMITS.topics)
    .join(", ");
}
