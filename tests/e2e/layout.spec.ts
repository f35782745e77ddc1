import type { Browser } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { expect, test, type Page } from "~/tests/e2e/support/test.ts";

/*
 * The tenant shell on phones and desktops (app/routes/tenant.tsx, app/styles/shell.css): every role's
 * home fits the screen without sideways scrolling and passes axe; on a phone the navigation sits behind
 * a menu button that works by keyboard, and a bottom bar carries the four most used destinations; on a
 * desktop the navigation is a sidebar and there is no bottom bar. The sweep visits every page of the
 * navigation at 360 px, the narrowest phone we support.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };

const ROLES = [
  "admin@demo.chorus.test",
  "kommunikation@demo.chorus.test",
  "manager@demo.chorus.test",
  "mitarbeiterin@demo.chorus.test",
];

/** How far the page is wider than the window; 0 when nothing scrolls sideways. */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function openAt(
  browser: Browser,
  signIn: (email: string, options?: { page?: Page; path?: string }) => Promise<Page>,
  email: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return signIn(email, { page, path: "/t/demo" });
}

for (const email of ROLES) {
  test(`${email}: the home on a phone fits, passes axe, and its menu works by keyboard`, async ({
    browser,
    signIn,
  }) => {
    const page = await openAt(browser, signIn, email, PHONE);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    expect(await sidewaysOverflow(page), "sideways overflow at 390 px").toBeLessThanOrEqual(0);

    // the menu is a <details>; its summary is the menu button (no ARIA role of its own in Playwright)
    const menu = page.locator("details.menu");
    const menuButton = menu.locator("summary");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    const bar = page.getByRole("navigation", { name: "Shortcuts" });
    // the first screen shows the page, not the links: the menu starts closed, the heading is in view,
    // the bottom bar is there
    await expect(menuButton).toHaveText("Menu");
    await expect(menu).toHaveJSProperty("open", false);
    await expect(nav).toBeHidden();
    await expect(page.locator("#main h1")).toBeInViewport();
    await expect(bar).toBeVisible();
    await expect(bar.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    for (const link of await bar.getByRole("link").all()) {
      const box = (await link.boundingBox())!;
      expect(box.height, "bottom bar target height").toBeGreaterThanOrEqual(44);
      expect(box.width, "bottom bar target width").toBeGreaterThanOrEqual(44);
    }
    expect((await menuButton.boundingBox())!.height, "menu button height").toBeGreaterThanOrEqual(44);
    // scrolled to the end, the page's last element ends above the bottom bar
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const pageEnd = await page
      .locator("#main > :last-child")
      .evaluate((el) => el.getBoundingClientRect().bottom);
    expect(pageEnd, "the bottom bar covers the page's end").toBeLessThanOrEqual((await bar.boundingBox())!.y);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectNoSeriousA11yViolations(page);

    // keyboard: the skip link first, then the menu button; Enter opens, a link is reachable, Escape closes
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(menuButton).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveJSProperty("open", true);
    await expect(nav).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "Home" })).toBeFocused();
    await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "Posts to share" })).toBeFocused();
    await expectNoSeriousA11yViolations(page);
    expect(await sidewaysOverflow(page), "sideways overflow with the menu open").toBeLessThanOrEqual(0);
    // the open menu's last control can be scrolled into view above the bottom bar
    const lastInMenu = page.locator("#shell-menu button").last();
    await lastInMenu.scrollIntoViewIfNeeded();
    const lastBox = (await lastInMenu.boundingBox())!;
    expect(lastBox.y + lastBox.height, "the bottom bar covers the menu's end").toBeLessThanOrEqual(
      (await bar.boundingBox())!.y,
    );
    await page.keyboard.press("Escape");
    await expect(menu).toHaveJSProperty("open", false);
    await expect(nav).toBeHidden();
    await expect(menuButton).toBeFocused();

    // a navigation from the menu closes it; the new page is current in both navigations
    await menuButton.click();
    await nav.getByRole("link", { name: "My impact" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/impact$/);
    await expect(menu).toHaveJSProperty("open", false);
    await expect(nav).toBeHidden();
    await expect(bar.getByRole("link", { name: "Impact" })).toHaveAttribute("aria-current", "page");
    await menuButton.click();
    await expect(nav.getByRole("link", { name: "My impact" })).toHaveAttribute("aria-current", "page");
    await page.context().close();
  });

  test(`${email}: the home on a desktop fits, passes axe, shows the sidebar and no bottom bar`, async ({
    browser,
    signIn,
  }) => {
    const page = await openAt(browser, signIn, email, DESKTOP);
    expect(await sidewaysOverflow(page), "sideways overflow at 1280 px").toBeLessThanOrEqual(0);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("navigation", { name: "Shortcuts" })).toBeHidden();
    await expect(page.locator("details.menu summary")).toBeHidden();
    await expectNoSeriousA11yViolations(page);
    await page.context().close();
  });
}

