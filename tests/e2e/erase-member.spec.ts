import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";

// GDPR Art. 17 through the admin page: a company of its own with Zerline as a member; its admin
// erases her: the address typed again confirms, the page names the pseudonym.
const run = Date.now().toString(36);
const slug = `erase-${run}`;
const adminEmail = `ada-${run}@erase.test`;
const personEmail = `zerline-${run}@erase.test`;

test("an admin erases a member through the member page", async ({ page, signIn, newCompany }) => {
  await newCompany({
    name: `Erase ${run}`,
    slug,
    admin: { name: "Ada Admin", email: adminEmail },
    members: [{ name: "Zerline Quastenhuber", email: personEmail }],
  });
  const person = await signIn(personEmail, { path: `/t/${slug}` });
  await signIn(adminEmail, { page, path: `/t/${slug}/admin/members` });

  await page.reload();
  await page.getByRole("link", { name: /Zerline Quastenhuber/ }).click();
  const section = page.getByRole("region", { name: "Erase this person" });
  await expect(section).toContainText("cannot be undone");
  await expect(section).toContainText("stay as they were exported");
  await expectNoSeriousA11yViolations(page);

  // a wrong address is refused, by keyboard as much as by mouse
  const confirm = section.getByLabel("Email address of Zerline Quastenhuber, to confirm");
  await confirm.fill(`someone-${run}@erase.test`);
  await confirm.press("Enter");
  await expect(section.getByText("That is not this member's email address.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Zerline Quastenhuber");

  await confirm.fill(personEmail);
  await section.getByRole("button", { name: "Erase for good" }).click();
  const done = page.getByTestId("erasure-done");
  await expect(done).toContainText(
    /The membership is now called “(Erased member|Gelöschtes Mitglied) [0-9a-f]{6}”/,
  );
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    /(Erased member|Gelöschtes Mitglied) [0-9a-f]{6}/,
  );
  await expect(page.getByText("Zerline Quastenhuber")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Erase this person" })).toHaveCount(0);

  // her session ended with her account
  await person.reload();
  await expect(person).toHaveURL(/\/login/);
});
