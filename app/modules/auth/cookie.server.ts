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

/**
 * The named cookie's value, or undefined. A value whose percent-escapes do not decode (`%ZZ`) counts
 * as absent: cookies are the client's to write, and a broken one is no reason for a 500.
 */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function readSessionToken(request: Request): string | undefined {
  const token = readCookie(request, sessionCookieName());
  return token && /^[a-z2-7]{32}$/.test(token) ? token : undefined;
}
