/**
 * Fetches a link's Open Graph preview (title, description, image) for a post.
 *
 * The URL comes from users, and the fetch runs inside our network, so this is an SSRF surface: a
 * URL (or a redirect, or a DNS answer) pointing at 127.0.0.1, 10.x, 169.254.169.254 (cloud
 * metadata) or an internal IPv6 address would let anyone with "create post" read our internal
 * services. Defences, in order:
 *  1. http(s) only, no credentials in the URL;
 *  2. every address the name resolves to must be public unicast (ipaddr.js `range()`), checked
 *     for every hop of a redirect chain (at most `maxRedirects`);
 *  3. the socket connects to exactly the addresses that were checked (a custom `lookup` hands them
 *     to net.connect), so a DNS answer that changes between check and connect (DNS rebinding)
 *     cannot swap in a private one; TLS SNI and certificate checks still use the original name;
 *  4. bounded cost: one deadline for the whole chain, a byte cap on the body, HTML only.
 *
 * The preview image goes through the same fetcher (fetchPreviewImage): fetched once by the job and
 * served from our origin, so viewers' browsers never contact the image's host.
 */
import { createHash } from "node:crypto";
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

export type PreviewErrorCode =
  | "invalid_url"
  | "blocked_address"
  | "too_many_redirects"
  | "too_large"
  | "timeout"
  | "http_status"
  | "not_html"
  /** the bytes are not a PNG, JPEG, GIF or WebP image (whatever the server declared) */
  | "not_image"
  /** DNS failure, connection refused or reset: usually passes. */
  | "network";

export class PreviewFetchError extends Error {
  readonly code: PreviewErrorCode;
  /** The HTTP status, for `http_status`. */
  readonly status: number | undefined;

  constructor(code: PreviewErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "PreviewFetchError";
    this.code = code;
    this.status = options.status;
  }

  /** Whether trying again later may succeed; a blocked address or a PDF will stay what it is. */
  get transient(): boolean {
    if (this.code === "network" || this.code === "timeout") return true;
    if (this.code === "http_status")
      return this.status === undefined || this.status === 408 || this.status === 429 || this.status >= 500;
    return false;
  }
}

export interface OpenGraphPreview {
  title?: string;
  description?: string;
  imageUrl?: string;
}

export interface FetchPreviewOptions {
  /** One deadline for DNS, connects, redirects and the body together. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Tests only, and only loopback; see privateAddressesAllowed. */
  allowPrivate?: boolean;
}

export const PREVIEW_LIMITS = { title: 300, description: 1000, imageUrl: 2048 } as const;

const USER_AGENT = "Mozilla/5.0 (compatible; ChorusPreview/1.0; link preview for employee advocacy posts)";

export async function fetchOpenGraph(url: string, opts: FetchPreviewOptions = {}): Promise<OpenGraphPreview> {
  const page = await safeGet(url, {
    timeoutMs: opts.timeoutMs ?? 5000,
    maxBytes: opts.maxBytes ?? 1_000_000,
    maxRedirects: opts.maxRedirects ?? 3,
    allowPrivate: privateAddressesAllowed(opts.allowPrivate),
    accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    checkType(contentType) {
      if (mimeType(contentType) !== "text/html")
        throw new PreviewFetchError("not_html", `not an HTML page (${contentType || "no content type"})`);
    },
  });
  return parseOpenGraph(decodeHtml(page.body, page.contentType), page.url);
}

// ── Images ──────────────────────────────────────────────────────────────────

export const PREVIEW_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type PreviewImageType = (typeof PREVIEW_IMAGE_TYPES)[number];
/** Larger og:images exist, but a card thumbnail never needs them; matches the column's check. */
export const PREVIEW_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

export interface PreviewImage {
  bytes: Buffer;
  /** sniffed from the bytes, never taken from the remote server */
  contentType: PreviewImageType;
  /** hex sha256 of bytes */
  sha256: string;
}

