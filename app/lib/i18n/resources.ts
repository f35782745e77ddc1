/**
 * Every dictionary of both languages, for the server: page renders (entry.server.tsx gives a page the
 * namespaces its routes declare), mails, files (CSV/PDF), tests. Browser code never imports this file:
 * entry.client.tsx imports one language's namespaces as the page needs them (browser.ts).
 * A new namespace: app/lib/i18n/en/<area>.ts, app/lib/i18n/de/<area>.ts, its name in namespaces.ts and here
 * (tests/unit/i18n-parity.test.ts fails until all three agree).
 */
import type { i18n as I18n } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { i18nInstance } from "~/app/lib/i18n/instance.ts";
import { isNamespace, type Namespace } from "~/app/lib/i18n/namespaces.ts";
import { usedNamespaces } from "~/app/lib/i18n/page.tsx";
import enCommon from "~/app/lib/i18n/en/common.ts";
import enAdmin from "~/app/lib/i18n/en/admin.ts";
import enAdvocacy from "~/app/lib/i18n/en/advocacy.ts";
import enAuth from "~/app/lib/i18n/en/auth.ts";
import enBilling from "~/app/lib/i18n/en/billing.ts";
import enContent from "~/app/lib/i18n/en/content.ts";
import enCredit from "~/app/lib/i18n/en/credit.ts";
import enDataMap from "~/app/lib/i18n/en/data-map.ts";
import enDigest from "~/app/lib/i18n/en/digest.ts";
import enErasure from "~/app/lib/i18n/en/erasure.ts";
import enEscalations from "~/app/lib/i18n/en/escalations.ts";
import enGoals from "~/app/lib/i18n/en/goals.ts";
import enHome from "~/app/lib/i18n/en/home.ts";
import enHub from "~/app/lib/i18n/en/hub.ts";
import enMail from "~/app/lib/i18n/en/mail.ts";
import enMailAuth from "~/app/lib/i18n/en/mail-auth.ts";
import enMailContent from "~/app/lib/i18n/en/mail-content.ts";
import enMailDigest from "~/app/lib/i18n/en/mail-digest.ts";
import enMailEscalations from "~/app/lib/i18n/en/mail-escalations.ts";
import enMailGoals from "~/app/lib/i18n/en/mail-goals.ts";
import enMailPrivacy from "~/app/lib/i18n/en/mail-privacy.ts";
import enMyData from "~/app/lib/i18n/en/my-data.ts";
import enProfiles from "~/app/lib/i18n/en/profiles.ts";
import enReach from "~/app/lib/i18n/en/reach.ts";
import enRecognition from "~/app/lib/i18n/en/recognition.ts";
import enRetention from "~/app/lib/i18n/en/retention.ts";
import enSharing from "~/app/lib/i18n/en/sharing.ts";
import enSso from "~/app/lib/i18n/en/sso.ts";
import enChat from "~/app/lib/i18n/en/chat.ts";
import enChatMessages from "~/app/lib/i18n/en/chat-messages.ts";
import deCommon from "~/app/lib/i18n/de/common.ts";
import deAdmin from "~/app/lib/i18n/de/admin.ts";
import deAdvocacy from "~/app/lib/i18n/de/advocacy.ts";
import deAuth from "~/app/lib/i18n/de/auth.ts";
import deBilling from "~/app/lib/i18n/de/billing.ts";
import deContent from "~/app/lib/i18n/de/content.ts";
import deCredit from "~/app/lib/i18n/de/credit.ts";
import deDataMap from "~/app/lib/i18n/de/data-map.ts";
import deDigest from "~/app/lib/i18n/de/digest.ts";
import deErasure from "~/app/lib/i18n/de/erasure.ts";
import deEscalations from "~/app/lib/i18n/de/escalations.ts";
import deGoals from "~/app/lib/i18n/de/goals.ts";
import deHome from "~/app/lib/i18n/de/home.ts";
import deHub from "~/app/lib/i18n/de/hub.ts";
import deMail from "~/app/lib/i18n/de/mail.ts";
import deMailAuth from "~/app/lib/i18n/de/mail-auth.ts";
import deMailContent from "~/app/lib/i18n/de/mail-content.ts";
import deMailDigest from "~/app/lib/i18n/de/mail-digest.ts";
import deMailEscalations from "~/app/lib/i18n/de/mail-escalations.ts";
import deMailGoals from "~/app/lib/i18n/de/mail-goals.ts";
import deMailPrivacy from "~/app/lib/i18n/de/mail-privacy.ts";
import deMyData from "~/app/lib/i18n/de/my-data.ts";
import deProfiles from "~/app/lib/i18n/de/profiles.ts";
import deReach from "~/app/lib/i18n/de/reach.ts";
import deRecognition from "~/app/lib/i18n/de/recognition.ts";
import deRetention from "~/app/lib/i18n/de/retention.ts";
import deSharing from "~/app/lib/i18n/de/sharing.ts";
import deSso from "~/app/lib/i18n/de/sso.ts";
import deChat from "~/app/lib/i18n/de/chat.ts";
import deChatMessages from "~/app/lib/i18n/de/chat-messages.ts";

