import { parseEnv } from "../../lib/env.server.ts";
import { isLoopbackAddress } from "../../lib/loopback.server.ts";

export interface DevOutboxRequest {
  /** the client address from the load context (the socket's, or the proxy's client under TRUST_PROXY) */
  ip: string;
  nodeEnv: "development" | "production" | "test";
  /** mail goes out through Resend: there is no local outbox to read */
  resendConfigured: boolean;
}

/**
 * The development outbox holds every sign-in link: whoever reads it can become any user. So it
 * answers only on the machine itself (a laptop on shared wifi, or `HOST=0.0.0.0`, must not serve it to
 * the room), only while mail goes to files, and never in production.
 */
export function devOutboxAllowed(req: DevOutboxRequest): boolean {
  return req.nodeEnv !== "production" && !req.resendConfigured && isLoopbackAddress(req.ip);
}

/** For the /dev/mail loaders: a 404 (the page does not exist) unless devOutboxAllowed. */
export function requireDevOutbox(ip: string): void {
  // Read per call, like emails/send.ts: tests switch the mail transport without a restart.
  const e = parseEnv(process.env);
  if (!devOutboxAllowed({ ip, nodeEnv: e.NODE_ENV, resendConfigured: Boolean(e.RESEND_API_KEY) })) {
    throw new Response("Not Found", { status: 404, statusText: "Not Found" });
  }
}
