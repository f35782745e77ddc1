import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  createCompressor,
  flushWhenIdle,
  isCompressibleType,
  mayCompress,
  MIN_COMPRESS_BYTES,
  negotiateEncoding,
  peekBody,
  varyWithAcceptEncoding,
} from "~/app/lib/compression.server.ts";

describe("negotiateEncoding", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["identity", undefined],
    ["gzip", "gzip"],
    ["gzip, deflate", "gzip"],
    ["gzip, deflate, br, zstd", "br"],
    ["br", "br"],
    ["BR", "br"],
    ["br;q=0, gzip", "gzip"],
    ["br; q=0 , gzip;q=0.1", "gzip"],
    ["br;q=0.5, gzip", "gzip"],
    ["br;q=0.8, gzip;q=0.5", "br"],
    ["gzip;q=0.7, br;q=0.7", "br"],
    ["br;q=0, gzip;q=0", undefined],
    ["*", "br"],
    ["*;q=0", undefined],
    ["*, br;q=0", "gzip"],
    ["gzip;q=0, *", "br"],
    ["x-gzip", "gzip"],
    ["identity;q=0", undefined],
    ["deflate", undefined],
    ["br;q=abc, gzip", "gzip"],
  ])("%j → %s", (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it("chooses only among the variants there are", () => {
    expect(negotiateEncoding("br, gzip", ["gzip"])).toBe("gzip");
    expect(negotiateEncoding("br", ["gzip"])).toBeUndefined();
    expect(negotiateEncoding("br, gzip", [])).toBeUndefined();
  });

  it("reads a header sent twice", () => {
    expect(negotiateEncoding(["gzip;q=0.1", "br"])).toBe("br");
  });
});

describe("what may be compressed", () => {
  const response = (status: number, headers: Record<string, string>) => ({
    status,
    headers: new Headers(headers),
  });
  const html = { "content-type": "text/html; charset=utf-8" };

  it("text, JSON, SVG, React Router's single-fetch data; never event streams or images", () => {
    for (const type of [
      "text/html; charset=utf-8",
      "text/x-script",
      "text/css",
      "text/csv",
      "application/json",
      "application/problem+json",
      "application/manifest+json",
      "image/svg+xml",
      "text/javascript",
    ])
      expect(isCompressibleType(type), type).toBe(true);
    for (const type of ["text/event-stream", "image/png", "image/jpeg", "application/pdf", "", undefined])
      expect(isCompressibleType(type), String(type)).toBe(false);
  });

  it("not redirects, 204, 206, 304, encoded or no-transform responses, nor known small bodies", () => {
    expect(mayCompress(response(200, html))).toBe(true);
    expect(mayCompress(response(404, html))).toBe(true);
    expect(mayCompress(response(500, html))).toBe(true);
    expect(mayCompress(response(200, { ...html, "content-length": String(MIN_COMPRESS_BYTES) }))).toBe(true);
    expect(mayCompress(response(302, { ...html, location: "/" }))).toBe(false);
    expect(mayCompress(response(204, html))).toBe(false);
    expect(mayCompress(response(206, html))).toBe(false);
    expect(mayCompress(response(304, html))).toBe(false);
    expect(mayCompress(response(200, { ...html, "content-encoding": "gzip" }))).toBe(false);
    expect(mayCompress(response(200, { ...html, "cache-control": "private, no-transform" }))).toBe(false);
    expect(mayCompress(response(200, { ...html, "content-length": "12" }))).toBe(false);
    expect(mayCompress(response(200, { "content-type": "text/event-stream" }))).toBe(false);
  });

  it("Vary gains Accept-Encoding once", () => {
    expect(varyWithAcceptEncoding(undefined)).toBe("Accept-Encoding");
    expect(varyWithAcceptEncoding("Cookie")).toBe("Cookie, Accept-Encoding");
    expect(varyWithAcceptEncoding("accept-encoding")).toBe("accept-encoding");
    expect(varyWithAcceptEncoding("*")).toBe("*");
  });
});

/** A body that the test feeds chunk by chunk. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (cancelled = true),
  });
  return {
    body,
    push: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => controller.close(),
    cancelled: () => cancelled,
  };
}

const bigText = (label: string) => `<p>${label}</p>`.repeat(200);

describe("peekBody", () => {
  it("a body that ends within the threshold comes back whole", async () => {
    const source = controlledBody();
    source.push("small");
    source.push(" body");
    source.end();
    const peeked = await peekBody(source.body);
    expect("small" in peeked && peeked.small.toString()).toBe("small body");
  });

  it("a body that pauses is streamed at once, not held back until it is large", async () => {
    const source = controlledBody();
    source.push("<html>");
    // nothing more arrives: peekBody must return anyway
    const peeked = await peekBody(source.body);
    expect("stream" in peeked).toBe(true);
    if (!("stream" in peeked)) return;
    const chunks: string[] = [];
    peeked.stream.on("data", (c: Uint8Array) => chunks.push(Buffer.from(c).toString()));
    const done = new Promise((resolve) => peeked.stream.on("end", resolve));
    source.push("<body>");
    source.end();
    await done;
    expect(chunks.join("")).toBe("<html><body>");
  });

  it("destroying the stream cancels the body (the render stops)", async () => {
    const source = controlledBody();
    source.push(bigText("x"));
    const peeked = await peekBody(source.body);
    if (!("stream" in peeked)) throw new Error("expected a stream");
    peeked.stream.on("data", () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    peeked.stream.destroy();
    source.push("more");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(source.cancelled()).toBe(true);
  });
});

describe("a compressed stream reaches the client as it is produced", () => {
  for (const encoding of ["br", "gzip"] as const)
    it(`${encoding}: the first part decompresses before the rest is sent`, async () => {
      const source = controlledBody();
      const server = createServer((_req, res) => {
        void (async () => {
          const peeked = await peekBody(source.body);
          if (!("stream" in peeked)) throw new Error("expected a stream");
          res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": encoding });
          const compressor = createCompressor(encoding);
          flushWhenIdle(peeked.stream, compressor);
          await pipeline(peeked.stream, compressor, res);
        })();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        source.push(bigText("shell"));
        const response = await new Promise<IncomingMessage>((resolve) =>
          request({ port, host: "127.0.0.1", path: "/" }, resolve).end(),
        );
        const decompressed = response.pipe(encoding === "br" ? createBrotliDecompress() : createGunzip());
        let text = "";
        decompressed.on("data", (c: Buffer) => (text += c.toString()));
        // the shell arrives while the body is still open
        await expect.poll(() => text, { timeout: 3000 }).toBe(bigText("shell"));
        source.push("<p>boundary</p>");
        await expect.poll(() => text, { timeout: 3000 }).toBe(bigText("shell") + "<p>boundary</p>");
        source.end();
        await new Promise((resolve) => decompressed.on("end", resolve));
        expect(text).toBe(bigText("shell") + "<p>boundary</p>");
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
});
