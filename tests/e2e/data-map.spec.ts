import { readFile } from "node:fs/promises";
import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";

// The data map and the papers for the works council (issue 13): an employee opens "Privacy & works
// council" from the navigation, reads who sees what, opens the works agreement draft and downloads
// it as Markdown and PDF.
const LEA = "lea.lange@demo.chorus.test";

test("an employee reads the data map and the works agreement draft", async ({ signIn }) => {
  const page = await signIn(LEA);
  await page
    .getByRole("navigation")
    .getByRole("link", { name: "Privacy & works council", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "Privacy and works council", level: 1 })).toBeVisible();
  const table = page.getByRole("table", {
    name: "Who can see which data, where it is stored and how long it is kept",
  });
  await expect(table).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /^Points/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Comms lead" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "Works agreement (draft)" }).click();
  await expect(page.getByRole("heading", { name: "Works agreement (draft)", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Assumed settings", level: 2 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const [md] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download as Markdown" }).click(),
  ]);
  expect(md.suggestedFilename()).toBe("chorus-works-agreement-en.md");
  expect(await readFile((await md.path())!, "utf8")).toContain("reach_settings.min_group_size = ");
  const [pdf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download as PDF" }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe("chorus-works-agreement-en.pdf");
  expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe("%PDF-");

  await page.getByRole("link", { name: "Deutsch" }).click();
  await expect(page.getByRole("heading", { name: "Betriebsvereinbarung (Entwurf)", level: 1 })).toBeVisible();
});
