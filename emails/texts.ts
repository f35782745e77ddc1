import type { i18n as I18n, TFunction } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";

/**
 * The mails' texts come from the same dictionaries as the pages (app/lib/i18n/<lang>/mail-*.ts, one
 * namespace per area: mailAuth, mailContent, mailDigest, …), through one i18next instance per language.
 */
const instances = new Map<Locale, I18n>();

export function mailTexts(locale: Locale): TFunction {
  let instance = instances.get(locale);
  if (!instance) instances.set(locale, (instance = createI18n(locale)));
  return instance.t;
}
