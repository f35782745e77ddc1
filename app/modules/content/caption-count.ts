import type { Network } from "~/db/schema.ts";

/** Each network's limit, counted the way that network counts (see docs/NETWORKS.md). */
export const CAPTION_LIMITS: Record<Network, number> = {
  x: 280,
  bluesky: 300,
  mastodon: 500,
  threads: 500,
  linkedin: 3000,
  // Xing publishes no limit; treated like LinkedIn until known.
  xing: 3000,
  facebook: 63206,
};

/** Mastodon counts every URL as 23 characters, whatever its length. */
const MASTODON_URL_LENGTH = 23;
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
function countGraphemes(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/** Characters as people (and most networks) see them: a flag or a family emoji is one. */
function countCharacters(text: string): number {
  return countGraphemes(text);
}

export interface CaptionLength {
  length: number;
  limit: number;
  ok: boolean;
}

/** X's weighted length of a text: twitter-text's parseTweet(text).weightedLength. */
export type XWeightedLength = (text: string) => number;

/**
 * The caption's length as its network counts it. X: twitter-text's weighted count (links 23, CJK
 * and emoji 2), from `xLength` — twitter-text is a large download, so this module leaves it to the
 * caller: caption-length.ts imports it, the share page loads it when X is chosen
 * (app/ui/use-caption-length.ts). Bluesky: graphemes (links as written) and at most 3,000 bytes.
 * Mastodon: links 23.
 */
export function countCaption(network: Network, text: string, xLength: XWeightedLength): CaptionLength {
  const limit = CAPTION_LIMITS[network];
  switch (network) {
    case "x": {
      const length = xLength(text);
      return { length, limit, ok: length <= limit };
    }
    case "bluesky": {
      const length = countGraphemes(text);
      return { length, limit, ok: length <= limit && new TextEncoder().encode(text).length <= 3000 };
    }
    case "mastodon": {
      const length = countCharacters(text.replace(URL_PATTERN, "x".repeat(MASTODON_URL_LENGTH)));
      return { length, limit, ok: length <= limit };
    }
    default: {
      const length = countCharacters(text);
      return { length, limit, ok: length <= limit };
    }
  }
}
