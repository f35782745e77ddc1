import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import type { AppLoadContext, EntryContext } from "react-router";
import { isRouteErrorResponse, ServerRouter } from "react-router";
import type { Locale } from "~/db/schema.ts";
import { NonceProvider } from "~/app/lib/nonce.tsx";
import { I18nSourceProvider, type I18nSource } from "~/app/lib/i18n/page.tsx";
import { pageI18n } from "~/app/lib/i18n/resources.ts";
import { logger } from "~/runtime/logger.server.ts";
import {
  recordRequestError,
  statusAfterErrors,
  withInputErrorStatus,
} from "~/app/lib/input-error-status.server.ts";

/**
 * React Router 7.18's default node entry, plus the request's CSP nonce (from server.ts through the
 * load context) on every inline script React and React Router write: the hydration data, the
 * streamed single-fetch chunks, Suspense's swap scripts. server.ts's Content-Security-Policy allows
 * scripts with exactly this nonce and no other inline script.
 */

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // a value PostgreSQL refused (class 22) is the client's input: 400, not 500 (input-error-status.server.ts)
  responseStatusCode = statusAfterErrors(responseStatusCode, loadContext);
  // https://httpwg.org/specs/rfc9110.html#HEAD
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  // Only server.ts builds the load context; a missing nonce would be a wiring bug, and with an empty
  // one the CSP blocks every inline script, which the e2e suite notices at once.
  const nonce = loadContext.nonce;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    // Bots and SPA-mode renders wait for all content rather than streaming.
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";

    // Abort after streamTimeout so rejected boundaries have time to flush.
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(
      () => abort(),
      streamTimeout + 1000,
    );

    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nSourceProvider value={pageTexts()}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </I18nSourceProvider>
      </NonceProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject and are logged by React Router's handleDocumentRequest.
          if (!shellRendered) return;
          if (request.signal.aborted)
            logger.info(
              { requestId: loadContext.requestId },
              "streaming render aborted: the client went away",
            );
          else logger.error({ err: error, requestId: loadContext.requestId }, "streaming render failed");
        },
      },
    );
  });
}

/**
 * The page's texts, for this request: every namespace of the page's language (an instance per language;
 * the page notes the namespaces it used, see pageI18n).
 */
function pageTexts(): I18nSource {
  const instances = new Map<Locale, ReturnType<typeof pageI18n>>();
  return (locale) => {
    let instance = instances.get(locale);
    if (!instance) instances.set(locale, (instance = pageI18n(locale)));
    return instance;
  };
}

/**
 * Loader, action and render errors, logged once with the request id that the access log line and the
 * X-Request-Id response header carry. Not errors of ours, so not at error level: an aborted request
 * (the client went away: info) and React Router's own 4xx answers (a 405 for a route without an
 * action, like DELETE / or POST to a page that does not exist; a 404 it threw: warn).
 */
export function handleError(
  error: unknown,
  { request, context }: { request: Request; context: AppLoadContext | undefined },
) {
  const fields = {
    requestId: context?.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
  };
  if (request.signal.aborted) {
    logger.info(fields, "request aborted by the client");
    return;
  }
  recordRequestError(context, error);
  if (isRouteErrorResponse(error) && error.status < 500) {
    logger.warn(
      { ...fields, status: error.status, statusText: error.statusText },
      "request refused by the router",
    );
    return;
  }
  logger.error({ err: error, ...fields }, "request failed");
}

/** Single-fetch (.data) responses: the same 400 instead of 500 for errors that were only the input's. */
export function handleDataRequest(response: Response, { context }: { context: AppLoadContext }) {
  return withInputErrorStatus(response, context);
}
