import { expect, type Page } from "~/tests/e2e/support/test.ts";

/** The sizes issue 18 names: a common phone, the narrowest we support, a laptop. */
export const PHONE = { width: 390, height: 844 };
export const NARROW_PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * null when the page does not scroll sideways, else the path, the widths and the first elements of
 * <main> that stick out (a .table-scroll region scrolls inside its own box and does not count).
 */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const { scrollWidth } = document.documentElement;
    if (scrollWidth <= window.innerWidth) return null;
    const wide = [...document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => !e.closest(".table-scroll, .visually-hidden, table.stacked thead"))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return `${location.pathname}: ${scrollWidth} > ${window.innerWidth} (${wide.join(", ")})`;
  });
}

/** Visits each path and returns the overflow report of every page that scrolls sideways. */
export async function overflowingPages(page: Page, paths: readonly string[]): Promise<string[]> {
  const overflowing: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    const overflow = await horizontalOverflow(page);
    if (overflow) overflowing.push(overflow);
  }
  return overflowing;
}
