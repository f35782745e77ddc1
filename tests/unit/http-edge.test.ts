import type { IncomingMessage } from "node:http";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { clientIp, isForwarded } from "~/app/lib/client-ip.server.ts";
import { csrfVerdict, isCrossSiteRequest } from "~/app/lib/csrf.server.ts";
import { createLogger } from "~/runtime/logger.server.ts";
import { isApiPath, isWebhookPath, parseRequestTarget } from "~/app/lib/request-target.server.ts";
import {
  contentSecurityPolicy,
  needsNoStore,
  plainSecurityHeaders,
} from "~/app/lib/security-headers.server.ts";

describe("parseRequestTarget", () => {
  it("accepts ordinary paths and queries, and decodes the path", () => {
    expect(parseRequestTarget("/t/acme/hub?page=2")).toEqual({
      ok: true,
      pathname: "/t/acme/hub",
      search: "?page=2",
    });
    expect(parseRequestTarget("/t/caf%C3%A9/")).toMatchObject({ ok: true, pathname: "/t/café/" });
    expect(parseRequestTarget("/%61pi/v1/posts")).toMatchObject({ ok: true, pathname: "/api/v1/posts" });
    expect(parseRequestTarget("/login?q=a+b%20c")).toMatchObject({ ok: true });
  });

  it("knows the API and webhook paths in any case", () => {
    for (const path of ["/api/v1/posts", "/API/v1/posts.data", "/Api/"])
      expect(isApiPath(path), path).toBe(true);
    for (const path of ["/webhooks/stripe", "/WEBHOOKS/stripe.data"])
      expect(isWebhookPath(path), path).toBe(true);
    for (const path of ["/apix", "/api", "/t/acme/api/"]) expect(isApiPath(path), path).toBe(false);
  });

  it.each([
    ["/%ZZ"],
    ["//"],
    ["//evil.example/x"],
    ["/api/../language"],
    ["/api/%2e%2e/language"],
    ["/api/%2E%2E/language"],
    ["/api%2flanguage"],
    ["/api%5C..%5Clanguage"],
    ["/api\\..\\language"],
    ["/./login"],
    ["/login%00"],
    ["/login?x=%00"],
    ["/%ED%A0%80"],
    ["/login?x=%ED%A0%80"],
    ["/%uD800"],
    ["/login?x=%uD800"],
    ["http://evil.example/"],
    ["*"],
    [""],
  ])("refuses %j with 400", (target) => {
    expect(parseRequestTarget(target)).toMatchObject({ ok: false, status: 400 });
  });

  it("refuses targets over 8 KiB with 414", () => {
    expect(parseRequestTarget(`/${"a".repeat(8 * 1024)}`)).toMatchObject({ ok: false, status: 414 });
    expect(parseRequestTarget(`/${"a".repeat(8 * 1024 - 1)}`)).toMatchObject({ ok: true });
  });
});

