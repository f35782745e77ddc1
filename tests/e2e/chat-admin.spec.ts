import { withTenant } from "~/db/tenant.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { e2eDatabase } from "~/tests/e2e/support/database.ts";
import { expect, test } from "~/tests/e2e/support/test.ts";

// An admin opens "Teams and Slack" (German, then English), finds no channels, adds a Teams channel by
// its Workflows address — the app sends a test card to the fake Workflows receiver
// (tests/fakes/teams-webhook.ts, a webServer on port 4020 in playwright.config.ts) and saves the
// channel only because it arrived — then narrows it to one topic with quiet hours and a daily limit,
// and sees it listed that way. The address itself never appears on the page, only its host.
const run = Date.now().toString(36);
const slug = `chat-${run}`;
const adminEmail = `ada-${run}@chat-admin.test`;
const RECEIVER = "http://127.0.0.1:4020";
const path = `/workflows/e2e${run}/triggers/manual/paths/invoke`;
const webhookUrl = `${RECEIVER}${path}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=e2e-secret-${run}`;

test("an admin adds a Teams channel and sets its topics, quiet hours and daily limit", async ({
  page,
  signIn,
  newCompany,
}) => {
  const { tenantId } = await newCompany({
    name: `Chat ${run}`,
    slug,
    admin: { name: "Ada Admin", email: adminEmail },
  });
  const { db } = await e2eDatabase();
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("topics")
      .values([
        { tenant_id: tenantId, name: "News" },
        { tenant_id: tenantId, name: "Jobs" },
      ])
      .execute(),
  );

  // German: the page and its empty state
  await signIn(adminEmail, { page, path: `/t/${slug}/admin/chat`, locale: "de" });
  await expect(page.getByRole("heading", { level: 1, name: "Teams und Slack" })).toBeVisible();
  await expect(page.getByText("Noch keine Chat-Kanäle.", { exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Teams-Kanal hinzufügen" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // English, through the navigation
  await signIn(adminEmail, { page, path: `/t/${slug}`, locale: "en" });
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Teams and Slack" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Teams and Slack" })).toBeVisible();
  await expect(page.getByText("No channels yet.", { exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download the Teams app" })).toHaveAttribute(
    "href",
    `/t/${slug}/admin/chat/teams-app.zip`,
  );
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expectNoSeriousA11yViolations(page);

  // add the channel: the test card goes to the receiver first
  const add = page.getByRole("region", { name: "Add a Teams channel" });
  await add.getByLabel("Name").fill("Marketing · General");
  await add.getByLabel("Workflow address (webhook URL)").fill(webhookUrl);
  await add.getByRole("button", { name: "Send test message and add" }).click();
  await expect(page.getByText("Channel added: the test message arrived.")).toBeVisible();
  const received = (await (await fetch(`${RECEIVER}/_test/received`)).json()) as { path: string }[];
  expect(received.filter((r) => r.path === path)).toHaveLength(1);

  const card = page.getByRole("article", { name: "Marketing · General" });
  await expect(card.getByText("Active", { exact: true })).toBeVisible();
  await expect(card).toContainText("127.0.0.1:4020");
  await expect(card).toContainText("All topics");
  // the address is a credential: the page shows its host only, and the form is empty again
  expect(await page.content()).not.toContain(`e2e-secret-${run}`);
  await expect(add.getByLabel("Workflow address (webhook URL)")).toHaveValue("");

  // quiet hours need both ends: refused on the field, nothing saved
  await card.getByText("Change settings").click();
  await card.getByRole("radio", { name: "Only the chosen topics" }).check();
  await card.getByRole("checkbox", { name: "News" }).check();
  await card.getByLabel("From").fill("22:00");
  await card.getByRole("button", { name: "Save settings" }).click();
  await expect(card.getByText("Enter both times, or leave both empty for no quiet hours.")).toBeVisible();

  await card.getByLabel("Until").fill("07:00");
  await card.getByLabel("Posts a day at most").fill("5");
  await card.getByRole("checkbox", { name: "Weekly digest" }).uncheck();
  await card.getByRole("button", { name: "Save settings" }).click();
  await expect(card.getByRole("status")).toHaveText("Channel settings saved.");
  const facts = card.locator("dl");
  await expect(facts).toContainText("News");
  await expect(facts).not.toContainText("Jobs");
  await expect(facts).toContainText("22:00–07:00");
  await expect(facts).toContainText("5 posts");
  await expect(facts).toContainText("Off");

  // after a reload the settings are still there (saved, not just shown)
  await page.reload();
  await expect(page.getByRole("article", { name: "Marketing · General" }).locator("dl")).toContainText(
    "22:00–07:00",
  );
  await expectNoSeriousA11yViolations(page);

  // on the narrowest phone, with a channel card and its settings open, nothing scrolls sideways
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole("article", { name: "Marketing · General" }).getByText("Change settings").click();
  await expect(page.getByRole("button", { name: "Save settings" })).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
});
