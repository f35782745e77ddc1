import type { i18n as I18n } from "i18next";
import type { Locale } from "~/db/schema.ts";
import { i18nInstance } from "~/app/lib/i18n/instance.ts";
import { isNamespace, namespaceFile, type Namespace } from "~/app/lib/i18n/namespaces.ts";
import type { I18nSource } from "~/app/lib/i18n/page.tsx";

/**
 * The browser's side of the page texts: one i18next instance per language, and each namespace of that
 * language imported (its own small chunk) the first time a page needs it. Only entry.client.tsx
 * imports this file, so no dictionary is part of the page's scripts.
 */
const dictionaries = import.meta.glob<{ default: object }>("/app/lib/i18n/{de,en}/*.ts");

const instances = new Map<Locale, I18n>();
const pending = new Map<string, Promise<I18n>>();

function instanceFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    // A key of a namespace the page did not declare (say, an error text of another area) reads as the
    // next key that is there (or the default, or the key) until its dictionary is imported, then the page
    // renders again (react-i18next listens to "added"). Every key of a t() call is looked at, not only
    // the one i18next reports missing: t([area key, "errors.generic"]) finds the second and reports nothing.
    const created = i18nInstance(locale, {}, { react: { bindI18nStore: "added" } });
    const translate = created.t.bind(created) as unknown as (...args: unknown[]) => unknown;
    created.t = ((key: unknown, ...rest: unknown[]) => {
      for (const k of Array.isArray(key) ? key : [key]) {
        const ns = typeof k === "string" ? k.split(".")[0] : undefined;
        if (isNamespace(ns) && !created.hasResourceBundle(locale, ns)) void loadNamespaces(locale, [ns]);
      }
      return translate(key, ...rest);
    }) as unknown as typeof created.t;
    instance = created;
    instances.set(locale, instance);
  }
  return instance;
}

/** Imports the namespaces of one language that are not there yet; the same promise while it runs. */
export function loadNamespaces(locale: Locale, ns: readonly Namespace[]): Promise<I18n> {
  const instance = instanceFor(locale);
  const missing = ns.filter((n) => !instance.hasResourceBundle(locale, n));
  const key = `${locale}|${missing.join(",")}`;
  let promise = pending.get(key);
  if (!promise) {
    promise = Promise.all(
      missing.map(async (n) => {
        const load = dictionaries[`/app/lib/i18n/${locale}/${namespaceFile(n)}.ts`];
        if (!load) throw new Error(`no dictionary ${locale}/${namespaceFile(n)}.ts`);
        instance.addResourceBundle(locale, n, (await load()).default);
      }),
    ).then(() => instance);
    pending.set(key, promise);
    void promise.finally(() => pending.delete(key));
  }
  return promise;
}

export const browserI18nSource: I18nSource = (locale, ns) => {
  const instance = instanceFor(locale);
  return ns.every((n) => instance.hasResourceBundle(locale, n)) ? instance : loadNamespaces(locale, ns);
};