describe("CSRF exemption on the canonical path", () => {
  const origin = "https://chorus.example";
  const post = (url: string, headers: Record<string, string> = {}) =>
    ({ method: "POST", url, headers }) as unknown as IncomingMessage;

  it("exempts the API and webhooks (bearer tokens and signatures, no cookies)", () => {
    expect(
      isCrossSiteRequest(post("/api/v1/posts", { origin: "https://evil.example" }), origin, {
        development: false,
      }),
    ).toBe(false);
    expect(isCrossSiteRequest(post("/webhooks/stripe"), origin, { development: false })).toBe(false);
  });

  it.each([
    ["/api/../language"],
    ["/api/%2e%2e/language"],
    ["/api/%2E./language"],
    ["/api%2f..%2flanguage"],
    ["/api/..%5Clanguage"],
  ])("does not exempt %s, which resolves outside /api/", (url) => {
    expect(
      isCrossSiteRequest(post(url, { origin: "https://evil.example" }), origin, { development: false }),
    ).toBe(true);
  });

  it("accepts Origin: null only when the browser's fetch metadata says same-origin", () => {
    // what Chromium sends from a page with Referrer-Policy: no-referrer
    expect(
      isCrossSiteRequest(post("/language", { origin: "null", "sec-fetch-site": "same-origin" }), origin, {
        development: false,
      }),
    ).toBe(false);
    // a sandboxed iframe or a foreign page
    expect(
      isCrossSiteRequest(post("/language", { origin: "null", "sec-fetch-site": "cross-site" }), origin, {
        development: false,
      }),
    ).toBe(true);
    expect(isCrossSiteRequest(post("/language", { origin: "null" }), origin, { development: false })).toBe(
      true,
    );
    expect(
      isCrossSiteRequest(
        post("/language", { origin: "https://evil.example", "sec-fetch-site": "same-origin" }),
        origin,
        { development: false },
      ),
    ).toBe(true);
  });

  it("tells server.ts when it accepted on fetch metadata alone, so that the null Origin is dropped before React Router", () => {
    expect(
      csrfVerdict(post("/language", { origin: "null", "sec-fetch-site": "same-origin" }), origin, {
        development: false,
      }),
    ).toBe("same-origin-by-fetch-metadata");
    expect(
      csrfVerdict(post("/language", { "sec-fetch-site": "same-origin" }), origin, { development: false }),
    ).toBe("same-origin-by-fetch-metadata");
    expect(csrfVerdict(post("/language", { origin }), origin, { development: false })).toBe("same-origin");
    expect(
      csrfVerdict(post("/language", { origin: "null", "sec-fetch-site": "same-site" }), origin, {
        development: false,
      }),
    ).toBe("cross-site");
  });

  it("exempts the API and webhooks in any case, as React Router routes them", () => {
    for (const url of ["/API/v1/posts", "/Api/v1/posts", "/WEBHOOKS/stripe"]) {
      expect(
        isCrossSiteRequest(post(url, { origin: "https://evil.example" }), origin, { development: false }),
        url,
      ).toBe(false);
    }
    expect(
      isCrossSiteRequest(post("/APIX/v1", { origin: "https://evil.example" }), origin, {
        development: false,
      }),
    ).toBe(true);
  });

  it("still refuses a foreign form post to a page and accepts our own", () => {
    expect(
      isCrossSiteRequest(post("/language", { origin: "https://evil.example" }), origin, {
        development: false,
      }),
    ).toBe(true);
    expect(isCrossSiteRequest(post("/language", { origin }), origin, { development: false })).toBe(false);
  });
});

describe("clientIp", () => {
  const req = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;
  const direct = { trustProxy: false, onFly: false };
  const proxied = { trustProxy: true, onFly: false };
  const fly = { trustProxy: true, onFly: true };

  it("ignores proxy headers unless TRUST_PROXY is set", () => {
    expect(
      clientIp(req({ "x-forwarded-for": "1.2.3.4", "fly-client-ip": "5.6.7.8" }), "10.0.0.9", direct),
    ).toBe("10.0.0.9");
    expect(
      clientIp(req({ "x-forwarded-for": "1.2.3.4", "fly-client-ip": "5.6.7.8" }), "10.0.0.9", {
        trustProxy: false,
        onFly: true,
      }),
    ).toBe("10.0.0.9");
  });

  it("takes the right-most X-Forwarded-For entry: the one our proxy appended, not the client's", () => {
    expect(clientIp(req({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), "10.0.0.9", proxied)).toBe(
      "203.0.113.7",
    );
    expect(clientIp(req({ "x-forwarded-for": "203.0.113.7" }), "10.0.0.9", proxied)).toBe("203.0.113.7");
    expect(clientIp(req({ "x-forwarded-for": " , " }), "10.0.0.9", proxied)).toBe("10.0.0.9");
    expect(clientIp(req({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] }), "10.0.0.9", proxied)).toBe(
      "203.0.113.7",
    );
  });

  it("prefers Fly-Client-IP on Fly, whose edge overwrites it", () => {
    expect(
      clientIp(
        req({ "x-forwarded-for": "6.6.6.6, 203.0.113.7", "fly-client-ip": "198.51.100.2" }),
        "10.0.0.9",
        fly,
      ),
    ).toBe("198.51.100.2");
  });

  it("ignores Fly-Client-IP behind any other proxy, where the client wrote it", () => {
    expect(
      clientIp(req({ "x-forwarded-for": "203.0.113.7", "fly-client-ip": "127.0.0.1" }), "10.0.0.9", proxied),
    ).toBe("203.0.113.7");
    expect(clientIp(req({ "fly-client-ip": "127.0.0.1" }), "10.0.0.9", proxied)).toBe("10.0.0.9");
  });
});

