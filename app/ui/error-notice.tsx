import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "react-router";
import { failedDataRequestId } from "~/app/lib/data-request-id.ts";
import { ERROR_CODES, isErrorCode } from "~/app/lib/errors.ts";
import { runtimeKey, type TextKey } from "~/app/lib/i18n/keys.ts";

/**
 * The one way an error reaches a person: form-level and field errors (<ErrorNotice>) and the pages of
 * the route error boundaries (<ErrorPage>). Texts come from the dictionaries: an error code of the
 * registry (app/lib/errors.ts), a schema key (validation.*) or a key of the page's area.
 */

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Translates an error key: a full dictionary key, or else: `area` is the dictionary path whose `errors.*` may say it more specifically
 * for its pages ("admin", "goals", "hub.inbox", …); then the shared schema texts (validation.*); then
 * the registry's text for a code. Anything unknown reads as the area's (or the app's) generic error.
 */
export function useErrorText(area?: string) {
  const { t } = useTranslation();
  const generic = t(area ? [runtimeKey(`${area}.errors.generic`), "errors.generic"] : "errors.generic");
  return (key: string): string => {
    // a dotted key is a full dictionary key already ("erasure.errors.mismatch"); codes and schema keys have no dot
    const keys: TextKey[] = key.includes(".") ? [runtimeKey(key)] : [];
    if (area) keys.push(runtimeKey(`${area}.errors.${key}`), runtimeKey(`${area}.errors.${camel(key)}`));
    keys.push(runtimeKey(`validation.${key}`));
    if (isErrorCode(key)) keys.push(ERROR_CODES[key].i18n);
    return t(keys, { defaultValue: generic });
  };
}

/**
 * Errors for a whole form (an alert, announced to screen readers) or, `inline`, next to a field
 * (`id` is the field's errorId, which conform puts into aria-describedby).
 */
export function ErrorNotice({
  errors,
  area,
  id,
  inline = false,
}: {
  errors: readonly string[] | undefined;
  area?: string | undefined;
  id?: string | undefined;
  inline?: boolean;
}) {
  const text = useErrorText(area);
  if (!errors?.length) return null;
  const words = errors.map(text).join(" ");
  return inline ? (
    <span id={id} className="field-error">
      {words}
    </span>
  ) : (
    <p id={id} className="alert" role="alert">
      {words}
    </p>
  );
}

/** The statuses a route error boundary explains; anything else is a 500. */
const PAGES = {
  404: { title: "errors.notFoundTitle", text: "errors.notFound" },
  403: { title: "errors.forbiddenTitle", text: "errors.forbidden" },
  409: { title: "errors.conflictTitle", text: "errors.conflict" },
  410: { title: "errors.goneTitle", text: "errors.notFound" },
  429: { title: "errors.rateLimitedTitle", text: "errors.rateLimited" },
  500: { title: "errors.title", text: "errors.generic" },
} as const;

/**
 * What a route error boundary shows: what happened (by status, in the reader's language), what to do
 * (back, the start page, try again) and the request id to quote to support. Never the error's message or
 * stack: they may hold internals (and in production React Router already replaces a crash with a bare
 * "Unexpected Server Error"). `home` is where "start page" leads (the tenant's dashboard inside one).
 */
export function ErrorPage({ home = "/" }: { home?: string }) {
  const error = useRouteError();
  const { t } = useTranslation();
  const documentRequestId = useRouteLoaderData<{ requestId?: string }>("root")?.requestId;
  // The document's id only for an error that came with the document (server render, hydration); an
  // error after hydration answered a data request (its id, if it failed) or none (a browser-side crash).
  const requestId = useMemo(
    () => (isHydrated() ? failedDataRequestId() : documentRequestId),
    // once per error: the page keeps its id while it stays (a re-render after hydration keeps the document's)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [error],
  );
  const status = isRouteErrorResponse(error) && error.status in PAGES ? error.status : 500;
  const page = PAGES[status as keyof typeof PAGES];
  return (
    <section className="error-page" data-status={status}>
      <h1>{t(page.title)}</h1>
      <p>{t(page.text)}</p>
      <ul className="actions">
        <li>
          <button type="button" className="secondary" onClick={() => history.back()}>
            {t("errors.back")}
          </button>
        </li>
        <li>
          <Link to={home}>{t("errors.home")}</Link>
        </li>
        {status === 404 || status === 403 ? null : (
          <li>
            <a href="">{t("errors.retry")}</a>
          </li>
        )}
      </ul>
      {requestId ? <p className="hint">{t("errors.requestId", { id: requestId })}</p> : null}
    </section>
  );
}

/** root.tsx marks <html data-hydrated> once React has hydrated the document. */
function isHydrated(): boolean {
  return typeof document !== "undefined" && document.documentElement.dataset.hydrated === "true";
}
