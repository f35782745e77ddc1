import type { AppLoadContext } from "react-router";
import { isForwarded } from "~/app/lib/client-ip.server.ts";
import { parseEnv } from "~/app/lib/env.server.ts";
import { isLoopbackAddress } from "~/app/lib/loopback.server.ts";

export interface DevOutboxRequest {
  /** the socket's peer address (context.peer), never an address some header named */
  peer: string;
  /** a forwarding header is present (isForwarded): a proxy or tunnel may stand in for anyone */
  forwarded: boolean;
  nodeEnv: "development" | "production" | "test";
  /** mail goes out through Resend: there is no local outbox to read */
  resendConfigured: boolean;
}

/**
 * The development outbox holds every sign-in link: whoever reads it can become any user. So it
 * answers only on the machine itself (a laptop on shared wifi, or `HOST=0.0.0.0`, must not serve it to
 * the room), only while mail goes to files, and never in production. "On the machine itself" is the
 * socket's peer, and only without any forwarding header: TRUST_PROXY's client address comes from
 * headers a client can write, and a local reverse proxy or tunnel makes every client's peer 127.0.0.1.
 */
export function devOutboxAllowed(req: DevOutboxRequest): boolean {
  if (req.nodeEnv === "production" || req.resendConfigured) return false;
  return !req.forwarded && isLoopbackAddress(req.peer);
}

/** devOutboxAllowed for a loader: the socket peer from the load context, the headers from the request. */
export function devOutboxAllowedFor(request: Request, context: Pick<AppLoadContext, "peer">): boolean {
  // Read per call, like emails/send.ts: tests switch the mail transport without a restart.
  const e = parseEnv(process.env);
  return devOutboxAllowed({
    peer: context.peer,
    forwarded: isForwarded(request.headers),
    nodeEnv: e.NODE_ENV,
    resendConfigured: Boolean(e.RESEND_API_KEY),
  });
}

/** For the /dev/mail loaders: a 404 (the page does not exist) unless devOutboxAllowed. */
export function requireDevOutbox(request: Request, context: Pick<AppLoadContext, "peer">): void {
  if (!devOutboxAllowedFor(request, context))
    throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}
