/**
 * The comms lead's pages on a phone (issue 18): content list, new post, a post, review, suggestions,
 * flagged discussions, analytics and held clicks fit 360 and 390 px without scrolling sideways, axe
 * finds nothing serious in light and dark, the analytics chart fills its card with readable text and
 * the wide tables scroll in their own labelled box.
 */
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { expect, test, type Page } from "~/tests/e2e/support/test.ts";
import { DESKTOP, NARROW_PHONE, overflowingPages, PHONE } from "~/tests/e2e/support/viewports.ts";

const KARLA = "kommunikation@demo.chorus.test";
const PAGES = [
  "content",
  "content/new",
  "review",
  "suggestions",
  "suggestions?status=declined",
  "escalations",
  "escalations?status=handled",
  "analytics",
  "credit/held-clicks",
].map((p) => `/t/demo/${p}`);

/** the content list's first post, so a post page is checked too */
async function firstPostPath(page: Page): Promise<string> {
  await page.goto("/t/demo/content");
  const href = await page.locator("main table a[href*='/content/']").first().getAttribute("href");
  expect(href).toMatch(/\/t\/demo\/content\/[0-9a-f-]{36}$/);
  return href!;
}

for (const viewport of [NARROW_PHONE, PHONE, DESKTOP])
  test(`the comms lead's pages fit ${viewport.width} px without scrolling sideways`, async ({
    browser,
    signIn,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport });
    const page = await signIn(KARLA, { page: await context.newPage() });
    expect(await overflowingPages(page, [...PAGES, await firstPostPath(page)])).toEqual([]);
    await context.close();
  });

for (const colorScheme of ["light", "dark"] as const)
  test(`the comms lead's pages on a phone in ${colorScheme} mode: no serious accessibility violation`, async ({
    browser,
    signIn,
  }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ viewport: PHONE, colorScheme });
    const page = await signIn(KARLA, { page: await context.newPage() });
    for (const path of [...PAGES, await firstPostPath(page)]) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    }
    await context.close();
  });

test("analytics on a 360 px phone: the chart fills its card with readable text, tables scroll in their own box", async ({
  browser,
  signIn,
}) => {
  const context = await browser.newContext({ viewport: NARROW_PHONE });
  const page = await signIn(KARLA, { page: await context.newPage(), path: "/t/demo/analytics" });
  const chart = page.getByTestId("chart");
  await expect(chart).toBeVisible();
  const card = page.locator("section", { has: chart });
  const [chartBox, cardBox] = await Promise.all([chart.boundingBox(), card.boundingBox()]);
  // as wide as the card's content (the card's padding on both sides), not wider
  expect(chartBox!.width).toBeGreaterThan(cardBox!.width - 2 * 24);
  expect(chartBox!.x + chartBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
  // its axis labels are drawn at the page's small text size, not scaled down with the image
  const labelHeight = await chart
    .locator("text")
    .first()
    .evaluate((t) => t.getBoundingClientRect().height);
  expect(labelHeight).toBeGreaterThanOrEqual(11);

  // the teams table scrolls inside a labelled, focusable region; its first column stays put
  // (the section around it is a region named "Teams" too)
  const region = page.locator(".table-scroll[role=region][aria-label='Teams']");
  await expect(region).toHaveAttribute("tabindex", "0");
  expect(await region.evaluate((r) => r.scrollWidth > r.clientWidth)).toBe(true);
  const firstCell = region.locator("tbody tr").first().locator("th, td").first();
  const before = (await firstCell.boundingBox())!.x;
  await region.evaluate((r) => r.scrollBy(200, 0));
  expect((await firstCell.boundingBox())!.x).toBeCloseTo(before, 0);

  // the export is a button-sized target
  const exportLink = page.getByRole("link", { name: "Export CSV: Teams" });
  expect((await exportLink.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await context.close();
});

test("the content list becomes cards on a phone, each value with its column's name", async ({
  browser,
  signIn,
}) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await signIn(KARLA, { page: await context.newPage(), path: "/t/demo/content" });
  const firstRow = page.locator("table.stacked tbody tr").first();
  await expect(firstRow.locator("td[data-label='Author']")).toBeVisible();
  const [row, table] = await Promise.all([
    firstRow.boundingBox(),
    page.locator("table.stacked").first().boundingBox(),
  ]);
  expect(row!.width).toBeCloseTo(table!.width, 0);
  // the status filters are button-sized and wrap
  const filters = page.getByRole("navigation", { name: /filter/i }).getByRole("link");
  for (const link of await filters.all())
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await context.close();
});
