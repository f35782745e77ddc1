import twitter from "twitter-text";
import type { Network } from "~/db/schema.ts";
import { countCaption, type CaptionLength } from "~/app/modules/content/caption-count.ts";

export { CAPTION_LIMITS, type CaptionLength } from "~/app/modules/content/caption-count.ts";

/** X's weighted length (links 23, CJK and emoji 2), as X counts it. */
export function xWeightedLength(text: string): number {
  return twitter.parseTweet(text).weightedLength;
}

/**
 * The caption's length as its network counts it (app/modules/content/caption-count.ts), with
 * twitter-text imported statically: for the server and forms. A page that should not download
 * twitter-text before X is chosen uses app/ui/use-caption-length.ts.
 */
export function captionLength(network: Network, text: string): CaptionLength {
  return countCaption(network, text, xWeightedLength);
}