test("on a phone without JavaScript (before hydration) the menu opens, closes and navigates", async ({
  browser,
  signIn,
}) => {
  const context = await browser.newContext({ viewport: NARROW, javaScriptEnabled: false });
  const page = await signIn("mitarbeiterin@demo.chorus.test", { page: await context.newPage() });
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
  const menu = page.locator("details.menu");
  const menuButton = menu.locator("summary");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav).toBeHidden();
  await expect(page.locator("#main h1")).toBeInViewport();

  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(menuButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveJSProperty("open", true);
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Enter");
  await expect(nav).toBeHidden();

  await menuButton.click();
  await nav.getByRole("link", { name: "My impact" }).click();
  await expect(page).toHaveURL(/\/t\/demo\/impact$/);
  await expect(nav).toBeHidden();
  await menuButton.click();
  await expect(nav.getByRole("link", { name: "My impact" })).toHaveAttribute("aria-current", "page");
  await context.close();
});

test("a menu opened on a phone before the JavaScript arrived stays open when the page hydrates", async ({
  browser,
  signIn,
}) => {
  // no service worker: it would fetch the scripts where page.route does not see them
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: "block" });
  const page = await signIn("mitarbeiterin@demo.chorus.test", { page: await context.newPage() });
  let release!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/.+\.js$/, async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto("/t/demo/impact", { waitUntil: "commit" });
  const menu = page.locator("details.menu");
  await menu.locator("summary").click();
  await expect(menu).toHaveJSProperty("open", true);
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
  release();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(menu).toHaveJSProperty("open", true);
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
  await context.close();
});

test("the navigation shows each role its own groups, each a labelled list", async ({ signIn }) => {
  const groupsOf = async (email: string) => {
    const page = await signIn(email);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    const names = await nav
      .getByRole("list")
      .evaluateAll((lists) =>
        lists.map((l) => document.getElementById(l.getAttribute("aria-labelledby")!)!.textContent),
      );
    return names;
  };
  expect(await groupsOf("mitarbeiterin@demo.chorus.test")).toEqual([
    "Share",
    "Goals & recognition",
    "Personal",
  ]);
  expect(await groupsOf("admin@demo.chorus.test")).toEqual([
    "Share",
    "Content",
    "Goals & recognition",
    "Programme",
    "Admin",
    "Personal",
  ]);
});

/**
 * Every page of the navigation at 360 px, for the admin (the most links) and an employee: none scrolls
 * sideways. Failing pages are named by path in one message.
 */
for (const email of ["admin@demo.chorus.test", "mitarbeiterin@demo.chorus.test"]) {
  test(`${email}: no page of the navigation scrolls sideways at 360 px`, async ({ browser, signIn }) => {
    test.setTimeout(180_000);
    const page = await openAt(browser, signIn, email, NARROW);
    const paths = await page
      .locator("#shell-menu nav a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    expect(paths.length).toBeGreaterThan(10);
    const overflowing: string[] = [];
    for (const path of paths.filter((p) => p.startsWith("/t/"))) {
      await page.goto(path);
      await expect(page.locator("#main")).toBeVisible();
      const over = await sidewaysOverflow(page);
      if (over > 0) overflowing.push(`${path} (+${over}px)`);
    }
    expect(overflowing, `pages wider than 360 px for ${email}:\n${overflowing.join("\n")}`).toEqual([]);
    await page.context().close();
  });
}
