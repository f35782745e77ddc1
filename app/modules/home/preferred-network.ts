import type { Network } from "~/db/schema.ts";

/**
 * The network the home page's one-tap share preselects: the one the person shared to most (the
 * latest share decides a tie), else LinkedIn when Chorus can post there for them, else the first
 * network of their profiles, else LinkedIn.
 */
export function preferredNetwork(input: {
  /** the person's shares, newest first */
  sharedTo: readonly Network[];
  linkedInConnected: boolean;
  profileNetworks: readonly Network[];
}): Network {
  const counts = new Map<Network, number>();
  for (const n of input.sharedTo) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best: Network | null = null;
  for (const n of input.sharedTo) if (best === null || counts.get(n)! > counts.get(best)!) best = n;
  if (best) return best;
  if (input.linkedInConnected) return "linkedin";
  return input.profileNetworks[0] ?? "linkedin";
}
