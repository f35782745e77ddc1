import type { TFunction } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { textsFor } from "~/app/lib/i18n/texts.ts";

/**
 * The mails' texts come from the same dictionaries as the pages (app/lib/i18n/<lang>/mail-*.ts, one
 * namespace per area: mailAuth, mailContent, mailDigest, …).
 */
export function mailTexts(locale: Locale): TFunction {
  return textsFor(locale);
}
