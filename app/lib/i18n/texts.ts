import type { i18n as I18n, TFunction } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";

/**
 * Texts outside a page: mails, Teams cards, Slack messages. The same dictionaries as the pages
 * (app/lib/i18n/<lang>/*.ts), through one i18next instance per language, made on first use.
 */
const instances = new Map<Locale, I18n>();

export function textsFor(locale: Locale): TFunction {
  let instance = instances.get(locale);
  if (!instance) instances.set(locale, (instance = createI18n(locale)));
  return instance.t;
}
