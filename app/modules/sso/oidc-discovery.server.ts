import dns from "node:dns/promises";
import type { CustomFetch } from "openid-client";
import { z } from "zod";
import { env } from "~/app/lib/env.server.ts";
import { isPublicAddress } from "~/app/modules/content/fetch-preview.server.ts";

/** The whole discovery request, DNS included. */
export const DISCOVERY_TIMEOUT_MS = 5_000;
/** Real discovery documents are 1–5 kB; Entra's is about 1.7 kB. */
export const DISCOVERY_MAX_BYTES = 64 * 1024;

export type DiscoveryProblem =
  /** not https (or http to loopback where allowed), credentials in the URL, not a URL */
  | "discoveryUrlInvalid"
  /** the host resolves to a private, link-local or loopback address */
  | "discoveryBlocked"
  /** no answer in time, refused, DNS failure, or an HTTP error status */
  | "discoveryUnreachable"
  /** an answer, but not an OpenID Provider configuration */
  | "discoveryInvalid";

export class DiscoveryError extends Error {
  constructor(
    readonly problem: DiscoveryProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DiscoveryError";
  }
}

/** The fields of OpenID Connect Discovery 1.0 §3 that a sign-in needs. */
const ProviderMetadata = z.object({
  issuer: z.url({ protocol: /^https?$/ }),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether http:// to a loopback address is accepted for issuers: in development and tests (the fake
 * provider listens on 127.0.0.1), and where SSO_ALLOW_HTTP_LOOPBACK says so (the e2e run serves the
 * production build). Never another host, never http to anything else.
 */
export function httpLoopbackAllowed(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.SSO_ALLOW_HTTP_LOOPBACK;
}

function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

export const WELL_KNOWN = "/.well-known/openid-configuration";

/**
 * The discovery URL an admin typed, checked before anything is fetched; null when unusable. The
 * issuer's own URL is forgiven: the well-known path is added to it.
 */
export function checkDiscoveryUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.username || url.password || url.hash || url.search) return null;
  if (!url.pathname.endsWith(WELL_KNOWN)) url.pathname = `${url.pathname.replace(/\/$/, "")}${WELL_KNOWN}`;
  if (url.protocol === "https:") return url;
  return url.protocol === "http:" && isLoopbackUrl(url) && httpLoopbackAllowed() ? url : null;
}

/**
 * Fetches an OpenID Provider's discovery document and returns its issuer, the value every ID token
 * of the provider must carry. The URL comes from a tenant admin and is fetched from inside our
 * network, so: https only (loopback http in development and tests), the name must resolve to public
 * addresses only (loopback where http loopback is allowed), no redirects, one deadline, a byte cap.
 * Checking addresses before fetch leaves a DNS-rebinding window; what a rebinding could read is at
 * most an `issuer` string shown back to that admin, and the sign-in itself (openid-client) fetches
 * the document again.
 */
export async function discoverIssuer(
  raw: string,
  opts: { timeoutMs?: number } = {},
): Promise<{ issuer: string; discoveryUrl: string }> {
  const url = checkDiscoveryUrl(raw);
  if (!url) throw new DiscoveryError("discoveryUrlInvalid", "discovery URL must be https");
  const signal = AbortSignal.timeout(opts.timeoutMs ?? DISCOVERY_TIMEOUT_MS);
  if (!(isLoopbackUrl(url) && httpLoopbackAllowed())) {
    await assertPublicHost(url);
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: "error", signal, headers: { accept: "application/json" } });
  } catch (error) {
    throw new DiscoveryError("discoveryUnreachable", `discovery fetch failed: ${String(error)}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DiscoveryError("discoveryUnreachable", `discovery answered ${response.status}`);
  }
  const text = await readCapped(response, signal);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DiscoveryError("discoveryInvalid", "discovery document is not JSON");
  }
  const parsed = ProviderMetadata.safeParse(json);
  if (!parsed.success) throw new DiscoveryError("discoveryInvalid", "not an OpenID Provider configuration");
  const issuer = parsed.data.issuer;
  // OpenID Connect Discovery §4.3: the issuer must be the URL the document was fetched under
  // (minus /.well-known/openid-configuration); a document naming another issuer is refused.
  const expected = `${issuer.replace(/\/$/, "")}${WELL_KNOWN}`;
  if (expected !== url.href)
    throw new DiscoveryError("discoveryInvalid", `issuer ${issuer} does not match the discovery URL`);
  return { issuer, discoveryUrl: url.href };
}

/** Most any answer of an issuer may hold at sign-in (discovery document, token response, keys). */
export const ISSUER_RESPONSE_MAX_BYTES = 256 * 1024;

async function assertPublicHost(url: URL): Promise<void> {
  let addresses: { address: string }[];
  try {
    addresses = await dns.lookup(url.hostname.replace(/^\[|\]$/g, ""), { all: true, verbatim: true });
  } catch (error) {
    throw new DiscoveryError("discoveryUnreachable", `cannot resolve ${url.hostname}`, { cause: error });
  }
  if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address)))
    throw new DiscoveryError("discoveryBlocked", `${url.hostname} is not a public address`);
}

/**
 * The fetch openid-client uses for a generic issuer at every sign-in (discovery again, the code
 * exchange, the keys; `oidc.customFetch`). Each of those URLs comes from a document a tenant
 * controls and may change after it was configured, so each gets what discoverIssuer gives the first:
 * public addresses only (loopback where http loopback is allowed), no redirects, and a byte cap, so
 * one tenant's issuer cannot fill the shared server's memory.
 */
export const issuerFetch: CustomFetch = async (url, init) => {
  const target = new URL(url);
  if (!(isLoopbackUrl(target) && httpLoopbackAllowed())) await assertPublicHost(target);
  const signal = init.signal ?? AbortSignal.timeout(DISCOVERY_TIMEOUT_MS);
  const response = await fetch(target, {
    method: init.method,
    headers: init.headers,
    // openid-client sends a form (URLSearchParams) or nothing; its type also names Uint8Array of any buffer
    body: init.body as BodyInit | null | undefined,
    signal,
    redirect: "manual",
  });
  const body = await readCappedBytes(response, signal, ISSUER_RESPONSE_MAX_BYTES);
  const headers = new Headers(response.headers);
  // the body is decoded and whole now
  headers.delete("content-encoding");
  headers.delete("content-length");
  const empty = [101, 204, 205, 304].includes(response.status);
  return new Response(empty ? null : new Uint8Array(body), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
};

async function readCapped(response: Response, signal: AbortSignal): Promise<string> {
  return (await readCappedBytes(response, signal, DISCOVERY_MAX_BYTES)).toString("utf8");
}

async function readCappedBytes(response: Response, signal: AbortSignal, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > max) {
    await response.body?.cancel();
    throw new DiscoveryError("discoveryInvalid", "discovery document too large");
  }
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw new DiscoveryError("discoveryInvalid", "discovery document too large");
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DiscoveryError) throw error;
    throw new DiscoveryError(
      signal.aborted ? "discoveryUnreachable" : "discoveryInvalid",
      `discovery read failed: ${String(error)}`,
      { cause: error },
    );
  }
  return Buffer.concat(chunks);
}
