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