describe("isForwarded", () => {
  it("sees every forwarding header, in Node's and in fetch's header shape", () => {
    for (const name of [
      "X-Forwarded-For",
      "Forwarded",
      "X-Real-IP",
      "Fly-Client-IP",
      "CF-Connecting-IP",
      "X-Forwarded-Host",
    ]) {
      expect(isForwarded(new Headers({ [name]: "127.0.0.1" })), name).toBe(true);
      expect(isForwarded({ [name.toLowerCase()]: "127.0.0.1" }), name).toBe(true);
    }
    expect(isForwarded(new Headers({ Host: "127.0.0.1:3000", Origin: "http://127.0.0.1:3000" }))).toBe(false);
    expect(isForwarded({ host: "127.0.0.1:3000" })).toBe(false);
  });
});

describe("content security policy", () => {
  it("allows scripts only with the nonce in production builds", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", viteDev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    // preview images come from our origin only
    expect(csp).toContain("img-src 'self' data:;");
    expect(contentSecurityPolicy({ nonce: undefined, viteDev: false })).toContain("script-src 'none'");
  });

  it("relaxes scripts only for Vite's dev middleware", () => {
    expect(contentSecurityPolicy({ nonce: "abc", viteDev: true })).toContain(
      "script-src 'self' 'unsafe-inline'",
    );
  });

  it("asks for no-store on the API and for signed-in browsers only", () => {
    expect(needsNoStore("/api/v1/posts", undefined, undefined)).toBe(true);
    expect(needsNoStore("/t/acme", "theme=x; __Host-chorus_session=abc", undefined)).toBe(true);
    expect(needsNoStore("/t/acme", "chorus_session=abc", undefined)).toBe(true);
    expect(needsNoStore("/login", "theme=x", undefined)).toBe(false);
    expect(needsNoStore("/login", "chorus_session=", undefined)).toBe(false);
  });

  it("asks for no-store on the API in any case, and on any URL with a token", () => {
    expect(needsNoStore("/API/v1/posts", undefined, undefined)).toBe(true);
    expect(needsNoStore("/login/verify", undefined, undefined, "?token=abc")).toBe(true);
    expect(needsNoStore("/t/acme/join", undefined, undefined, "?x=1&%74oken=abc")).toBe(true);
    expect(needsNoStore("/login", undefined, undefined, "?redirectTo=%2Ft%2Facme")).toBe(false);
  });

  it("answers outside the pipeline (before routing, the metrics port) with a CSP that allows nothing", () => {
    expect(plainSecurityHeaders(true)).toMatchObject({
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
    });
  });
});

describe("logger redaction", () => {
  it("removes credentials wherever a log call puts them", () => {
    let out = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out += chunk.toString();
        callback();
      },
    });
    const log = createLogger(sink);
    log.info(
      {
        token: "tok-1",
        headers: { authorization: "Bearer tok-2", cookie: "s=tok-3" },
        req: { headers: { "set-cookie": "tok-4" } },
        body: { password: "tok-5" },
        err: { code: "23505" },
      },
      "x",
    );
    for (const secret of ["tok-1", "tok-2", "tok-3", "tok-4", "tok-5"]) expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
    // error codes stay readable
    expect(out).toContain("23505");
  });
});