/**
 * The type an image's leading bytes prove, or undefined. Only raster formats a browser renders as
 * an image and never as a document: SVG is XML that can carry script, and HTML or anything else
 * labelled image/png is refused however it is labelled.
 */
export function sniffImageType(bytes: Uint8Array): PreviewImageType | undefined {
  const starts = (sig: number[], at = 0) =>
    bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))
    return "image/gif";
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

/**
 * Fetches a preview image through the same SSRF rules as the page. http: sources are fetched too:
 * the image is served to browsers from our https origin, never from its source, so there is no
 * mixed content; and the page it came from may itself have been http:. The declared type only
 * lets an obvious non-image (HTML, SVG, JSON) stop early; what counts is the sniffed type.
 */
export async function fetchPreviewImage(url: string, opts: FetchPreviewOptions = {}): Promise<PreviewImage> {
  const { body } = await safeGet(url, {
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxBytes: opts.maxBytes ?? PREVIEW_IMAGE_MAX_BYTES,
    maxRedirects: opts.maxRedirects ?? 3,
    allowPrivate: privateAddressesAllowed(opts.allowPrivate),
    accept: "image/webp,image/png,image/jpeg,image/gif;q=0.9",
    checkType(contentType) {
      const declared = mimeType(contentType);
      if (
        declared &&
        declared !== "application/octet-stream" &&
        !(declared.startsWith("image/") && declared !== "image/svg+xml")
      ) {
        throw new PreviewFetchError("not_image", `not an image (${declared})`);
      }
    },
  });
  const contentType = sniffImageType(body);
  if (!contentType)
    throw new PreviewFetchError("not_image", "the bytes are not a PNG, JPEG, GIF or WebP image");
  return { bytes: body, contentType, sha256: createHash("sha256").update(body).digest("hex") };
}

// ── The safe GET ────────────────────────────────────────────────────────────

interface SafeGetOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
  accept: string;
  /** throws a PreviewFetchError when the final response's declared type is not wanted */
  checkType(contentType: string): void;
}

