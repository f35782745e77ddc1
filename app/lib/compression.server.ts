/**
 * HTTP compression, shared by the build step (scripts/precompress.ts writes `<file>.br` and `<file>.gz`
 * next to each compressible client file) and server.ts (serves those, and compresses the app's own
 * responses on the fly). Brotli is preferred when the client weighs both alike.
 */
import { Readable, type Transform } from "node:stream";
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Files the build precompresses (and the server looks for variants of): text of every kind. */
export const PRECOMPRESSED_EXTENSIONS = new Set([
  ".js",
  ".mjs",
  ".css",
  ".svg",
  ".json",
  ".webmanifest",
  ".map",
  ".html",
  ".txt",
  ".xml",
  ".ico",
]);

/** Below this a compressed answer saves too little to be worth a compressor (and a header or two). */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * The encoding to send: the acceptable one (q > 0) with the highest q among `available`, brotli on a
 * tie; undefined means identity. `*` stands for any coding not named; `identity` is never refused
 * (an identity;q=0 client without br or gzip gets the original rather than a 406).
 */
export function negotiateEncoding(
  acceptEncoding: string | string[] | undefined,
  available: readonly Encoding[] = ["br", "gzip"],
): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : acceptEncoding;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.split(";");
    const name = rawName!.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const param of params) {
      const match = /^\s*q\s*=(.*)$/i.exec(param);
      // a q that is not a number makes the coding unacceptable rather than preferred
      if (match) weight = /^\s*[0-9.]+\s*$/.test(match[1]!) ? Number(match[1]) : 0;
    }
    if (!Number.isFinite(weight) || weight < 0) weight = 0;
    // a coding named twice: the first mention counts (as most servers do)
    if (!q.has(name)) q.set(name, Math.min(weight, 1));
  }
  // x-gzip is gzip's old name (RFC 9110 8.4.1.3)
  if (!q.has("gzip") && q.has("x-gzip")) q.set("gzip", q.get("x-gzip")!);
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const encoding of available) {
    const weight = q.get(encoding) ?? q.get("*") ?? 0;
    // `available` lists brotli first, so a tie keeps it
    if (weight > bestQ) {
      best = encoding;
      bestQ = weight;
    }
  }
  return best;
}

/** Media types worth compressing; never event streams (each event must reach the client at once). */
export function isCompressibleType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "text/event-stream") return false;
  if (type.startsWith("text/")) return true;
  return (
    type === "application/json" ||
    type === "application/javascript" ||
    type === "application/xml" ||
    type === "application/manifest+json" ||
    type === "image/svg+xml" ||
    type === "image/x-icon" ||
    type.endsWith("+json") ||
    type.endsWith("+xml")
  );
}

/** Adds Accept-Encoding to a Vary value (kept as is if it is `*` or already names it). */
export function varyWithAcceptEncoding(vary: string | undefined): string {
  if (!vary) return "Accept-Encoding";
  const names = vary.split(",").map((v) => v.trim().toLowerCase());
  if (names.includes("*") || names.includes("accept-encoding")) return vary;
  return `${vary}, Accept-Encoding`;
}

/**
 * An on-the-fly compressor for app responses: brotli at quality 4, gzip at level 6. Measured on the
 * sign-in page (8.3 kB of HTML) and /api/v1/openapi.json (24.8 kB), CPU per response on the 2-core
 * dev box: gzip 6 → 2398 B in 85 µs and 5319 B in 263 µs; brotli 4 → 2329 B in 130 µs and 5446 B in
 * 282 µs (brotli 5: 2173 B / 5043 B for 158 / 435 µs). Either is well under a millisecond, small
 * beside rendering the page; quality 4 keeps brotli at about gzip's cost.
 */
export function createCompressor(encoding: Encoding, sizeHint?: number): BrotliCompress | Gzip {
  if (encoding === "br")
    return createBrotliCompress({
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: 4,
        // a 256 KiB window: pages are smaller, and each stream's memory stays small
        [constants.BROTLI_PARAM_LGWIN]: 18,
        ...(sizeHint ? { [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint } : {}),
      },
    });
  return createGzip({ level: 6 });
}

/**
 * Whether an app response may be compressed on the fly: a compressible media type with a body that
 * is not encoded already, not a redirect, 204, 206 or 304, not marked no-transform, and not known to be small.
 */
export function mayCompress(response: Pick<Response, "status" | "headers">): boolean {
  const { status, headers } = response;
  if (status < 200 || status === 204 || status === 206 || (status >= 300 && status < 400)) return false;
  if (headers.has("content-encoding")) return false;
  if (/\bno-transform\b/i.test(headers.get("cache-control") ?? "")) return false;
  const length = headers.get("content-length");
  if (length !== null && Number(length) < MIN_COMPRESS_BYTES) return false;
  return isCompressibleType(headers.get("content-type"));
}

/** Resolves undefined once the event loop has turned (I/O callbacks and timers due included). */
const nextTurn = () => new Promise<undefined>((resolve) => setImmediate(resolve, undefined));

/**
 * A response body, looked at before compressing: `small` when it ends within MIN_COMPRESS_BYTES
 * (sent as it is), else the whole body as a Node stream. Only what is there at once counts: a stream
 * that pauses (a page's shell before a Suspense boundary resolves) goes on as `stream` at once, never
 * held back. Destroying the stream cancels the body (the render stops when the client goes away).
 */
export async function peekBody(
  body: ReadableStream<Uint8Array>,
): Promise<{ small: Buffer } | { stream: Readable }> {
  const reader = body.getReader();
  const start: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  while (!ended && size < MIN_COMPRESS_BYTES) {
    const read = reader.read();
    // (Promise.race handles a rejection of `read` even when the turn wins: nothing goes unhandled)
    const chunk = await Promise.race([read, nextTurn()]);
    if (!chunk) {
      pending = read;
      break;
    }
    if (chunk.done) ended = true;
    else {
      start.push(chunk.value);
      size += chunk.value.byteLength;
    }
  }
  if (ended && size < MIN_COMPRESS_BYTES) return { small: Buffer.concat(start) };
  return {
    stream: Readable.from(
      (async function* () {
        yield* start;
        if (ended) return;
        let finished = false;
        try {
          for (;;) {
            const chunk = await (pending ?? reader.read());
            pending = undefined;
            if (chunk.done) break;
            yield chunk.value;
          }
          finished = true;
        } finally {
          if (!finished) await reader.cancel().catch(() => undefined);
        }
      })(),
    ),
  };
}

/**
 * Compressors hold output back until they have enough of it; React streams a page in bursts (the
 * shell, then each resolved Suspense boundary). After each burst — when the event loop turns with no
 * further chunk — the compressor flushes what it has, so the browser gets every part as React sends it.
 */
export function flushWhenIdle(source: Readable, compressor: Transform): void {
  let scheduled = false;
  source.on("data", () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const zlib = compressor as Transform & { flush(callback?: () => void): void };
      if (!compressor.destroyed && !compressor.writableEnded) zlib.flush();
    });
  });
}
