import type { Network } from "~/db/schema.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const LINK_CODE_LENGTH = 10;
/** The database's check on link_codes.code. */
export const LINK_CODE_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

/** 10 characters from [A-Za-z0-9], crypto-random and unbiased (62^10 ≈ 8·10^17 codes). */
export function generateLinkCode(): string {
  let code = "";
  // 248 = 4 × 62: bytes at or above it are rejected so every character is equally likely.
  while (code.length < LINK_CODE_LENGTH) {
    const bytes = crypto.getRandomValues(new Uint8Array(LINK_CODE_LENGTH * 2));
    for (const b of bytes) {
      if (b < 248 && code.length < LINK_CODE_LENGTH) code += ALPHABET[b % 62];
    }
  }
  return code;
}

/**
 * The redirect target: the post's URL with its own query kept and the campaign tags set.
 * Deliberately nothing about the sharer: the destination site sees only network and campaign.
 */
export function destinationWithUtm(
  postUrl: string,
  { network, campaign }: { network: Network; campaign: string },
): string {
  const url = new URL(postUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("destination must be http(s)");
  url.searchParams.set("utm_source", network);
  url.searchParams.set("utm_medium", "employee_advocacy");
  url.searchParams.set("utm_campaign", campaign);
  return url.toString();
}

/** The tracked link for a code under the given public origin. */
export function trackedUrlFor(origin: string, code: string): string {
  return `${origin.replace(/\/$/, "")}/s/${code}`;
}
