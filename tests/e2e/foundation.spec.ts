import { expect, test, type Page } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { allMail, firstLinkIn, latestMailTo } from "~/tests/e2e/support/mail.ts";

// One story, in order: a company signs up, its admin invites an employee, the employee joins through
// the mailed link, and the admin switches the interface to German.
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const company = `Acme ${run}`;
const slug = `acme-${run}`;
const adminEmail = `ada-${run}@acme.test`;
const employeeEmail = `emil-${run}@acme.test`;

/** `after`: the mail count before the link was requested, so an older link is never picked up. */
async function signInThroughMail(page: Page, email: string, after = 0): Promise<void> {
  const mail = await latestMailTo(email, { subject: /sign-in link|Anmeldelink/, after });
  await page.goto(firstLinkIn(mail.html, "/login/verify"));
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("button", { name: "Sign me in" }).click();
  // the sign-in is done once we have left the verify page (a goto before that would abort it)
  await expect(page).toHaveURL(/\/t\/[a-z0-9-]+$/);
}

test("a company signs up and its admin lands in the new tenant", async ({ page }) => {
  await page.goto("/signup");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Your name").fill("Ada Admin");
  await page.getByLabel("Your work email").fill(adminEmail);
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByRole("status").filter({ hasText: adminEmail })).toBeVisible();

  await signInThroughMail(page, adminEmail);
  await expect(page).toHaveURL(new RegExp(`/t/${slug}$`));
  await expect(page.getByRole("heading", { name: "Welcome, Ada Admin" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Members" }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("the admin invites an employee, who joins through the mailed link", async ({ page, browser }) => {
  await page.goto("/login");
  await page.getByLabel("Work email").fill(adminEmail);
  const after = (await allMail()).length;
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await signInThroughMail(page, adminEmail, after);

  await page.goto(`/t/${slug}/admin/members`);
  await expect(page.getByRole("heading", { level: 1, name: "Members", exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const invite = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Send invitation", exact: true }) });
  await invite.getByLabel("Name").fill("Emil Employee");
  await invite.getByLabel("Work email").fill(employeeEmail);
  await invite.getByRole("checkbox", { name: "Employee" }).check();
  await invite.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Invitation sent to ${employeeEmail}` }),
  ).toBeVisible();

  // The employee, in a browser of their own
  const employeeContext = await browser.newContext();
  const employee = await employeeContext.newPage();
  const mail = await latestMailTo(employeeEmail, { subject: /invited you/ });
  expect(mail.subject).toContain(company);
  await employee.goto(firstLinkIn(mail.html, `/t/${slug}/join`));
  await expect(employee.getByRole("heading", { name: `Join ${company} on Chorus` })).toBeVisible();
  await expectNoSeriousA11yViolations(employee);
  await employee.getByRole("button", { name: "Accept invitation" }).click();

  await expect(employee).toHaveURL(new RegExp(`/t/${slug}$`));
  await expect(employee.getByRole("heading", { name: "Welcome, Emil Employee" })).toBeVisible();
  const nav = employee.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Home" })).toBeVisible();
  // an employee's navigation does not offer admin pages, and the pages refuse them
  await expect(nav.getByRole("link", { name: "Members" })).toHaveCount(0);
  const forbidden = await employee.goto(`/t/${slug}/admin/members`);
  expect(forbidden?.status()).toBe(403);
  await expectNoSeriousA11yViolations(employee);

  // the admin now sees the employee as a member
  await page.reload();
  await expect(page.getByRole("cell", { name: employeeEmail })).toBeVisible();
  await employeeContext.close();
});

test("the admin switches the interface to German", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Work email").fill(adminEmail);
  const after = (await allMail()).length;
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await signInThroughMail(page, adminEmail, after);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Admin" })).toBeVisible();

  await page.getByRole("button", { name: "Deutsch" }).click();
  await expect(page.getByRole("heading", { name: "Willkommen, Ada Admin" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  await expect(nav.getByRole("link", { name: "Mitglieder" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // the choice is the person's: it survives a new page load
  await page.goto(`/t/${slug}/admin/members`);
  await expect(page.getByRole("heading", { level: 1, name: "Mitglieder", exact: true })).toBeVisible();
});
