import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { beforeEach, describe, expect, it } from "vitest";

/*
 * public/sw.js run as a browser runs it: the script evaluated in its own global scope with `self`,
 * `caches` and `fetch` of a fake browser. The Cache API here refuses what browsers refuse (a 206
 * answer), so a worker that tries to store one fails here as it would in Chromium. The e2e test
 * (tests/e2e/pwa.spec.ts) covers the real browser; this one the answers a live server never gives.
 */

const ORIGIN = "https://chorus.example";
const SOURCE = readFileSync("public/sw.js", "utf8");
const HOUR = 3600_000;

interface FakeRequest {
  url: string;
  method: string;
  mode: string;
  cache?: string;
  headers: Headers;
}

const req = (
  path: string,
  init: Partial<Omit<FakeRequest, "url" | "headers">> & { headers?: HeadersInit } = {},
) =>
  ({
    url: new URL(path, ORIGIN).href,
    method: init.method ?? "GET",
    mode: init.mode ?? "cors",
    ...(init.cache ? { cache: init.cache } : {}),
    headers: new Headers(init.headers),
  }) satisfies FakeRequest;

/** A same-origin ("basic") answer as fetch() gives it. */
function answer(
  body: string,
  {
    status = 200,
    headers = {},
    redirected = false,
  }: { status?: number; headers?: Record<string, string>; redirected?: boolean } = {},
): Response {
  const response = new Response(status === 204 ? null : body, { status, headers });
  Object.defineProperty(response, "type", { value: "basic" });
  Object.defineProperty(response, "redirected", { value: redirected });
  return response;
}

const keyOf = (r: string | { url: string }) => new URL(typeof r === "string" ? r : r.url, ORIGIN).pathname;

class FakeCache {
  entries = new Map<string, Response>();
  match(r: string | FakeRequest) {
    return Promise.resolve(this.entries.get(keyOf(r))?.clone());
  }
  put(r: string | FakeRequest, response: Response) {
    // Chromium: "Cache.put() encountered a network error" / "Partial response (status code 206) is unsupported"
    if (response.status === 206) return Promise.reject(new TypeError("Partial response is unsupported"));
    this.entries.set(keyOf(r), response);
    return Promise.resolve();
  }
  keys() {
    return Promise.resolve([...this.entries.keys()].map((p) => req(p)));
  }
  delete(r: string | FakeRequest) {
    return Promise.resolve(this.entries.delete(keyOf(r)));
  }
}

class FakeCacheStorage {
  stores = new Map<string, FakeCache>();
  open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new FakeCache());
    return Promise.resolve(this.stores.get(name)!);
  }
  keys() {
    return Promise.resolve([...this.stores.keys()]);
  }
  delete(name: string) {
    return Promise.resolve(this.stores.delete(name));
  }
  async match(r: string | FakeRequest, options: { cacheName?: string } = {}) {
    for (const [name, cache] of this.stores)
      if (!options.cacheName || options.cacheName === name) {
        const hit = await cache.match(r);
        if (hit) return hit;
      }
    return undefined;
  }
  /** every stored path */
  paths() {
    return [...this.stores.values()].flatMap((c) => [...c.entries.keys()]);
  }
}

/** The "network": a handler per request, every request logged. */
let network: (r: FakeRequest) => Response | Promise<Response>;
let fetched: FakeRequest[];
let caches: FakeCacheStorage;
let now: number;

const SHELL_FILES: Record<string, string> = {
  "/offline.html": "<h1>Du bist offline</h1>",
  "/offline.css": "body{}",
  "/tokens.css": ":root{}",
  "/favicon.svg": "<svg/>",
  "/icons/icon-192.png": "png",
  "/manifest.webmanifest": "{}",
};

/** One start of the worker (a browser starts it afresh after it idled): its own globals, shared caches. */
function startWorker() {
  const listeners = new Map<string, (event: unknown) => void>();
  const self = {
    location: { origin: ORIGIN },
    registration: { navigationPreload: { enable: () => Promise.resolve() } },
    clients: { claim: () => Promise.resolve() },
    skipWaiting: () => Promise.resolve(),
    addEventListener: (type: string, fn: (event: unknown) => void) => listeners.set(type, fn),
  };
  runInNewContext(SOURCE, {
    self,
    caches,
    URL,
    Headers,
    Response,
    Set,
    Promise,
    Date: { now: () => now, parse: Date.parse },
    console,
    Request: function (path: string, init: { cache?: string } = {}) {
      return req(path, init);
    },
    fetch: (r: FakeRequest) => {
      fetched.push(r);
      return Promise.resolve().then(() => network(r));
    },
  });
  const lifecycle = async (type: string) => {
    const pending: Promise<unknown>[] = [];
    listeners.get(type)!({ waitUntil: (p: Promise<unknown>) => pending.push(p) });
    await Promise.all(pending);
  };
  /** a fetch event: the worker's answer, or undefined when it leaves the request to the browser */
  const request = async (r: FakeRequest) => {
    let responded: Promise<Response> | undefined;
    const pending: Promise<unknown>[] = [];
    listeners.get("fetch")!({
      request: r,
      preloadResponse: Promise.resolve(undefined),
      respondWith: (p: Promise<Response>) => (responded = p),
      waitUntil: (p: Promise<unknown>) => pending.push(p),
    });
    const response = await responded;
    await Promise.all(pending);
    return response;
  };
  return { lifecycle, request };
}

