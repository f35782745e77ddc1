import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { latestMailTo } from "~/tests/e2e/support/mail.ts";

// The demo tenant (seeded by `npm start` and by the e2e app) has two comms leads and employees.
const KARLA = "kommunikation@demo.chorus.test"; // comms lead, author
const RICO = "redaktion@demo.chorus.test"; // second comms lead, approver
const MIA = "mitarbeiterin@demo.chorus.test"; // employee
const run = Date.now().toString(36);
const title = `Our new training centre ${run}`;
const captionText = `We opened a training centre in Leipzig ${run} – have a look!`;

test.describe.configure({ mode: "serial" });

let postUrl = "";

test("a comms lead writes a post with captions and submits it; they cannot approve it themselves", async ({
  signIn,
}) => {
  const karla = await signIn(KARLA);
  await karla.goto("/t/demo/content/new");
  await expectNoSeriousA11yViolations(karla);
  await karla.getByLabel("Title").fill(title);
  await karla.getByLabel("Link (optional)").fill("https://example.com/training-centre");
  await karla.getByLabel("Note for employees").fill("Proud moment for the whole team.");
  await karla.getByRole("button", { name: "Add caption" }).click();
  const caption = karla.getByRole("group", { name: "Caption 1" });
  await caption.getByLabel("Network").selectOption("x");
  await caption.getByLabel("Language").selectOption("en");
  await caption.getByLabel("Text").fill(captionText);
  await expect(caption.getByText(/\d+ \/ 280/)).toBeVisible();
  await karla.getByRole("button", { name: "Save draft" }).click();

  await expect(karla.getByRole("heading", { level: 1, name: title })).toBeVisible();
  postUrl = new URL(karla.url()).pathname;
  expect(postUrl).toMatch(/^\/t\/demo\/content\/[0-9a-f-]{36}$/);
  await karla.getByRole("button", { name: "Submit for review" }).click();
  await expect(karla.getByRole("status").filter({ hasText: "submitted for review" })).toBeVisible();

  // four eyes: the author is offered no approval and the server refuses a forged one
  await expect(karla.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(karla.getByText("You wrote this post: someone else must approve it.")).toBeVisible();
  await expectNoSeriousA11yViolations(karla);
  await karla.context().close();
});

test("a second comms lead approves it and an employee finds it in the hub", async ({ signIn }) => {
  const rico = await signIn(RICO);
  await rico.goto("/t/demo/review");
  await expectNoSeriousA11yViolations(rico);
  await rico.getByRole("link", { name: title }).click();
  await rico.getByRole("button", { name: "Approve" }).click();
  await expect(rico.getByRole("status").filter({ hasText: "approved and published" })).toBeVisible();
  await rico.context().close();

  const mia = await signIn(MIA);
  await mia.goto("/t/demo/hub");
  const card = mia.getByRole("article").filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card.getByText(captionText)).toBeVisible();
  await expectNoSeriousA11yViolations(mia);
  await mia.context().close();
});

test("an employee's suggestion becomes a draft post, crediting them", async ({ signIn }) => {
  const mia = await signIn(MIA);
  await mia.goto("/t/demo/suggest");
  const link = `https://example.com/article-${run}`;
  await mia.getByLabel(/^Link/).fill(link);
  await mia.getByLabel(/^Why is it worth sharing\?/).fill(`Great read about our industry ${run}`);
  await mia.getByRole("button", { name: "Send suggestion" }).click();
  await expect(mia.getByRole("status").filter({ hasText: "Thanks!" })).toBeVisible();
  await expectNoSeriousA11yViolations(mia);

  const karla = await signIn(KARLA);
  await karla.goto("/t/demo/suggestions");
  const item = karla.getByRole("article").filter({ hasText: `Great read about our industry ${run}` });
  await item.getByRole("button", { name: "Turn into draft post" }).click();
  await expect(karla).toHaveURL(/\/t\/demo\/content\/[0-9a-f-]{36}\/edit$/);
  await expect(karla.getByLabel("Link (optional)")).toHaveValue(link);

  // the suggester hears about it, in the tenant's language (Mia's own choice is English by now)
  const mail = await latestMailTo(MIA, {
    subject: /Your suggestion is becoming a post|Dein Vorschlag wird zu einem Beitrag/,
  });
  expect(mail.text).toContain(link);
  await karla.context().close();
  await mia.context().close();
});