/** GET with the SSRF rules above; the body of the final 2xx answer, at most maxBytes. */
async function safeGet(
  url: string,
  opts: SafeGetOptions,
): Promise<{ body: Buffer; contentType: string; url: URL }> {
  const { timeoutMs, maxBytes, maxRedirects, allowPrivate } = opts;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // Never keep a shutting-down process alive for a preview.
  timer.unref();
  const { signal } = controller;
  try {
    let current = parseHttpUrl(url);
    for (let redirects = 0; ; redirects++) {
      const addresses = await resolveVetted(current.hostname, allowPrivate, signal);
      const res = await request(current, addresses, opts.accept, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        res.destroy();
        if (redirects >= maxRedirects)
          throw new PreviewFetchError("too_many_redirects", `more than ${maxRedirects} redirects`);
        let next: string;
        try {
          next = new URL(location, current).href;
        } catch (cause) {
          throw new PreviewFetchError("invalid_url", "redirect to an invalid URL", { cause });
        }
        current = parseHttpUrl(next);
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new PreviewFetchError("http_status", `HTTP ${status}`, { status });
      }
      const contentType = res.headers["content-type"] ?? "";
      try {
        opts.checkType(contentType);
      } catch (err) {
        res.destroy();
        throw err;
      }
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        throw new PreviewFetchError("too_large", `page is ${declared} bytes, more than ${maxBytes}`);
      }
      const body = await readBody(res, maxBytes, signal);
      return { body, contentType, url: current };
    }
  } catch (err) {
    if (err instanceof PreviewFetchError) throw err;
    if (signal.aborted)
      throw new PreviewFetchError("timeout", `gave up after ${timeoutMs} ms`, { cause: err });
    throw new PreviewFetchError("network", err instanceof Error ? err.message : String(err), { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Integration tests serve pages from 127.0.0.1, which the SSRF rule refuses. This lets them
 * through only when both hold: NODE_ENV is not "production" (so a stray variable on a production
 * machine cannot reopen the hole) and PREVIEW_ALLOW_PRIVATE is exactly "1" (so dev and CI are
 * strict unless a test asks). With the variable set, jobs (which pass no options) get the
 * allowance too — that is how the job's end-to-end test reaches its local page; a caller can still
 * force the strict check with `allowPrivate: false`.
 *
 * Even then only loopback opens (where test servers listen): private networks, link-local (cloud
 * metadata) and the rest stay refused, which also lets tests prove that redirects are re-checked.
 */
export function privateAddressesAllowed(requested?: boolean): boolean {
  if (process.env.NODE_ENV === "production") return false;
  if (process.env.PREVIEW_ALLOW_PRIVATE !== "1") return false;
  return requested ?? true;
}

// ── Addresses ───────────────────────────────────────────────────────────────

/**
 * The ipaddr.js range of an address ("unicast" for an ordinary public one), with IPv4-mapped IPv6
 * (::ffff:127.0.0.1) judged as the IPv4 address it reaches. Unparseable input is "invalid".
 */
export function addressRange(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "invalid";
  }
  if (parsed.kind() !== "ipv6") return parsed.range();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return addressRange(v6.toIPv4Address().toString());
  const range = v6.range();
  // ::a.b.c.d (IPv4-compatible, deprecated) is not in ipaddr.js's table and would count as
  // unicast; no public host lives there, and some stacks route it to the IPv4 address.
  if (range === "unicast" && v6.match(ipaddr.IPv6.parse("::"), 96)) return "ipv4Compatible";
  return range;
}

/** Only ordinary public unicast: everything else (private, loopback, link-local, CGNAT, …) is refused. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === "unicast";
}

async function resolveVetted(
  hostname: string,
  allowPrivate: boolean,
  signal: AbortSignal,
): Promise<LookupAddress[]> {
  const addresses = await abortable(dns.lookup(hostname, { all: true, verbatim: true }), signal);
  if (addresses.length === 0) throw new PreviewFetchError("network", `${hostname} has no addresses`);
  // ANY bad address refuses the host: otherwise a name with one public and one private address
  // could still land on the private one.
  const allowed = (range: string) => range === "unicast" || (allowPrivate && range === "loopback");
  const blocked = addresses.find((a) => !allowed(addressRange(a.address)));
  if (blocked) {
    throw new PreviewFetchError(
      "blocked_address",
      `${hostname} resolves to a non-public address (${addressRange(blocked.address)})`,
    );
  }
  return addresses;
}

/** A net `lookup` that answers with the vetted addresses only, whatever DNS says by now. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = typeof options.family === "number" ? options.family : 0;
    const matching = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    const first = matching[0];
    if (!first) {
      const err: NodeJS.ErrnoException = new Error("no vetted address for the requested family");
      err.code = "ENOTFOUND";
      callback(err, "", 0);
      return;
    }
    // Node 20 asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily).
    if (options.all) callback(null, matching);
    else callback(null, first.address, first.family);
  };
}

// ── HTTP ────────────────────────────────────────────────────────────────────

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new PreviewFetchError("invalid_url", "not a valid URL", { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new PreviewFetchError("invalid_url", `${url.protocol} URLs are not fetched`);
  // We would send these as Basic credentials to whoever answers.
  if (url.username || url.password)
    throw new PreviewFetchError("invalid_url", "URLs with credentials are not fetched");
  return url;
}

function request(
  url: URL,
  addresses: LookupAddress[],
  accept: string,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  // URL keeps IPv6 literals in brackets; the request (and net.isIP) wants them bare.
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: {
          "user-agent": USER_AGENT,
          accept,
          // Compressed bodies would make the byte cap meaningless (a small gzip bomb).
          "accept-encoding": "identity",
        },
        lookup: pinnedLookup(addresses),
        // No pooled sockets: a kept-alive connection could belong to another hop's addresses.
        agent: false,
        signal,
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

function readBody(res: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onAbort = () => {
      res.destroy();
      reject(new PreviewFetchError("timeout", "deadline passed while reading the page"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => signal.removeEventListener("abort", onAbort);
    res.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        done();
        res.destroy();
        reject(new PreviewFetchError("too_large", `page is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => {
      done();
      resolve(Buffer.concat(chunks));
    });
    res.on("error", (err) => {
      done();
      reject(err);
    });
    // A server that closes mid-body ends the stream without "end"; a settled promise ignores this.
    res.on("close", () => {
      done();
      if (!res.complete)
        reject(new PreviewFetchError("network", "connection closed before the page was complete"));
    });
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new PreviewFetchError("timeout", "deadline passed"));
  return new Promise((resolve, reject) => {
    const onAbort = () =>
      reject(new PreviewFetchError("timeout", "deadline passed while resolving the host"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

function mimeType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

// ── HTML ────────────────────────────────────────────────────────────────────

/** Charset from the header, else from a <meta> near the top, else UTF-8. */
function decodeHtml(body: Buffer, contentType: string): string {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  const head = body.subarray(0, 2048).toString("latin1");
  const fromMeta = /<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta, "utf-8"]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // Unknown label: try the next source.
    }
  }
  return body.toString("utf8");
}

