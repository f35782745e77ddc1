import i18next, { type i18n as I18n, type InitOptions, type ResourceLanguage } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { namespaces } from "~/app/lib/i18n/namespaces.ts";

/**
 * An i18next instance for one language holding the given namespaces' dictionaries, initialised
 * synchronously. Keys name their namespace first and "." separates both: i18next takes the first part
 * as the namespace when it is one of `namespaces` (t("content.status.draft") → content, "status.draft"),
 * otherwise the key is in "common" (t("nav.main")). No fallback language: the parity test keeps both
 * languages complete, and a page must render the same on the server and in the browser.
 */
export function i18nInstance(
  locale: Locale,
  dictionaries: ResourceLanguage,
  options: InitOptions = {},
): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    ns: [...namespaces],
    defaultNS: "common",
    nsSeparator: ".",
    keySeparator: ".",
    resources: { [locale]: dictionaries },
    initAsync: false,
    interpolation: { escapeValue: false },
    ...options,
  });
  return instance;
}
