/**
 * The request id (X-Request-Id, server.ts) of the browser's latest data request (React Router's
 * `.data` fetches: a navigation's loaders, an action, a fetcher). After hydration an error page is
 * the answer to such a request, not to the document's: the root loader's id would then name a request
 * that logged nothing about the error (an action's error does not revalidate the root loader).
 * entry.client.tsx starts the recording before hydrating; on the server nothing is recorded.
 */
let latest: { status: number; requestId: string | null } | undefined;

export function recordDataRequestIds(): void {
  const fetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url, location.href).pathname.endsWith(".data"))
      latest = { status: response.status, requestId: response.headers.get("X-Request-Id") };
    return response;
  };
}

/** The id of the latest data request when it failed (an error status); else undefined. */
export function failedDataRequestId(): string | undefined {
  return latest && latest.status >= 400 ? (latest.requestId ?? undefined) : undefined;
}
