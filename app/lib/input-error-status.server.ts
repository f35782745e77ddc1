import { isDataException } from "~/app/lib/errors.ts";

/**
 * React Router answers whatever a loader or action throws with a 500. A data exception from
 * PostgreSQL (SQLSTATE class 22: a NUL in text, a date out of range, …) that got past the zod
 * blocks is still the client's input, so a request whose only errors were such is answered with a
 * 400. entry.server.tsx's handleError records every error against the request's load context (one
 * object per request); its document and data handlers then ask for the status here.
 */
const onlyInputErrors = new WeakMap<object, boolean>();

export function recordRequestError(context: object | undefined, error: unknown): void {
  if (!context) return;
  onlyInputErrors.set(context, isDataException(error) && onlyInputErrors.get(context) !== false);
}

/** The status to answer with: 400 instead of 500 when every error of the request was the input's. */
export function statusAfterErrors(status: number, context: object | undefined): number {
  return status === 500 && context !== undefined && onlyInputErrors.get(context) === true ? 400 : status;
}

/** A single-fetch (.data) response with statusAfterErrors applied; the body is left as it is. */
export function withInputErrorStatus(response: Response, context: object | undefined): Response {
  const status = statusAfterErrors(response.status, context);
  return status === response.status
    ? response
    : new Response(response.body, { status, statusText: "Bad Request", headers: response.headers });
}
