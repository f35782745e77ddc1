import { readCookie } from "~/app/lib/cookies.ts";
import { env } from "~/app/lib/env.server.ts";

/**
 * Outside development the cookie is `__Host-` prefixed and Secure: bound to this exact origin,
 * unreadable by subdomains, never sent over plain HTTP. HttpOnly and SameSite=Lax always.
 */
function secure(): boolean {
  return env().NODE_ENV === "production";
}

/** `secureCookie`: what this process decides, unless a test names the cookie of a server it started. */
export function sessionCookieName(secureCookie = secure()): string {
  return secureCookie ? "__Host-chorus_session" : "chorus_session";
}

export function serializeSessionCookie(token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${sessionCookieName()}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(secure() ? ["Secure"] : []),
  ].join("; ");
}

export function clearSessionCookie(): string {
  return [
    `${sessionCookieName()}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    ...(secure() ? ["Secure"] : []),
  ].join("; ");
}

export function readSessionToken(request: Request): string | undefined {
  const token = readCookie(request, sessionCookieName());
  return token && /^[a-z2-7]{32}$/.test(token) ? token : undefined;
}
