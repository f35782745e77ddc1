import type { Locale } from "~/db/schema.ts";
import { readCookie } from "~/app/lib/cookies.ts";
import { isLocale, localeFromAcceptLanguage } from "~/app/lib/i18n/locale.ts";

export const LOCALE_COOKIE = "chorus_lang";

/**
 * Signed in: the person's own choice, then the tenant's default. Anonymous: this browser's choice
 * (cookie). Then the browser's Accept-Language, then German.
 */
export function resolveLocale(
  request: Request,
  opts: { signedIn: boolean; userLocale?: Locale | null | undefined; tenantLocale?: Locale | undefined },
): Locale {
  const cookie = opts.signedIn ? undefined : readCookie(request, LOCALE_COOKIE);
  return (
    opts.userLocale ??
    (isLocale(cookie) ? cookie : undefined) ??
    opts.tenantLocale ??
    localeFromAcceptLanguage(request.headers.get("Accept-Language")) ??
    "de"
  );
}
