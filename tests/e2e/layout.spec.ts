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

    const menuButton = page.getByRole("button", { name: "Menu" });
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    const bar = page.getByRole("navigation", { name: "Shortcuts" });
    // the first screen shows the page, not the links: the menu starts closed, the bottom bar is there
    await expect(menuButton).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await expect(bar).toBeVisible();
    await expect(bar.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    for (const link of await bar.getByRole("link").all()) {
      const box = (await link.boundingBox())!;
      expect(box.height, "bottom bar target height").toBeGreaterThanOrEqual(44);
      expect(box.width, "bottom bar target width").toBeGreaterThanOrEqual(44);
    }
    await expectNoSeriousA11yViolations(page);

    // keyboard: the skip link first, then the menu button; Enter opens, a link is reachable, Escape closes
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(menuButton).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(menuButton).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await expect(page.locator(`#${await menuButton.getAttribute("aria-controls")}`)).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "Home" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "Posts to share" })).toBeFocused();
    await expectNoSeriousA11yViolations(page);
    expect(await sidewaysOverflow(page), "sideways overflow with the menu open").toBeLessThanOrEqual(0);
    await page.keyboard.press("Escape");
    await expect(menuButton).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await expect(menuButton).toBeFocused();

    // a navigation from the menu closes it
    await menuButton.click();
    await nav.getByRole("link", { name: "My impact" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/impact$/);
    await expect(menuButton).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await expect(bar.getByRole("link", { name: "Impact" })).toHaveAttribute("aria-current", "page");
    await page.context().close();
  });

  test(`${email}: the home on a desktop fits, passes axe, shows the sidebar and no bottom bar`, async ({
    browser,
    signIn,
  }) => {
    const page = await openAt(browser, signIn, email, DESKTOP);
    expect(await sidewaysOverflow(page), "sideways overflow at 1280 px").toBeLessThanOrEqual(0);
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Shortcuts" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    await expectNoSeriousA11yViolations(page);
    await page.context().close();
  });
}

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
