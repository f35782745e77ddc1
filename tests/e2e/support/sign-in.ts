import { expect, type Browser, type Page } from "@playwright/test";
import { allMail, firstLinkIn, latestMailTo } from "./mail.ts";

/**
 * Signs a demo person in through the mailed link, in a fresh browser context, and switches the app
 * to English (demo people default to the tenant's German).
 */
export async function signInToDemo(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  const after = (await allMail()).length; // only a link mailed from now on
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  const mail = await latestMailTo(email, { subject: /sign-in link|Anmeldelink/, after });
  await page.goto(firstLinkIn(mail.html, "/login/verify"));
  await page.getByRole("button", { name: /Sign me in|Jetzt anmelden/ }).click();
  await expect(page).toHaveURL(/\/t\/demo$/);
  await expect(page.getByRole("navigation")).toBeVisible();
  if ((await page.locator("html").getAttribute("lang")) !== "en") await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  return page;
}
