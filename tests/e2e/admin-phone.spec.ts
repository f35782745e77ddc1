/**
 * Admin, privacy and signed-out pages on a phone (issue 18): no page scrolls sideways at 360 and
 * 390 px, wide tables stack into cards or scroll in their own box, axe finds nothing serious in light
 * and dark, the landing page offers one primary action, and admin settings hydrates even where the
 * browser knows other time zones than the server.
 */
import type { BrowserContext } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { expect, test, type Page } from "~/tests/e2e/support/test.ts";
import {
  DESKTOP,
  horizontalOverflow,
  NARROW_PHONE,
  overflowingPages,
  PHONE,
} from "~/tests/e2e/support/viewports.ts";

const ADMIN = "admin@demo.chorus.test";
const ADMIN_PAGES = [
  "admin/members",
  "admin/teams",
  "admin/settings",
  "admin/topics",
  "admin/guidelines",
  "admin/linkedin",
  "admin/sso",
  "admin/tokens",
  "admin/reach",
  "admin/jobs",
  "admin/billing",
  "admin/recognition",
  "admin/periods",
  "admin/privacy",
  "privacy",
  "privacy/works-agreement",
  "my-data",
].map((p) => `/t/demo/${p}`);
const SIGNED_OUT_PAGES = ["/", "/login", "/signup"];

async function signedInContext(
  browser: import("@playwright/test").Browser,
  signIn: (email: string, options?: { page?: Page; path?: string }) => Promise<Page>,
  options: { viewport: { width: number; height: number }; colorScheme?: "light" | "dark" },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await signIn(ADMIN, { page: await context.newPage() });
  return { context, page };
}

for (const viewport of [NARROW_PHONE, PHONE, DESKTOP])
  test(`admin and privacy pages fit ${viewport.width} px without scrolling sideways`, async ({
    browser,
    signIn,
  }) => {
    test.setTimeout(120_000);
    const { context, page } = await signedInContext(browser, signIn, { viewport });
    expect(await overflowingPages(page, ADMIN_PAGES)).toEqual([]);
    await context.close();
  });

for (const colorScheme of ["light", "dark"] as const)
  test(`admin and privacy pages on a phone in ${colorScheme} mode: no serious accessibility violation`, async ({
    browser,
    signIn,
  }) => {
    test.setTimeout(180_000);
    const { context, page } = await signedInContext(browser, signIn, { viewport: PHONE, colorScheme });
    for (const path of ADMIN_PAGES) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    }
    await context.close();
  });

test("wide admin tables become cards on a phone, each value with its column's name", async ({
  browser,
  signIn,
}) => {
  const { context, page } = await signedInContext(browser, signIn, { viewport: PHONE });
  await page.goto("/t/demo/admin/members");
  const firstRow = page.locator("table.stacked tbody tr").first();
  await expect(firstRow.locator("td[data-label='Email']")).toContainText("@demo.chorus.test");
  // a card: the row is as wide as the table, not a line of seven cells
  const [row, table] = await Promise.all([
    firstRow.boundingBox(),
    page.locator("table.stacked").first().boundingBox(),
  ]);
  expect(row!.width).toBeCloseTo(table!.width, 0);
  // the edit link is a button-sized target
  const edit = firstRow.getByRole("link", { name: /^Edit/ });
  expect((await edit.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await context.close();
});

for (const colorScheme of ["light", "dark"] as const)
  test(`signed-out pages on a phone in ${colorScheme} mode: fit, accessible, one primary action on the landing page`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: PHONE, colorScheme });
    const page = await context.newPage();
    for (const path of SIGNED_OUT_PAGES) {
      await page.goto(path);
      await expect(page.locator("main h1")).toBeVisible();
      expect(await horizontalOverflow(page)).toBeNull();
      await expectNoSeriousA11yViolations(page);
    }
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your people, your voice");
    // exactly one primary button-styled action: sign in; starting a company is secondary
    const primary = page.locator("main .button:not(.secondary)");
    await expect(primary).toHaveCount(1);
    await expect(primary).toHaveText("Sign in");
    await expect(
      page.locator("main").getByRole("link", { name: "Start Chorus for your company" }),
    ).toHaveClass(/secondary/);
    await expect(page.locator("main")).not.toContainText(/coming soon|soon/i);
    await primary.click();
    await expect(page).toHaveURL(/\/login$/);
    await context.close();
  });

test("admin settings hydrates where the browser knows other time zones than the server", async ({
  browser,
  signIn,
}) => {
  const context = await browser.newContext();
  // a browser with a newer (or older) ICU: one zone the server's Node does not know
  await context.addInitScript(() => {
    const original = Intl.supportedValuesOf.bind(Intl);
    Intl.supportedValuesOf = ((key: Parameters<typeof Intl.supportedValuesOf>[0]) =>
      key === "timeZone" ? [...original(key), "Etc/Only_In_This_Browser"] : original(key)) as typeof original;
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  await signIn(ADMIN, { page, path: "/t/demo/admin/settings" });
  const zone = page.getByLabel("Time zone");
  await expect(zone).toBeVisible();
  await page.waitForLoadState("networkidle");
  // the server's list, as rendered: nothing the browser alone knows
  await expect(zone.locator("option")).toHaveCount(Intl.supportedValuesOf("timeZone").length);
  await expect(zone.locator("option[value='Etc/Only_In_This_Browser']")).toHaveCount(0);
  expect(problems).toEqual([]);
  await context.close();
});
