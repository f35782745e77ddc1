import { useEffect, useRef, useState } from "react";
import type { Network } from "~/db/schema.ts";
import {
  countCaption,
  type CaptionLength,
  type XWeightedLength,
} from "~/app/modules/content/caption-count.ts";

let xLength: XWeightedLength | null = null;
let loading: Promise<void> | null = null;

/** twitter-text (~85 kB, slow to start): downloaded once, when a page first needs X's count. */
function loadXLength(): Promise<void> {
  loading ??= import("twitter-text").then(({ default: twitter }) => {
    xLength = (text) => twitter.parseTweet(text).weightedLength;
  });
  return loading;
}

/**
 * The caption's live length as its network counts it (app/modules/content/caption-count.ts),
 * without downloading twitter-text until X is chosen. Until it has arrived, X's count comes from
 * `known`: the server's X counts of the texts the page can start with (each X caption, each X label,
 * the empty text) — so the server's page and the hydrated one say the same, and choosing a caption
 * shows its count at once; a text typed in the moment before keeps the last count.
 */
export function useCaptionLength(
  network: Network,
  text: string,
  known: Record<string, number>,
): CaptionLength {
  const [, setLoaded] = useState(false);
  const last = useRef<number | null>(null);
  const waiting = network === "x" && xLength === null;
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    void loadXLength().then(() => {
      if (live) setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [waiting]);
  const length = countCaption(network, text, (t) => xLength?.(t) ?? known[t] ?? last.current ?? 0);
  if (network === "x") last.current = length.length;
  return length;
}
