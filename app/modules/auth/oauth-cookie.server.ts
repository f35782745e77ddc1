import type { z } from "zod";
import { readCookie } from "~/app/lib/cookies.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { open, seal } from "~/app/modules/profiles/secret-box.server.ts";

/*
 * The short-lived cookie an OAuth or OpenID Connect flow keeps its state in between leaving for the
 * provider and coming back (LinkedIn's connect, single sign-on): state, PKCE verifier, nonce and
 * whatever the callback must know, sealed with the secrets keyring (AES-256-GCM, so neither readable
 * nor changeable by the browser), HttpOnly, SameSite=Lax (the provider's redirect back is a
 * top-level GET, which still carries it), Secure on https, scoped to the callback's path.
 */

export function oauthStateCookie(
  name: string,
  value: string,
  opts: { path: string; maxAge: number; secure: boolean },
): string {
  return [
    `${name}=${value}`,
    `Path=${opts.path}`,
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${opts.maxAge}`,
    ...(opts.secure ? ["Secure"] : []),
  ].join("; ");
}

/** The payload sealed for the cookie; `context` binds it to its place (another flow's cookie does not open). */
export function sealOAuthState(key: Keyring, payload: object, context: string): string {
  return seal(key, JSON.stringify(payload), context);
}

/** The cookie's payload, or undefined when it is missing, tampered with, of another context or malformed. */
export function readOAuthState<T>(
  request: Request,
  name: string,
  key: Keyring,
  context: string,
  schema: z.ZodType<T>,
): T | undefined {
  const sealed = readCookie(request, name);
  if (!sealed) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(open(key, sealed, context)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
