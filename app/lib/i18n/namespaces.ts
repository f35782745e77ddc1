/**
 * The namespaces: one per area of the app, each a file per language (app/lib/i18n/en/<file>.ts and
 * app/lib/i18n/de/<file>.ts). "common" (layout, navigation, errors, validation) is on every page; a route
 * names the others its page needs in `handle.i18n` (read by pageNamespaces in app/lib/i18n/page.tsx).
 * Keys name their namespace first: t("content.status.draft") is "status.draft" in content.
 */
export const namespaces = [
  "common",
  "admin",
  "advocacy",
  "auth",
  "billing",
  "chat",
  "chatMessages",
  "content",
  "credit",
  "dataMap",
  "digest",
  "erasure",
  "escalations",
  "goals",
  "home",
  "hub",
  "mail",
  "mailAuth",
  "mailContent",
  "mailDigest",
  "mailEscalations",
  "mailGoals",
  "mailPrivacy",
  "myData",
  "profiles",
  "reach",
  "recognition",
  "retention",
  "sharing",
  "sso",
] as const;

export type Namespace = (typeof namespaces)[number];

export function isNamespace(value: unknown): value is Namespace {
  return (namespaces as readonly unknown[]).includes(value);
}

/** A namespace's file name: myData → my-data. */
export function namespaceFile(ns: Namespace): string {
  return ns.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
