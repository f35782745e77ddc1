/*
 * Chorus's service worker (registered by app/lib/service-worker.ts in production builds; served from /
 * so its scope is the whole app). It does three things and no more:
 *
 * 1. Keeps the shell: the offline page, its stylesheets and icons, fetched when it installs.
 * 2. Page loads go to the network; only when the network fails (no connection) the offline page is
 *    shown instead. Pages are never stored: their HTML carries personal data.
 * 3. Hashed build files under /assets/ are served from the cache once fetched: their names change with
 *    their content and they hold no personal data.
 *
 * Everything else (/t/…, /api/…, /s/…, .data requests, form posts, media, other origins) is not
 * touched at all: the browser fetches it as if there were no service worker. Nothing answered with
 * Cache-Control no-store or private is ever stored.
 *
 * Changing the shell (public/offline.html, offline.css, app/styles/tokens.css, the icons): bump VERSION
 * so browsers install the new worker and fetch it; the worker also refreshes the shell after a page
 * loaded fine once the stored copy is a day old (not at every start: the browser stops an idle worker
 * within a minute, and six extra downloads at every app start would compete with the page's own).
 */
const VERSION = "v1";
const SHELL_CACHE = `chorus-shell-${VERSION}`;
const ASSET_CACHE = `chorus-assets-${VERSION}`;
const OFFLINE_URL = "/offline.html";
const SHELL = [
  OFFLINE_URL,
  "/offline.css",
  "/tokens.css",
  "/favicon.svg",
  "/icons/icon-192.png",
  "/manifest.webmanifest",
];
/** old hashed files of past deploys are dropped beyond this many */
const MAX_ASSETS = 120;
/** the shell is fetched again after a page load once its stored copy is this old */
const SHELL_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Paths whose answers are personal or one-off: never stored, never answered from a cache. */
function isPrivatePath(pathname) {
  return (
    pathname.startsWith("/t/") ||
    pathname.startsWith("/api/") ||
    pathname.startsWith("/s/") ||
    pathname.endsWith(".data")
  );
}

/** Only our own, complete (200, not a 206 part), storable answers of the URL asked for (no redirect). */
function storable(response) {
  if (!response || response.status !== 200 || response.type !== "basic" || response.redirected) return false;
  const cacheControl = response.headers.get("Cache-Control") || "";
  return !/no-store|private/i.test(cacheControl);
}

async function cacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  await Promise.all(
    SHELL.map(async (path) => {
      // past the HTTP cache: the shell is as fresh as the server's copy
      const response = await fetch(new Request(path, { cache: "reload" }));
      if (storable(response)) await cache.put(path, response);
      else if (path === OFFLINE_URL) throw new Error(`offline page not storable: ${response.status}`);
    }),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, ASSET_CACHE]);
      for (const name of await caches.keys()) if (!keep.has(name)) await caches.delete(name);
      // the page's own request starts while the worker boots (the worker answers no faster otherwise)
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

let shellChecked = false;

/**
 * A part of the shell is missing (install keeps going without an icon), or the stored offline page is
 * old by its Date header; a missing or unreadable date counts as old, and a device clock off by more
 * than the age (either way) refreshes as before, at every start.
 */
async function shellIsStale() {
  const cache = await caches.open(SHELL_CACHE);
  const stored = await Promise.all(SHELL.map((path) => cache.match(path)));
  if (stored.some((response) => !response)) return true;
  const date = Date.parse(stored[SHELL.indexOf(OFFLINE_URL)].headers.get("Date") || "");
  return !(Math.abs(Date.now() - date) < SHELL_MAX_AGE_MS);
}

async function navigate(event) {
  try {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    if (!shellChecked) {
      shellChecked = true;
      event.waitUntil(
        shellIsStale()
          .then((stale) => (stale ? cacheShell() : undefined))
          .catch(() => undefined),
      );
    }
    return response;
  } catch {
    // no network: the offline page, under the address the person wanted ("try again" reloads it)
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    return offline || Response.error();
  }
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (storable(response)) {
    await cache.put(request, response.clone());
    if (cacheName === ASSET_CACHE) {
      const keys = await cache.keys();
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(old);
    }
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
    return;
  }
  if (isPrivatePath(url.pathname) || url.search !== "") return;
  // a part of a file (media): the browser's own range handling, never a stored whole file
  if (request.headers.has("Range")) return;
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request, ASSET_CACHE));
    return;
  }
  if (SHELL.includes(url.pathname)) event.respondWith(cacheFirst(request, SHELL_CACHE));
});
