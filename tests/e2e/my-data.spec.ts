import { readFile } from "node:fs/promises";
import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { allMail, firstLinkIn, latestMailTo } from "~/tests/e2e/support/mail.ts";

// "Download my data" (GDPR Art. 15/20): Mona, a member of a company of its own, opens My data,
// prepares her download, the job (in process here) builds it and mails the link; she downloads the
// JSON file and opens the summary. A new company and member on every run: nothing
// left by an earlier run (its exports, the limit of 3 a day) is in her list.
const run = Date.now().toString(36);
const slug = `mydata-${run}`;
const adminEmail = `ada-${run}@my-data.test`;
const MONA = `mona-${run}@my-data.test`;

test("a member prepares and downloads their data", async ({ signIn, newCompany }) => {
  await newCompany({
    name: `My data ${run}`,
    slug,
    admin: { name: "Ada Admin", email: adminEmail },
    members: [{ name: "Mona Meinedaten", email: MONA }],
  });
  const page = await signIn(MONA, { path: `/t/${slug}` });
  await page.goto(`/t/${slug}`);
  if ((await page.locator("html").getAttribute("lang")) !== "en")
    await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByRole("navigation").getByRole("link", { name: "My data", exact: true }).click();
  await expect(page.getByRole("heading", { name: "My data", level: 1 })).toBeVisible();
  await expect(page.getByTestId("exports-empty")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const before = (await allMail()).length;
  await page.getByRole("button", { name: "Prepare my download" }).click();
  await expect(page.getByTestId("export-requested")).toBeVisible();
  const mail = await latestMailTo(MONA, { subject: /ready to download|Download bereit/, after: before });
  const link = firstLinkIn(mail.html, "/my-data/");
  expect(link).toMatch(new RegExp(`/t/${slug}/my-data/[0-9a-f-]{36}$`));

  // the job has run (the mail went out after it): the list shows the ready export
  await page.reload();
  const row = page.getByTestId("exports").locator("tbody tr").first();
  await expect(row).toHaveAttribute("data-status", "ready");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: "JSON file" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^chorus-my-data-${slug}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
  );
  const doc = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    format: string;
    person: { email: string };
    tenant: { slug: string };
  };
  expect(doc).toMatchObject({ format: "chorus-member-export", person: { email: MONA }, tenant: { slug } });

  const summary = await page.context().newPage();
  await summary.goto(`${new URL(link).pathname}?format=html`);
  await expect(summary.getByRole("heading", { level: 1 })).toContainText(/Your data at|Deine Daten bei/);
  await expect(summary.getByText(MONA).first()).toBeVisible();
});
