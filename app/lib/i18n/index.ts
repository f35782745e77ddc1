import i18next, { type i18n as I18n } from "i18next";
import type { Locale } from "../../../db/schema.ts";
import { admin } from "./admin.ts";
import { auth } from "./auth.ts";
import { common } from "./common.ts";
import { content } from "./content.ts";
import { hub } from "./hub.ts";
import { advocacy } from "./advocacy.ts";
import { sharing } from "./sharing.ts";
import { escalations } from "./escalations.ts";
import { profiles } from "./profiles.ts";
import { reach } from "./reach.ts";
import { digest } from "./digest.ts";
import { billing } from "./billing.ts";
import { recognition } from "./recognition.ts";
import { goals } from "./goals.ts";
import { credit } from "./credit.ts";
import { myData } from "./my-data.ts";
import { erasure } from "./erasure.ts";
import { retention } from "./retention.ts";
import { dataMap } from "./data-map.ts";

export const resources = {
  en: { translation: { ...common.en, auth: auth.en, admin: admin.en, content: content.en, hub: hub.en, advocacy: advocacy.en, sharing: sharing.en, escalations: escalations.en, profiles: profiles.en, reach: reach.en, digest: digest.en, billing: billing.en, recognition: recognition.en, goals: goals.en, credit: credit.en, myData: myData.en, erasure: erasure.en, retention: retention.en, dataMap: dataMap.en } },
  de: { translation: { ...common.de, auth: auth.de, admin: admin.de, content: content.de, hub: hub.de, advocacy: advocacy.de, sharing: sharing.de, escalations: escalations.de, profiles: profiles.de, reach: reach.de, digest: digest.de, billing: billing.de, recognition: recognition.de, goals: goals.de, credit: credit.de, myData: myData.de, erasure: erasure.de, retention: retention.de, dataMap: dataMap.de } },
} as const;

export function isLocale(value: unknown): value is Locale {
  return value === "de" || value === "en";
}

/** A fresh, synchronously initialised instance per render: no language leaks between requests. */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({ lng: locale, fallbackLng: "en", resources, initAsync: false, interpolation: { escapeValue: false } });
  return instance;
}

/** Picks the first supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { lang: tag.slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.lang).find(isLocale);
}
