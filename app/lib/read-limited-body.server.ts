/**
 * Reads a request body up to `max` bytes, counted as it streams (a missing or false Content-Length
 * does not get past it); past the limit the reader is cancelled and `tooLarge()` is thrown. Shared by
 * the public API and SCIM, which answer the 413 each in their own error shape.
 */
export async function readLimitedBody(
  request: Request,
  max: number,
  tooLarge: () => unknown,
): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
