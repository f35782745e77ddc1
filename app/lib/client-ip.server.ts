import type { IncomingMessage } from "node:http";

export interface ProxyTrust {
  /** TRUST_PROXY: a proxy of ours sits in front and appends the address it saw to X-Forwarded-For */
  trustProxy: boolean;
  /**
   * Running on Fly (FLY_APP_NAME is set by Fly on every machine): Fly's edge overwrites
   * Fly-Client-IP, so it is the client's. Behind any other proxy the client can write that header.
   */
  onFly: boolean;
}

/**
 * The client's address (rate-limit buckets, visitor hashes). Without `trustProxy` it is the socket's
 * peer, whatever headers say.
 *
 * Behind a proxy (TRUST_PROXY=true): on Fly, Fly-Client-IP. Otherwise the RIGHT-most
 * X-Forwarded-For entry: each proxy appends the address it received the request from, so the last
 * entry is what our (one) trusted proxy saw; everything to its left was written by the client and is
 * worth nothing (`X-Forwarded-For: 1.2.3.4` would otherwise pick any rate-limit bucket or visitor
 * hash). Behind two proxies of ours this would be the first proxy's address, which is safe (coarser),
 * never spoofable.
 *
 * Never an access decision: see isForwarded and the development outbox, which go by the socket.
 */
export function clientIp(req: Pick<IncomingMessage, "headers">, peer: string, trust: ProxyTrust): string {
  if (!trust.trustProxy) return peer;
  const fly = req.headers["fly-client-ip"];
  if (trust.onFly && typeof fly === "string" && fly.trim()) return fly.trim();
  const xff = req.headers["x-forwarded-for"];
  // Node joins repeated X-Forwarded-For headers with ", ", so the last header's last entry wins too.
  const entries = (Array.isArray(xff) ? xff.join(",") : (xff ?? ""))
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.at(-1) ?? peer;
}

/** Headers some proxy or tunnel in between adds (lower case, as Node names them). */
export const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "forwarded",
  "x-real-ip",
  "fly-client-ip",
  "cf-connecting-ip",
  "x-forwarded-host",
  "x-forwarded-proto",
] as const;

/**
 * Whether the request names a client other than the socket's peer. A reverse proxy or tunnel on
 * this machine (nginx, ngrok, cloudflared, Fly's own proxy) connects from 127.0.0.1 for everyone, so
 * a loopback peer proves nothing once any of these is present — whoever wrote it.
 */
export function isForwarded(headers: Pick<IncomingMessage, "headers">["headers"] | Headers): boolean {
  if (headers instanceof Headers) return FORWARDING_HEADERS.some((name) => headers.has(name));
  return FORWARDING_HEADERS.some((name) => headers[name] !== undefined);
}
