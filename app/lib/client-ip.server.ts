import type { IncomingMessage } from "node:http";

/**
 * The client's address. Without `trustProxy` it is the socket's peer, whatever headers say.
 *
 * Behind a proxy (TRUST_PROXY=true): Fly-Client-IP first — Fly's edge sets it and replaces any value
 * the client sent. Otherwise the RIGHT-most X-Forwarded-For entry: each proxy appends the address it
 * received the request from, so the last entry is what our (one) trusted proxy saw; everything to its
 * left was written by the client and is worth nothing (`X-Forwarded-For: 1.2.3.4` would otherwise
 * pick any rate-limit bucket or visitor hash). Behind two proxies of ours this would be the first
 * proxy's address, which is safe (coarser), never spoofable.
 */
export function clientIp(req: Pick<IncomingMessage, "headers">, peer: string, trustProxy: boolean): string {
  if (!trustProxy) return peer;
  const fly = req.headers["fly-client-ip"];
  if (typeof fly === "string" && fly.trim()) return fly.trim();
  const xff = req.headers["x-forwarded-for"];
  // Node joins repeated X-Forwarded-For headers with ", ", so the last header's last entry wins too.
  const entries = (Array.isArray(xff) ? xff.join(",") : (xff ?? "")).split(",").map((e) => e.trim()).filter(Boolean);
  return entries.at(-1) ?? peer;
}
