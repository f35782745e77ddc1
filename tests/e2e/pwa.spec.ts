import type { Page } from "@playwright/test";
import { expect, test } from "~/tests/e2e/support/test.ts";

/*
 * The installable app (issue 18): the manifest, the service worker (public/sw.js) and its offline page,
 * and the share target. The worker must never keep a personal page: after visiting some, no cached
 * URL is under /t/.
 */

const EMPLOYEE = "mitarbeiterin@demo.chorus.test";

/** Waits until public/sw.js is active and controls the page; returns its script URL. */
async function controlledBy(page: Page): Promise<string> {
  const scriptURL = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? "";
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return scriptURL;
}

/** Every URL in every cache of the origin. */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });

test("the manifest is linked and has what an installable app needs, its icons load", async ({
  page,
  request,
}) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = (await response.json()) as Record<string, unknown> & {
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
    share_target: { action: string; method: string; params: Record<string, string> };
  };
  expect(manifest).toMatchObject({
    name: "Chorus",
    short_name: "Chorus",
    start_url: "/",
    scope: "/",
    display: "standalone",
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.share_target).toEqual({
    action: "/share-target",
    method: "GET",
    enctype: "application/x-www-form-urlencoded",
    params: { title: "title", text: "text", url: "url" },
  });
  const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? "any"}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()["content-type"], icon.src).toBe(icon.type);
    if (icon.type !== "image/png") continue;
    // the declared size is the drawn one: a PNG's IHDR holds width and height at bytes 16 and 20
    const png = await res.body();
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
  // Chromium's own verdict (what decides whether "Install app" is offered); this context is
  // incognito, which Chromium reports besides any real error
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors.filter((e) => e.errorId !== "in-incognito")).toEqual([]);
});

test("the service worker controls the app, keeps no personal page, and shows the offline page without a network", async ({
  signIn,
}) => {
  const page = await signIn(EMPLOYEE, { path: "/t/demo" });
  expect(await controlledBy(page)).toMatch(/\/sw\.js$/);

  // personal pages, loaded afresh and client-side, with their data requests
  await page.goto("/t/demo/hub");
  await page.goto("/t/demo/impact");
  await page.goto("/t/demo/suggest");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  // a client-side navigation (as a <Link> makes it): its loader data comes as /t/demo/….data
  const dataRequest = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(".data"));
  await page.evaluate(() =>
    (
      window as unknown as { __reactRouterDataRouter: { navigate(to: string): Promise<void> } }
    ).__reactRouterDataRouter.navigate("/t/demo/hub"),
  );
  expect((await dataRequest).status()).toBe(200);
  await expect(page).toHaveURL(/\/t\/demo\/hub$/);

  const urls = await cachedUrls(page);
  // the shell and the hashed build files are there (so the check below is not vacuous) …
  expect(urls).toContain("/offline.html");
  expect(urls.some((u) => u.startsWith("/assets/"))).toBe(true);
  // … and nothing personal
  expect(urls.filter((u) => u.startsWith("/t/") || u.endsWith(".data") || u.startsWith("/api/"))).toEqual([]);

  await page.context().setOffline(true);
  await page.goto("/t/demo/hub");
  await expect(page).toHaveURL(/\/t\/demo\/hub$/);
  await expect(page.getByRole("heading", { level: 1, name: "Du bist offline" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  // styled by its own (cached) stylesheets on the design tokens
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");
  await expect(page.getByRole("link", { name: "Erneut versuchen" })).toHaveAttribute("href", "");

  await page.context().setOffline(false);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Du bist offline");
  await expect(page).toHaveURL(/\/t\/demo\/hub$/);
});

test("a link shared from another app lands on the suggestion form, filled in", async ({ signIn }) => {
  const page = await signIn(EMPLOYEE, { path: "/t/demo" });
  const query = new URLSearchParams({
    title: "Hiring in Leipzig",
    text: "Worth a look https://example.com/jobs/leipzig?ref=app",
  });
  await page.goto(`/share-target?${query}`);
  await expect(page).toHaveURL(/\/t\/demo\/suggest\?/);
  await expect(page.getByRole("textbox", { name: /Link/ })).toHaveValue(
    "https://example.com/jobs/leipzig?ref=app",
  );
  await expect(page.getByRole("textbox", { name: /worth sharing/ })).toHaveValue(
    "Hiring in Leipzig\nWorth a look",
  );
  // sending it works as typed, and the form is empty afterwards
  await page.getByRole("button", { name: "Send suggestion" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thanks!" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: /Link/ })).toHaveValue("");
});

test("signed out, the share target asks to sign in first", async ({ page }) => {
  await page.goto("/share-target?url=https%3A%2F%2Fexample.com%2F");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fshare-target/);
});