/**
 * Reads og:title/og:description/og:image, falling back to twitter:* and then to <title> and
 * <meta name="description">. A hand-written single pass rather than a regex over the whole page:
 * pages are untrusted and up to 1 MB, and backtracking regexes over unterminated quotes are a
 * CPU-exhaustion risk.
 */
export function parseOpenGraph(html: string, pageUrl: URL | string): OpenGraphPreview {
  const meta = new Map<string, string>();
  let titleTag: string | undefined;
  let baseHref: string | undefined;

  for (const tag of scanTags(html)) {
    if (tag.name === "meta") {
      const key = (tag.attrs.get("property") ?? tag.attrs.get("name") ?? "").trim().toLowerCase();
      const content = tag.attrs.get("content");
      // The first occurrence wins, as with the crawlers of the networks themselves.
      if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
    } else if (tag.name === "title" && titleTag === undefined) {
      titleTag = tag.text;
    } else if (tag.name === "base" && baseHref === undefined) {
      baseHref = tag.attrs.get("href");
    }
  }

  const pick = (...keys: string[]) => {
    for (const key of keys) {
      const value = clean(meta.get(key));
      if (value) return value;
    }
    return undefined;
  };
  const title = pick("og:title", "twitter:title") ?? clean(titleTag);
  const description = pick("og:description", "twitter:description", "description");
  const image = pick("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src");

  const preview: OpenGraphPreview = {};
  if (title) preview.title = cap(title, PREVIEW_LIMITS.title);
  if (description) preview.description = cap(description, PREVIEW_LIMITS.description);
  const imageUrl = image ? absoluteHttpUrl(image, baseHref, pageUrl) : undefined;
  if (imageUrl) preview.imageUrl = imageUrl;
  return preview;
}

/** Relative image URLs resolve against <base href> (if valid) and the final page URL; only http(s) is kept. */
function absoluteHttpUrl(
  raw: string,
  baseHref: string | undefined,
  pageUrl: URL | string,
): string | undefined {
  let base: URL;
  try {
    base = new URL(decodeEntities(baseHref ?? "").trim() || pageUrl, pageUrl);
  } catch {
    base = new URL(pageUrl);
  }
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  // A cut URL would be a broken one: drop it instead.
  return url.href.length <= PREVIEW_LIMITS.imageUrl ? url.href : undefined;
}

interface ScannedTag {
  name: string;
  attrs: Map<string, string>;
  /** For <title>: its raw text. */
  text?: string;
}