/** The English dictionaries: the source of the key types (types.d.ts) and the fallback. */
export const en = {
  common: enCommon,
  admin: enAdmin,
  advocacy: enAdvocacy,
  auth: enAuth,
  billing: enBilling,
  content: enContent,
  credit: enCredit,
  dataMap: enDataMap,
  digest: enDigest,
  erasure: enErasure,
  escalations: enEscalations,
  goals: enGoals,
  home: enHome,
  hub: enHub,
  mail: enMail,
  mailAuth: enMailAuth,
  mailContent: enMailContent,
  mailDigest: enMailDigest,
  mailEscalations: enMailEscalations,
  mailGoals: enMailGoals,
  mailPrivacy: enMailPrivacy,
  myData: enMyData,
  profiles: enProfiles,
  reach: enReach,
  recognition: enRecognition,
  retention: enRetention,
  sharing: enSharing,
  sso: enSso,
  chat: enChat,
  chatMessages: enChatMessages,
};

export const de = {
  common: deCommon,
  admin: deAdmin,
  advocacy: deAdvocacy,
  auth: deAuth,
  billing: deBilling,
  content: deContent,
  credit: deCredit,
  dataMap: deDataMap,
  digest: deDigest,
  erasure: deErasure,
  escalations: deEscalations,
  goals: deGoals,
  home: deHome,
  hub: deHub,
  mail: deMail,
  mailAuth: deMailAuth,
  mailContent: deMailContent,
  mailDigest: deMailDigest,
  mailEscalations: deMailEscalations,
  mailGoals: deMailGoals,
  mailPrivacy: deMailPrivacy,
  myData: deMyData,
  profiles: deProfiles,
  reach: deReach,
  recognition: deRecognition,
  retention: deRetention,
  sharing: deSharing,
  sso: deSso,
  chat: deChat,
  chatMessages: deChatMessages,
};

export const resources = { en, de } satisfies Record<Locale, Record<Namespace, object>>;

/** An instance with every namespace of one language: mails, files, server-side texts, tests. */
export function createI18n(locale: Locale): I18n {
  return i18nInstance(locale, resources[locale]);
}

/**
 * The instance a page renders with on the server: every namespace, so the server's text is always right,
 * and it notes the namespaces the page's texts came from (usedNamespaces, written at the end of the page
 * for entry.client.tsx, which imports them before hydrating).
 */
export function pageI18n(locale: Locale): I18n {
  const instance = createI18n(locale);
  const used = new Set<Namespace>();
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
  instance.t = ((key: unknown, ...rest: unknown[]) => {
    for (const k of Array.isArray(key) ? key : [key]) {
      const ns = typeof k === "string" ? k.split(".")[0] : undefined;
      // a namespace noted once is noted (exists() is a second lookup of the key)
      if (isNamespace(ns) && !used.has(ns) && instance.exists(k as string)) used.add(ns);
    }
    return translate(key, ...rest);
  }) as unknown as typeof instance.t;
  usedNamespaces.set(instance, used);
  return instance;
}

/** One namespace in both languages, for code that reads texts directly (files, tests). */
export function namespaceTexts<N extends Namespace>(ns: N): { en: (typeof en)[N]; de: (typeof de)[N] } {
  return { en: en[ns], de: de[ns] };
}
