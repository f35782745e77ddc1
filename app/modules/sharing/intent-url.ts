import type { Network } from "~/db/schema.ts";

/**
 * How the browser hands a share to a network (see docs/NETWORKS.md):
 * - intent: open the network's share page; it takes the text (or needs none beyond the link)
 * - copy-then-open: the page takes only the link, so the caption goes to the clipboard first
 *   and the person pastes it there (LinkedIn ignores any text parameter)
 * - copy-only: no share page we can open (Mastodon without the person's instance)
 */
export type ShareTarget =
  | { kind: "intent"; url: string }
  | { kind: "copy-then-open"; url: string }
  | { kind: "copy-only"; reason: "mastodon_instance_missing" };

export interface ShareContent {
  /** the caption as the employee will post it; without the link */
  text: string;
  /** the tracked link (or the post URL); null for a text-only post */
  url: string | null;
  /** the employee's own Mastodon instance, e.g. "mastodon.social" */
  mastodonInstance?: string | null | undefined;
}

function build(base: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}

/** The text with the link appended, for networks that take one text field. */
export function textWithLink(text: string, url: string | null): string {
  if (!url || text.includes(url)) return text;
  return text.trim() === "" ? url : `${text.trimEnd()}\n\n${url}`;
}

/**
 * A bare host name, e.g. "mastodon.social" from "https://mastodon.social/@me"; null if it is not a
 * plausible host (so nothing typed into a profile can turn the share link into something else).
 */
export function mastodonHost(instance: string | null | undefined): string | null {
  if (!instance) return null;
  const trimmed = instance
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/[/?#].*$/, "")
    .toLowerCase();
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}(?::\d{1,5})?$/.test(trimmed)
    ? trimmed
    : null;
}

/** The share page for `network`, every parameter URL-encoded. */
export function shareTargetFor(network: Network, { text, url, mastodonInstance }: ShareContent): ShareTarget {
  switch (network) {
    case "linkedin":
      // share-offsite reads only `url`; without a link there is nothing to open but the feed.
      return {
        kind: "copy-then-open",
        url: url
          ? build("https://www.linkedin.com/sharing/share-offsite/", { url })
          : "https://www.linkedin.com/feed/",
      };
    case "x":
      return { kind: "intent", url: build("https://x.com/intent/tweet", { text, url }) };
    case "facebook":
      return url
        ? { kind: "copy-then-open", url: build("https://www.facebook.com/sharer/sharer.php", { u: url }) }
        : { kind: "copy-then-open", url: "https://www.facebook.com/" };
    case "xing":
      return url
        ? { kind: "copy-then-open", url: build("https://www.xing.com/spi/shares/new", { url }) }
        : { kind: "copy-then-open", url: "https://www.xing.com/" };
    case "threads":
      return { kind: "intent", url: build("https://www.threads.com/intent/post", { text, url }) };
    case "bluesky":
      return {
        kind: "intent",
        url: build("https://bsky.app/intent/compose", { text: textWithLink(text, url) }),
      };
    case "mastodon": {
      const host = mastodonHost(mastodonInstance);
      if (!host) return { kind: "copy-only", reason: "mastodon_instance_missing" };
      return { kind: "intent", url: build(`https://${host}/share`, { text: textWithLink(text, url) }) };
    }
  }
}
