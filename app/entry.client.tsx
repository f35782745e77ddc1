import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { recordDataRequestIds } from "~/app/lib/data-request-id.ts";
import { browserI18nSource, loadNamespaces } from "~/app/lib/i18n/browser.ts";
import { isLocale } from "~/app/lib/i18n/locale.ts";
import { isNamespace } from "~/app/lib/i18n/namespaces.ts";
import { I18nSourceProvider, USED_NAMESPACES_ID } from "~/app/lib/i18n/page.tsx";
import { registerServiceWorker } from "~/app/lib/service-worker.ts";

/**
 * React Router's default browser entry, plus the page's texts: the server wrote the language and the
 * page's namespaces on <html> (root.tsx); their dictionaries are imported before hydrating, so the
 * first render in the browser has the same text as the server's (no mismatch, no flash of keys).
 * Besides the namespaces the page's routes declare, those the server's texts actually came from (written
 * at the end of the page, app/lib/i18n/page.tsx). Later pages import theirs as they are visited
 * (app/lib/i18n/browser.ts).
 */
const html = document.documentElement;
const locale = isLocale(html.lang) ? html.lang : "de";
const declared = (html.dataset.i18n ?? "common").split(" ");
const used: unknown = JSON.parse(document.getElementById(USED_NAMESPACES_ID)?.textContent || "[]");
const ns = [...declared, ...(Array.isArray(used) ? used : [])].filter(isNamespace);

// error pages after hydration quote the failed data request's id (app/lib/data-request-id.ts)
recordDataRequestIds();

// the installable app: offline page and shell (public/sw.js), production builds only
registerServiceWorker();

void loadNamespaces(locale, ns).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nSourceProvider value={browserI18nSource}>
          <HydratedRouter />
        </I18nSourceProvider>
      </StrictMode>,
    );
  });
});
