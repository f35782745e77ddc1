import { expect } from "vitest";
import { PreviewFetchError } from "~/app/modules/content/fetch-preview.server.ts";

/** The PreviewFetchError a fetch must refuse with (the test fails if it resolves or throws anything else). */
export async function fetchError(promise: Promise<unknown>): Promise<PreviewFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PreviewFetchError);
  return err as PreviewFetchError;
}
