import i18next, { type i18n as I18n } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { admin } from "~/app/lib/i18n/admin.ts";
import { auth } from "~/app/lib/i18n/auth.ts";
import { common } from "~/app/lib/i18n/common.ts";
import { content } from "~/app/lib/i18n/content.ts";
import { hub } from "~/app/lib/i18n/hub.ts";
import { advocacy } from "~/app/lib/i18n/advocacy.ts";
import { sharing } from "~/app/lib/i18n/sharing.ts";
import { escalations } from "~/app/lib/i18n/escalations.ts";
import { profiles } from "~/app/lib/i18n/profiles.ts";
import { reach } from "~/app/lib/i18n/reach.ts";
import { digest } from "~/app/lib/i18n/digest.ts";
import { billing } from "~/app/lib/i18n/billing.ts";
import { recognition } from "~/app/lib/i18n/recognition.ts";
import { goals } from "~/app/lib/i18n/goals.ts";
import { credit } from "~/app/lib/i18n/credit.ts";
import { myData } from "~/app/lib/i18n/my-data.ts";
import { erasure } from "~/app/lib/i18n/erasure.ts";
import { retention } from "~/app/lib/i18n/retention.ts";
import { dataMap } from "~/app/lib/i18n/data-map.ts";

export const resources = {
  en: {
    translation: {
      ...common.en,
      auth: auth.en,
      admin: admin.en,
      content: content.en,
      hub: hub.en,
      advocacy: advocacy.en,
      sharing: sharing.en,
      escalations: escalations.en,
      profiles: profiles.en,
      reach: reach.en,
      digest: digest.en,
      billing: billing.en,
      recognition: recognition.en,
      goals: goals.en,
      credit: credit.en,
      myData: myData.en,
      erasure: erasure.en,
      retention: retention.en,
      dataMap: dataMap.en,
    },
  },
  de: {
    translation: {
      ...common.de,
      auth: auth.de,
      admin: admin.de,
      content: content.de,
      hub: hub.de,
      advocacy: advocacy.de,
      sharing: sharing.de,
      escalations: escalations.de,
      profiles: profiles.de,
      reach: reach.de,
      digest: digest.de,
      billing: billing.de,
      recognition: recognition.de,
      goals: goals.de,
      credit: credit.de,
      myData: myData.de,
      erasure: erasure.de,
      retention: retention.de,
      dataMap: dataMap.de,
    },
  },
} as const;

export function isLocale(value: unknown): value is Locale {
  return value === "de" || value === "en";
}

/** A fresh, synchronously initialised instance per render: no language leaks between requests. */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: "en",
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
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