async function installedWorker() {
  const worker = startWorker();
  await worker.lifecycle("install");
  await worker.lifecycle("activate");
  return worker;
}

beforeEach(() => {
  caches = new FakeCacheStorage();
  fetched = [];
  now = Date.parse("2026-12-07T08:00:00Z");
  network = (r) => {
    const path = keyOf(r);
    const date = new Date(now).toUTCString();
    if (path in SHELL_FILES)
      return answer(SHELL_FILES[path]!, { headers: { "Cache-Control": "public, max-age=3600", Date: date } });
    return answer(`page ${path}`, { headers: { Date: date } });
  };
});

describe("public/sw.js", () => {
  it("keeps the shell, and never a page: not a personal one, not one reached by a redirect, not an error", async () => {
    const worker = await installedWorker();
    expect(caches.paths().sort()).toEqual(Object.keys(SHELL_FILES).sort());
    network = (r) =>
      keyOf(r) === "/"
        ? answer("<h1>Hallo Anna</h1>", { redirected: true })
        : keyOf(r) === "/boom"
          ? answer("error", { status: 500 })
          : answer(`page ${keyOf(r)}`);
    for (const path of ["/t/demo/hub", "/", "/boom", "/tenants", "/login"]) {
      const response = await worker.request(req(path, { mode: "navigate" }));
      expect(response!.status).toBe(path === "/boom" ? 500 : 200);
    }
    expect(caches.paths().sort()).toEqual(Object.keys(SHELL_FILES).sort());
  });

  it("without a network a page load gets the offline page, not a page seen before", async () => {
    const worker = await installedWorker();
    await worker.request(req("/t/demo/hub", { mode: "navigate" }));
    network = () => Promise.reject(new TypeError("Failed to fetch"));
    const response = await worker.request(req("/t/demo/hub", { mode: "navigate" }));
    expect(await response!.text()).toBe(SHELL_FILES["/offline.html"]);
  });

  it("leaves personal paths, queries, posts and HEAD requests to the browser", async () => {
    const worker = await installedWorker();
    for (const r of [
      req("/t/demo/media/1"),
      req("/t/demo/hub.data"),
      req("/api/v1/posts"),
      req("/s/abc"),
      req("/assets/app-1.js?v=1"),
      req("/assets/app-1.js", { method: "HEAD" }),
      req("/t/demo/suggest", { method: "POST", mode: "navigate" }),
      req("https://elsewhere.example/assets/x.js"),
    ])
      expect(await worker.request(r), r.url).toBeUndefined();
  });

  it("stores hashed build files once fetched, and answers from the store", async () => {
    const worker = await installedWorker();
    await worker.request(req("/assets/app-1.js"));
    network = () => Promise.reject(new TypeError("Failed to fetch"));
    expect(await (await worker.request(req("/assets/app-1.js")))!.text()).toBe("page /assets/app-1.js");
  });

  it("a partial (206) or redirected answer reaches the page but is not stored", async () => {
    const worker = await installedWorker();
    network = (r) =>
      keyOf(r) === "/assets/clip-1.mp4"
        ? answer("0123456789", { status: 206, headers: { "Content-Range": "bytes 0-9/100" } })
        : answer("<h1>Sign in</h1>", { redirected: true });
    const partial = await worker.request(req("/assets/clip-1.mp4"));
    expect(partial!.status).toBe(206);
    const moved = await worker.request(req("/assets/app-2.js"));
    expect(await moved?.text()).toBe("<h1>Sign in</h1>");
    expect(caches.paths().filter((p) => p.startsWith("/assets/"))).toEqual([]);
  });

  it("leaves range requests to the browser: a stored whole file is not an answer to a part", async () => {
    const worker = await installedWorker();
    await worker.request(req("/assets/clip-1.mp4"));
    expect(
      await worker.request(req("/assets/clip-1.mp4", { headers: { Range: "bytes=0-9" } })),
    ).toBeUndefined();
  });

  it("refreshes the shell at most once a day, not at every start of the worker", async () => {
    await installedWorker();
    const shellFetches = () => fetched.filter((r) => keyOf(r) in SHELL_FILES).length;
    expect(shellFetches()).toBe(6);
    // the browser stops an idle worker within a minute; every app start is a new worker start
    for (let i = 0; i < 3; i++) {
      now += HOUR;
      await startWorker().request(req("/t/demo", { mode: "navigate" }));
    }
    expect(shellFetches()).toBe(6);
    now += 24 * HOUR;
    await startWorker().request(req("/t/demo", { mode: "navigate" }));
    expect(shellFetches()).toBe(12);
    // a shell stored without a date (or a clock a day off) is refreshed as before
    for (const cache of caches.stores.values()) cache.entries.set("/offline.html", answer("old"));
    await startWorker().request(req("/t/demo", { mode: "navigate" }));
    expect(shellFetches()).toBe(18);
    // so is a shell that lacks a part (an icon failed at install)
    for (const cache of caches.stores.values()) cache.entries.delete("/icons/icon-192.png");
    await startWorker().request(req("/t/demo", { mode: "navigate" }));
    expect(shellFetches()).toBe(24);
    expect(caches.paths()).toContain("/icons/icon-192.png");
  });
});
