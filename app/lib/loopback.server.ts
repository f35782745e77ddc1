import ipaddr from "ipaddr.js";

/**
 * True for 127.0.0.0/8 and ::1, also written as an IPv4-mapped IPv6 address (::ffff:127.0.0.1, how
 * Node reports an IPv4 client on a dual-stack socket). Anything unparsable is not loopback.
 */
export function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "loopback";
}

/**
 * A listen host that only this machine can reach. "localhost" counts (it resolves to a loopback
 * address); any other name could resolve to a public interface, so it does not.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return bare.toLowerCase() === "localhost" || isLoopbackAddress(bare);
}

/**
 * Where server.ts itself (the production entry) listens: HOST if set; else every interface in
 * production (a container's address is how Docker and Fly reach it, and both set HOST=0.0.0.0
 * anyway), and 127.0.0.1 otherwise — run directly on a laptop without NODE_ENV, it must not serve the
 * development outbox to the room. undefined means every interface (Node's default).
 */
export function serverListenHost(e: { HOST?: string | undefined; NODE_ENV: string }): string | undefined {
  return e.HOST ?? (e.NODE_ENV === "production" ? undefined : "127.0.0.1");
}
