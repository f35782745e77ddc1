import { expect, type Browser, type Page } from "@playwright/test";
import { allMail, firstLinkIn, latestMailTo } from "~/tests/e2e/support/mail.ts";

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
  if ((await page.locator("html").getAttribute("lang")) !== "en")
    await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  return page;
}

/**
 * A new company of its own (so no earlier run's data is in the way): signs it up with `admin` as its
 * first admin (signed in on `adminPage`), invites one employee, and lets them join in a fresh
 * browser context. Returns the employee's page, on the welcome page.
 */
export async function newCompanyWithMember(
  adminPage: Page,
  browser: Browser,
  company: { name: string; slug: string; adminEmail: string },
  member: { name: string; email: string },
): Promise<Page> {
  await adminPage.goto("/signup");
  await adminPage.getByLabel("Company name").fill(company.name);
  await adminPage.getByLabel("Web address").fill(company.slug);
  await adminPage.getByLabel("Your name").fill("Ada Admin");
  await adminPage.getByLabel("Your work email").fill(company.adminEmail);
  await adminPage.getByRole("button", { name: "Create company" }).click();
  await adminPage.goto(
    firstLinkIn(
      (await latestMailTo(company.adminEmail, { subject: /sign-in link|Anmeldelink/ })).html,
      "/login/verify",
    ),
  );
  await adminPage.getByRole("button", { name: "Sign me in" }).click();
  await expect(adminPage).toHaveURL(new RegExp(`/t/${company.slug}$`));

  await adminPage.goto(`/t/${company.slug}/admin/members`);
  const invite = adminPage
    .locator("form")
    .filter({ has: adminPage.getByRole("button", { name: "Send invitation", exact: true }) });
  await invite.getByLabel("Name").fill(member.name);
  await invite.getByLabel("Work email").fill(member.email);
  await invite.getByRole("checkbox", { name: "Employee" }).check();
  const before = (await allMail()).length;
  await invite.getByRole("button", { name: "Send invitation", exact: true }).click();

  const page = await (await browser.newContext()).newPage();
  await page.goto(
    firstLinkIn(
      (await latestMailTo(member.email, { subject: /invited you/, after: before })).html,
      `/t/${company.slug}/join`,
    ),
  );
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${member.name}` })).toBeVisible();
  return page;
}