/** Start tags with their attributes; skips comments, closing tags and script/style bodies. Linear time. */
function* scanTags(html: string): Generator<ScannedTag> {
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt === -1) return;
    i = lt + 1;
    if (html.startsWith("!--", i)) {
      const end = html.indexOf("-->", i + 3);
      if (end === -1) return;
      i = end + 3;
      continue;
    }
    const first = html.charCodeAt(i);
    const isLetter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
    if (!isLetter) {
      // </closing>, <!DOCTYPE>, <?xml?>: nothing we need.
      if (html[i] === "/" || html[i] === "!" || html[i] === "?") {
        const end = html.indexOf(">", i);
        if (end === -1) return;
        i = end + 1;
      }
      continue;
    }
    let j = i;
    while (j < n && /[A-Za-z0-9:-]/.test(html[j] ?? "")) j++;
    const name = html.slice(i, j).toLowerCase();
    const attrs = new Map<string, string>();
    // Attributes: name, name=value, name="value", name='value'.
    while (j < n) {
      while (j < n && /[\s/]/.test(html[j] ?? "")) j++;
      if (j >= n || html[j] === ">") break;
      const nameStart = j;
      while (j < n && !/[\s=>/]/.test(html[j] ?? "")) j++;
      if (j === nameStart) {
        j++; // a stray "=": skip it
        continue;
      }
      const attrName = html.slice(nameStart, j).toLowerCase();
      while (j < n && /\s/.test(html[j] ?? "")) j++;
      let value = "";
      if (html[j] === "=") {
        j++;
        while (j < n && /\s/.test(html[j] ?? "")) j++;
        const quote = html[j];
        if (quote === '"' || quote === "'") {
          const close = html.indexOf(quote, j + 1);
          if (close === -1) return; // unterminated: the rest of the page is this attribute
          value = html.slice(j + 1, close);
          j = close + 1;
        } else {
          const start = j;
          while (j < n && !/[\s>]/.test(html[j] ?? "")) j++;
          value = html.slice(start, j);
        }
      }
      if (!attrs.has(attrName)) attrs.set(attrName, decodeEntities(value));
    }
    i = j + 1;
    if (name === "title" || name === "script" || name === "style" || name === "textarea") {
      // Raw text elements: their content is not markup, so skip to the closing tag.
      const close = new RegExp(`</${name}`, "ig");
      close.lastIndex = i;
      const match = close.exec(html);
      const end = match ? match.index : n;
      if (name === "title") yield { name, attrs, text: decodeEntities(html.slice(i, end)) };
      i = end;
      continue;
    }
    yield { name, attrs };
  }
}

/** Collapses whitespace, drops control characters; undefined when nothing is left. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = value
    .replace(/\s+/g, " ")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b\u2028\u2029\ufeff]/g, "")
    .trim();
  return cleaned || undefined;
}

/** Cuts at a code point boundary (never half an emoji) and marks the cut. */
function cap(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
  eacute: "é",
  egrave: "è",
  aacute: "á",
  agrave: "à",
  oacute: "ó",
  ccedil: "ç",
  euro: "€",
  pound: "£",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  middot: "·",
  bull: "•",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  lsaquo: "‹",
  rsaquo: "›",
  bdquo: "„",
  ldquo: "“",
  rdquo: "”",
  sbquo: "‚",
  lsquo: "‘",
  rsquo: "’",
  times: "×",
};

/** Windows-1252 meanings that the HTML spec gives numeric references in 0x80–0x9F. */
const C1_REMAP: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x84: 0x201e,
  0x85: 0x2026,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x99: 0x2122,
};

export function decodeEntities(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(
    /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?/g,
    (whole, ref: string) => {
      if (ref.startsWith("#")) {
        const hex = ref[1] === "x" || ref[1] === "X";
        let code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
        code = C1_REMAP[code] ?? code;
        const invalid = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff);
        return String.fromCodePoint(invalid ? 0xfffd : code);
      }
      return NAMED_ENTITIES[ref] ?? whole;
    },
  );
}
