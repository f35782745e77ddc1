import type { Locale } from "~/db/schema.ts";

/**
 * What Chorus says in a Teams or Slack channel, before it is dressed as an Adaptive Card
 * (teams-card.ts) or as Block Kit (slack-blocks.ts). Never anyone's figures: a message names posts
 * and links to them, nothing about who shared or clicked (issue 17, privacy).
 */
export interface ChatShareLinks {
  /** the share page with LinkedIn and its caption preselected */
  linkedin: string;
  /** the share page with X and its caption preselected */
  x: string;
  /** the share page with nothing preselected: every network */
  more: string;
}

export interface ChatPostMessage {
  kind: "post";
  locale: Locale;
  tenantName: string;
  post: {
    id: string;
    title: string;
    /** the comms lead's note: why this is worth sharing (may be empty) */
    body: string;
    topics: string[];
    /** https only, else null */
    imageUrl: string | null;
    /** the caption suggestion in the message's language (LinkedIn's first), null: none */
    caption: string | null;
  };
  links: ChatShareLinks & { suggest: string };
}

export interface ChatDigestMessage {
  kind: "digest";
  locale: Locale;
  tenantName: string;
  /** the Monday of the week, YYYY-MM-DD */
  weekOf: string;
  posts: { id: string; title: string; topics: string[]; links: ChatShareLinks }[];
  links: { hub: string; suggest: string };
}

export interface ChatTestMessage {
  kind: "test";
  locale: Locale;
  tenantName: string;
  channelName: string;
}

export type ChatMessage = ChatPostMessage | ChatDigestMessage | ChatTestMessage;

/**
 * What one send attempt came to. `retryAfterMs` is the provider's Retry-After (429) when it sent one;
 * `permanent` means a retry cannot help (404 webhook, channel_not_found, invalid_auth).
 */
export type SendOutcome =
  { ok: true } | { ok: false; permanent: boolean; retryAfterMs: number | null; error: string };
