import type { Env } from "~/app/lib/env.server.ts";
import { isLoopbackHost } from "~/app/lib/loopback.server.ts";

/**
 * Where `npm start` listens: 127.0.0.1 unless HOST says otherwise, so a laptop on café wifi does not
 * serve the demo tenant (and its sign-in outbox) to the room. A development build (Vite's middleware,
 * React Router's development mode with stack traces and SQL errors in the page) is refused on any
 * address other machines can reach: that needs `npm run build` and NODE_ENV=production.
 */
export function listenHost(
  e: Pick<Env, "HOST" | "NODE_ENV">,
  options: { dev: boolean },
): { ok: true; host: string } | { ok: false; reason: string } {
  const host = e.HOST ?? "127.0.0.1";
  if (isLoopbackHost(host)) return { ok: true, host };
  if (options.dev) {
    return {
      ok: false,
      reason: `HOST=${host} would serve the development build (npm run dev) to other machines. Unset HOST (127.0.0.1), or run a production build: npm run build, then NODE_ENV=production npm run serve.`,
    };
  }
  if (e.NODE_ENV !== "production") {
    return {
      ok: false,
      reason: `HOST=${host} with NODE_ENV=${e.NODE_ENV} would show stack traces and SQL errors to other machines. Unset HOST (127.0.0.1), or set NODE_ENV=production (and APP_URL).`,
    };
  }
  return { ok: true, host };
}
