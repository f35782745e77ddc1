import type { i18n as I18n } from "i18next";
import { createContext, use, useContext, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import type { UIMatch } from "react-router";
import type { Locale } from "~/db/schema.ts";
import { isNamespace, type Namespace } from "~/app/lib/i18n/namespaces.ts";
import { useNonce } from "~/app/lib/nonce.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";

/**
 * Where a page's i18next instance comes from: on the server every dictionary is at hand
 * (entry.server.tsx), in the browser the page's namespaces are imported on demand (entry.client.tsx),
 * so the source may answer with a promise while they load; the page waits for it (React suspends the
 * navigation's transition, the previous page stays until the texts are there).
 */
export type I18nSource = (locale: Locale, ns: readonly Namespace[]) => I18n | Promise<I18n>;

const SourceContext = createContext<I18nSource | null>(null);
export const I18nSourceProvider = SourceContext.Provider;

/** A page title's key: one under `titles` in common. */
export type TitleKey = Extract<TextKey, `titles.${string}`>;

/**
 * What a page route declares: `export const handle = { i18n: ["content"], title: "titles.hub" } satisfies
 * I18nHandle`: the namespaces its texts come from and its title, a key under `titles` in common (always
 * loaded). The document title is "<page> · <company> · Chorus" (PageTitle in root.tsx);
 * tests/unit/page-titles.test.ts checks that every page has its own.
 */
export interface I18nHandle {
  i18n: readonly Namespace[];
  title: TitleKey;
}

/** The title key of the deepest matched route that declares one. */
export function pageTitleKey(matches: readonly Pick<UIMatch, "handle">[]): TitleKey | undefined {
  for (let i = matches.length - 1; i >= 0; i--) {
    const title = (matches[i]!.handle as Partial<I18nHandle> | undefined)?.title;
    if (title) return title;
  }
  return undefined;
}

/** "common" and every namespace the matched routes declare in `handle.i18n`, sorted. */
export function pageNamespaces(matches: readonly Pick<UIMatch, "handle">[]): Namespace[] {
  const ns = new Set<Namespace>(["common"]);
  for (const match of matches) {
    const declared = (match.handle as Partial<I18nHandle> | undefined)?.i18n;
    for (const n of declared ?? []) if (isNamespace(n)) ns.add(n);
  }
  return [...ns].sort();
}

/** The namespaces a server-side page instance's texts came from (app/lib/i18n/resources.ts pageI18n). */
export const usedNamespaces = new WeakMap<I18n, Set<Namespace>>();

export const USED_NAMESPACES_ID = "i18n-used";

/**
 * Renders its children with the page's language and namespaces, then (last, when every text before it
 * has been rendered) the namespaces the server's texts came from, for entry.client.tsx: besides the
 * declared ones, say, the area of an error text a form shows.
 */
export function PageTranslations(props: { locale: Locale; ns: readonly Namespace[]; children: ReactNode }) {
  const source = useContext(SourceContext);
  if (!source)
    throw new Error("PageTranslations needs an I18nSourceProvider (entry.server.tsx, entry.client.tsx)");
  const got = source(props.locale, props.ns);
  const i18n = got instanceof Promise ? use(got) : got;
  return (
    <I18nextProvider i18n={i18n}>
      {props.children}
      <UsedNamespaces i18n={i18n} />
    </I18nextProvider>
  );
}

function UsedNamespaces({ i18n }: { i18n: I18n }) {
  // a JSON data block runs nothing, but every <script> of a page carries the request's nonce: the CSP
  // test (and a reader of the HTML) can then tell ours from an injected one
  const nonce = useNonce();
  // in the browser: what the server wrote (entry.client.tsx reads it once, before hydrating)
  const text =
    typeof document === "undefined"
      ? JSON.stringify([...(usedNamespaces.get(i18n) ?? [])].sort())
      : (document.getElementById(USED_NAMESPACES_ID)?.textContent ?? "[]");
  return (
    <script
      id={USED_NAMESPACES_ID}
      type="application/json"
      nonce={nonce || undefined}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: text }}
    />
  );
}
