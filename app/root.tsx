// first: zod must be jitless before any route module makes a schema (see the module)
import "~/app/lib/zod-jitless.ts";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useNavigation,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { pageNamespaces, pageTitleKey, PageTranslations } from "~/app/lib/i18n/page.tsx";
import { resolveLocale } from "~/app/lib/i18n/resolve-locale.server.ts";
import { useNonce } from "~/app/lib/nonce.tsx";
import { getSession } from "~/app/modules/auth/require.server.ts";
import { database } from "~/db/client.ts";
import { findTenantBySlug } from "~/app/modules/tenancy/find-membership.server.ts";
import { ErrorPage } from "~/app/ui/error-notice.tsx";
import { errorBoundaryHeaders } from "~/app/lib/errors.ts";
import stylesheet from "~/app/styles.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

/** Errors rendered here keep a 429's Retry-After (errorBoundaryHeaders). */
export const headers: Route.HeadersFunction = errorBoundaryHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const session = await getSession(request);
  const tenant = params.tenant ? await findTenantBySlug((await database()).db, params.tenant) : undefined;
  const locale = resolveLocale(request, {
    signedIn: !!session,
    userLocale: session?.user.locale,
    tenantLocale: tenant?.defaultLocale,
  });
  return {
    locale,
    user: session ? { name: session.user.name, email: session.user.email } : null,
    // the document title names the company (PageTitle)
    tenantName: tenant?.name ?? null,
    // shown on error pages (ErrorPage), to quote to support; the access log line carries the same id
    requestId: context.requestId,
  };
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const locale = data?.locale ?? "de";
  // the page's texts: "common" and the namespaces its routes declare in handle.i18n; the browser
  // imports exactly these before hydrating (entry.client.tsx reads them from data-i18n)
  const ns = pageNamespaces(useMatches());
  // The CSP allows inline scripts only with this request's nonce (server.ts, entry.server.tsx).
  const nonce = useNonce();
  return (
    <html lang={locale} data-i18n={ns.join(" ")}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* icons from public/ (scripts/icons.ts); the browser bar takes the top bar's colour,
            --color-surface of app/styles/tokens.css in light and dark */}
        <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
        {/* installable app: public/manifest.webmanifest (share target: app/routes/share-target.tsx) */}
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" media="(prefers-color-scheme: light)" content="#ffffff" />
        <meta name="theme-color" media="(prefers-color-scheme: dark)" content="#181b21" />
        <Meta />
        <Links nonce={nonce} />
      </head>
      <body>
        <PageTranslations locale={locale} ns={ns}>
          <PageTitle />
          <SkipLink />
          <PendingBar />
          {children}
        </PageTranslations>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** "<page> · <company> · Chorus"; React puts the <title> into <head>, also on client-side navigation. */
function PageTitle() {
  const { t } = useTranslation();
  const key = pageTitleKey(useMatches());
  const tenantName = useRootData()?.tenantName;
  const parts = [key ? t(key) : null, tenantName, t("appName")].filter(Boolean);
  return <title>{parts.join(" · ")}</title>;
}

function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t("skipToContent")}
    </a>
  );
}

/** A thin progress bar and a polite announcement while a navigation or form submission is pending. */
function PendingBar() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className={busy ? "pending-bar busy" : "pending-bar"} role="status" aria-live="polite">
      {busy ? (
        <span className="visually-hidden">
          {navigation.state === "submitting" ? t("saving") : t("loading")}
        </span>
      ) : null}
    </div>
  );
}

export default function App() {
  // Marks the page as interactive (React has hydrated): end-to-end tests wait for it before typing
  // into forms whose live parts (sums, counters) only work with JavaScript.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

/** Errors outside the tenant layout (sign-in, tenant picker, a crash of the layout itself). */
export function ErrorBoundary() {
  return (
    <main id="main" className="page narrow">
      <ErrorPage />
    </main>
  );
}
