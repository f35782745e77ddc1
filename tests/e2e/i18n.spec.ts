import { readFileSync, readdirSync } from "node:fs";
import { test, expect, type Page } from "~/tests/e2e/support/test.ts";
import type { Locale } from "~/db/schema.ts";
import { namespaces } from "~/app/lib/i18n/namespaces.ts";
import { resources } from "~/app/lib/i18n/resources.ts";
import { PERMISSIONS } from "~/app/lib/permissions.ts";

/*
 * The page texts in the browser, in both languages, for an employee, a comms lead and an admin: every
 * page of the main navigation, reached client-side and loaded afresh, shows texts, never a key (a missing
 * key reads as itself without its namespace: "status.draft"), not even for a moment; hydrates without an
 * error; and imports only dictionaries of its own language (app/lib/i18n/browser.ts).
 */
const PEOPLE = {
  employee: "mitarbeiterin@demo.chorus.test",
  "comms lead": "kommunikation@demo.chorus.test",
  admin: "admin@demo.chorus.test",
};

const tops = new Set<string>(namespaces);
for (const dictionary of Object.values(resources.en))
  for (const key of Object.keys(dictionary)) tops.add(key);
const KEY = `\\b(?:${[...tops].join("|")})\\.[a-zA-Z][a-zA-Z0-9_]*(?:\\.[a-zA-Z0-9_]+)*\\b`;
// words of the pages that look like keys: permission names (the data map lists them), a domain
const NOT_KEYS = [...Object.keys(PERMISSIONS), "linkedin.com"];
const keysIn = (text: string) =>
  (text.match(new RegExp(KEY, "g")) ?? []).filter((k) => !NOT_KEYS.includes(k));

/** Built client assets that are a dictionary, by the texts only that dictionary has: file → "de/content". */
function dictionaryAssets(): Map<string, string> {
  const leaves = (tree: object, out: string[] = []): string[] => {
    for (const v of Object.values(tree)) {
      if (typeof v === "string") out.push(v);
      else leaves(v as object, out);
    }
    return out;
  };
  const seen = new Map<string, number>();
  const dictionaries = Object.entries(resources).flatMap(([locale, byNs]) =>
    Object.entries(byNs).map(([ns, tree]) => {
      const texts = leaves(tree).filter((v) => /^[A-Za-zÄÖÜäöüß ,]{14,}$/.test(v));
      for (const text of texts) seen.set(text, (seen.get(text) ?? 0) + 1);
      return { id: `${locale}/${ns}`, texts };
    }),
  );
  const assets = new Map<string, string>();
  for (const file of readdirSync("build/client/assets").filter((f) => f.endsWith(".js"))) {
    const body = readFileSync(`build/client/assets/${file}`, "utf8");
    for (const { id, texts } of dictionaries) {
      const own = texts.filter((t) => seen.get(t) === 1);
      if (own.length && own.filter((t) => body.includes(t)).length >= own.length / 2) assets.set(file, id);
    }
  }
  return assets;
}

/** Records on the page, from its first byte, any moment a key is shown (window.__keysShown). */
async function watchForKeys(page: Page) {
  await page.addInitScript(
    ([source, notKeys]) => {
      const shown: string[] = [];
      (window as unknown as { __keysShown: string[] }).__keysShown = shown;
      new MutationObserver(() => {
        const keys = (document.body?.innerText.match(new RegExp(source, "g")) ?? []).filter(
          (k) => !notKeys.includes(k),
        );
        if (keys.length) shown.push(`${location.pathname}: ${keys.join(", ")}`);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    },
    [KEY, NOT_KEYS] as const,
  );
}

function watchProblems(page: Page, assets: Map<string, string>) {
  const problems: string[] = [];
  const dictionaries: string[] = [];
  page.on("console", (m) => {
    // a failed request is reported below with its address (the browser's own /favicon.ico is not ours)
    if ((m.type() === "error" || m.type() === "warning") && !m.text().startsWith("Failed to load resource"))
      problems.push(`${page.url()}: console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${page.url()}: HTTP ${r.status()} ${r.url()}`);
  });
  page.on("request", (r) => {
    const asset = assets.get(r.url().split("/assets/")[1] ?? "");
    if (asset) dictionaries.push(asset);
  });
  return { problems, dictionaries };
}

const assets = dictionaryAssets();

for (const locale of ["en", "de"] as const satisfies Locale[])
  for (const [role, email] of Object.entries(PEOPLE))
    test(`every page in ${locale} for ${role === "comms lead" ? "a" : "an"} ${role}: texts, no keys, no hydration errors, one language`, async ({
      signIn,
      browser,
    }) => {
      // every page of the navigation twice (an admin: about 60 page loads): more than the default minute
      test.setTimeout(150_000);
      const context = await browser.newContext();
      const first = await context.newPage();
      await watchForKeys(first);
      const seen = watchProblems(first, assets);
      const page = await signIn(email, { page: first, locale });
      await expect(page.locator("html[data-hydrated]")).toBeAttached();
      const nav = page.getByRole("navigation").first();
      const links = await nav.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
      expect(links.length).toBeGreaterThan(10);
      for (const href of links) {
        await nav.locator(`a[href="${href}"]`).first().click();
        await page.waitForURL((u) => u.pathname === href);
        await page.waitForLoadState("networkidle");
        expect(keysIn(await page.locator("body").innerText()), href).toEqual([]);
      }
      for (const href of links) {
        await page.goto(href);
        await expect(page.locator("html[data-hydrated]")).toBeAttached();
        await page.waitForLoadState("networkidle");
        expect(keysIn(await page.locator("body").innerText()), href).toEqual([]);
        await expect(page.locator("#i18n-used"), href).toHaveCount(1);
      }
      expect(await page.evaluate(() => (window as unknown as { __keysShown: string[] }).__keysShown)).toEqual(
        [],
      );
      expect(seen.problems).toEqual([]);
      expect(seen.dictionaries.length).toBeGreaterThan(0);
      expect(seen.dictionaries.filter((d) => !d.startsWith(`${locale}/`))).toEqual([]);
      await context.close();
    });

test("the language switch works both ways, and the error page of a client-side navigation is in the language", async ({
  signIn,
  browser,
}) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await watchForKeys(first);
  const page = await signIn(PEOPLE.admin, { page: first, locale: "en" });
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  const nav = page.getByRole("navigation").first();
  await nav.locator('a[href="/t/demo/goals"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(resources.en.goals.title);

  await page.getByRole("button", { name: resources.en.common.languages.de }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(resources.de.goals.title);
  await expect(page.locator("html[data-hydrated]")).toBeAttached();

  // a page that is not there, reached client-side: the layout's error page, in German
  await page.evaluate(() =>
    (
      window as unknown as { __reactRouterDataRouter: { navigate: (to: string) => Promise<void> } }
    ).__reactRouterDataRouter.navigate("/t/demo/content/00000000-0000-4000-8000-000000000000"),
  );
  await expect(page.getByRole("heading", { name: resources.de.common.errors.notFoundTitle })).toBeVisible();
  await nav.locator('a[href="/t/demo/hub"]').click();
  await page.waitForURL("**/t/demo/hub");

  await page.getByRole("button", { name: resources.de.common.languages.en }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  await expect(nav.locator('a[href="/t/demo/goals"]')).toHaveText(resources.en.common.nav.goals);
  expect(await page.evaluate(() => (window as unknown as { __keysShown: string[] }).__keysShown)).toEqual([]);
  await context.close();
});
