import { withTenant } from "~/db/tenant.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { acknowledgeGuidelines, publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { setShareDisclosure } from "~/app/modules/advocacy/set-share-disclosure.server.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { e2eDatabase } from "~/tests/e2e/support/database.ts";
import { expect, test } from "~/tests/e2e/support/test.ts";
import { createPerson } from "~/tests/support/factories.ts";

/*
 * Issue 17: "from a card's 'Share on LinkedIn' link, the share page opens with LinkedIn and the
 * caption preselected and the share is recorded". All for real: a comms lead adds a Teams channel on
 * the admin page (the test card goes to the fake Workflows receiver, tests/fakes/teams-webhook.ts,
 * a webServer on port 4020 that checks every card against Microsoft's Adaptive Cards SDK), writes a
 * post with captions, a second comms lead approves it, the app's delivery job (in-process in the e2e
 * app) posts the card, and the employee opens the card's own link.
 *
 * The company writes in English (the card is English), the employee reads German: without the
 * card's caption the share page would start with the German LinkedIn caption (the reader's language
 * first), so the English one being chosen is the link's doing, not the default.
 */
const run = Date.now().toString(36);
const slug = `chat-share-${run}`;
const LEAD = `lena-${run}@chat-share.test`;
const APPROVER = `anton-${run}@chat-share.test`;
const EMPLOYEE = `emre-${run}@chat-share.test`;
const RECEIVER = "http://127.0.0.1:4020";
const webhookPath = `/workflows/share${run}/triggers/manual/paths/invoke`;
const webhookUrl = `${RECEIVER}${webhookPath}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=share-${run}`;

const title = `Our new training centre ${run}`;
const CAPTIONS = {
  linkedinDe: `Unser neues Ausbildungszentrum in Leipzig ist offen ${run}!`,
  linkedinEn: `Our new training centre in Leipzig is open ${run}. Come and see!`,
  xEn: `Training centre open in Leipzig ${run}`,
};
const LABEL = "#employee";
/** a caption radio, by the caption's text inside its label */
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

interface OpenUrl {
  title: string;
  url: string;
}

/** Every Action.OpenUrl of an Adaptive Card, wherever it sits (card actions, ActionSets). */
function openUrlActions(node: unknown): OpenUrl[] {
  if (Array.isArray(node)) return node.flatMap(openUrlActions);
  if (typeof node !== "object" || node === null) return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === "Action.OpenUrl" && typeof record.title === "string" && typeof record.url === "string"
      ? [{ title: record.title, url: record.url }]
      : [];
  return [...own, ...Object.values(record).flatMap(openUrlActions)];
}

/** The cards the fake receiver accepted at this channel's webhook, oldest first. */
async function cardsAtChannel(): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${RECEIVER}/_test/received`);
  if (!res.ok) throw new Error(`GET ${RECEIVER}/_test/received answered ${res.status}`);
  const received = (await res.json()) as { path: string; card: Record<string, unknown> }[];
  return received.filter((r) => r.path === webhookPath).map((r) => r.card);
}

test("from a Teams card's 'Share on LinkedIn', the share page opens with LinkedIn and the card's caption, and the share is recorded", async ({
  signIn,
  newCompany,
}) => {
  // three people, a dozen pages and a job in between: about 35 s on a quiet machine
  test.setTimeout(120_000);
  // A company with a comms lead, a second comms lead to approve, and an employee who joined the
  // programme and accepted the guidelines; shares carry the label "#employee".
  const { tenantId } = await newCompany({
    name: `Chat Share ${run}`,
    slug,
    admin: { name: "Ada Admin", email: `ada-${run}@chat-share.test` },
  });
  const { db } = await e2eDatabase();
  await createPerson(db, tenantId, { email: LEAD, name: "Lena Lead", roles: ["comms_lead"] });
  await createPerson(db, tenantId, { email: APPROVER, name: "Anton Approver", roles: ["comms_lead"] });
  const { member: employee } = await createPerson(db, tenantId, {
    email: EMPLOYEE,
    name: "Emre Employee",
    locale: "de",
    optedIn: CONSENT_VERSION,
  });
  const { member: admin } = await createPerson(db, tenantId, { name: "Gert Guidelines", roles: ["admin"] });
  await withTenant(db, tenantId, async (tx) => {
    const { version } = await publishGuidelines(tx, admin, { bodyDe: "Sei fair.", bodyEn: "Be fair." });
    await acknowledgeGuidelines(tx, employee, version);
    await setShareDisclosure(tx, admin, tenantId, LABEL);
  });

  // The comms lead adds the Teams channel: the test card arrives first, then the channel is saved.
  const lead = await signIn(LEAD, { path: `/t/${slug}/admin/chat` });
  await lead.locator("html[data-hydrated]").waitFor();
  const add = lead.getByRole("region", { name: "Add a Teams channel" });
  await add.getByLabel("Name").fill("Company · General");
  await add.getByLabel("Workflow address (webhook URL)").fill(webhookUrl);
  await add.getByRole("button", { name: "Send test message and add" }).click();
  await expect(
    lead.getByRole("status").filter({ hasText: "Channel added: the test message arrived." }),
  ).toBeVisible();
  expect(await cardsAtChannel()).toHaveLength(1);

  // …writes a post with a German and an English LinkedIn caption and an X caption, and submits it
  await lead.goto(`/t/${slug}/content/new`);
  await lead.getByLabel("Title").fill(title);
  await lead.getByLabel("Link (optional)").fill(`https://example.com/training-centre-${run}`);
  await lead.getByLabel("Note for employees").fill("Proud moment for the whole team.");
  const captions: [string, string, string][] = [
    ["linkedin", "de", CAPTIONS.linkedinDe],
    ["linkedin", "en", CAPTIONS.linkedinEn],
    ["x", "en", CAPTIONS.xEn],
  ];
  for (const [i, [network, language, text]] of captions.entries()) {
    await lead.getByRole("button", { name: "Add caption" }).click();
    const caption = lead.getByRole("group", { name: `Caption ${i + 1}` });
    await caption.getByLabel("Network").selectOption(network);
    await caption.getByLabel("Language").selectOption(language);
    await caption.getByLabel("Text").fill(text);
  }
  await lead.getByRole("button", { name: "Save draft" }).click();
  await expect(lead.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const postId = /\/content\/([0-9a-f-]{36})$/.exec(new URL(lead.url()).pathname)?.[1] ?? "";
  expect(postId).not.toBe("");
  await lead.getByRole("button", { name: "Submit for review" }).click();
  await expect(lead.getByRole("status").filter({ hasText: "submitted for review" })).toBeVisible();
  await lead.context().close();

  // A second comms lead approves it: published at once, and announced in the channel.
  const approver = await signIn(APPROVER, { path: `/t/${slug}/review` });
  await approver.getByRole("link", { name: title }).click();
  await approver.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("status").filter({ hasText: "approved and published" })).toBeVisible();
  await approver.context().close();

  // The delivery job posts the card after the approval's commit; the receiver checked it against
  // Microsoft's Adaptive Cards SDK before accepting it.
  let card: Record<string, unknown> | undefined;
  await expect(async () => {
    card = (await cardsAtChannel()).find((c) => JSON.stringify(c).includes(title));
    expect(card, "the post's card at the channel's webhook").toBeDefined();
  }).toPass({ timeout: 30_000 });
  const captionId = Object.fromEntries(
    (
      await withTenant(db, tenantId, (tx) =>
        tx.selectFrom("captions").select(["id", "text"]).where("post_id", "=", postId).execute(),
      )
    ).map((c) => [c.text, c.id]),
  );

  // The card (in the company's language) shows the English LinkedIn caption, and its three share
  // actions open the share page: LinkedIn and X with their English caption, "More…" with nothing chosen.
  expect(JSON.stringify(card)).toContain(CAPTIONS.linkedinEn);
  const actions = openUrlActions(card);
  const action = (name: string) => {
    const found = actions.find((a) => a.title === name);
    expect(
      found,
      `the card's "${name}" action (it has: ${actions.map((a) => a.title).join(", ")})`,
    ).toBeDefined();
    return new URL(found!.url);
  };
  const sharePage = `http://localhost:3100/t/${slug}/hub/${postId}/share`;
  const onLinkedIn = action("Share on LinkedIn");
  expect(`${onLinkedIn.origin}${onLinkedIn.pathname}`).toBe(sharePage);
  expect(Object.fromEntries(onLinkedIn.searchParams)).toEqual({
    network: "linkedin",
    caption: captionId[CAPTIONS.linkedinEn],
  });
  const onX = action("Share on X");
  expect(`${onX.origin}${onX.pathname}`).toBe(sharePage);
  expect(Object.fromEntries(onX.searchParams)).toEqual({ network: "x", caption: captionId[CAPTIONS.xEn] });
  const more = action("More…");
  expect(more.href).toBe(sharePage);

  // The employee (German) taps "More…": nothing chosen, so the page starts with LinkedIn and the
  // caption in their own language.
  const page = await signIn(EMPLOYEE, { path: `/t/${slug}`, locale: "de" });
  // This machine has no internet: the network's page (opened after the share) answers locally.
  await page
    .context()
    .route(/^https:\/\/(www\.linkedin\.com|example\.com)\//, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
    );
  const text = page.getByLabel(/^Dein Text/);
  await page.goto(more.href);
  await page.locator("html[data-hydrated]").waitFor();
  await expect(page.getByRole("radio", { name: "LinkedIn", exact: true })).toBeChecked();
  await expect(page.getByRole("radio", { name: literally(CAPTIONS.linkedinDe) })).toBeChecked();
  await expect(text).toHaveValue(`${CAPTIONS.linkedinDe} ${LABEL}`);
  // a caption id that is not one is ignored, never an error
  await page.goto(`${sharePage}?network=linkedin&caption=${captionId[CAPTIONS.linkedinEn]}x`);
  await expect(page.getByRole("radio", { name: literally(CAPTIONS.linkedinDe) })).toBeChecked();

  // The card's "Share on LinkedIn": LinkedIn and the card's English caption, with the label, ready.
  await page.goto(onLinkedIn.href);
  await page.locator("html[data-hydrated]").waitFor();
  await expect(page.getByRole("radio", { name: "LinkedIn", exact: true })).toBeChecked();
  await expect(page.getByRole("radio", { name: literally(CAPTIONS.linkedinEn) })).toBeChecked();
  await expect(text).toHaveValue(`${CAPTIONS.linkedinEn} ${LABEL}`);
  await expectNoSeriousA11yViolations(page);

  // One more tap shares it, and the share is recorded with that caption.
  await page.getByRole("button", { name: "Auf LinkedIn teilen" }).click();
  await expect(page.getByRole("heading", { name: "Dein Beitrag ist bereit" })).toBeVisible();
  await page.goto(`/t/${slug}/shares`);
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("LinkedIn");
  const shares = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("shares")
      .select(["network", "caption_id", "text", "membership_id"])
      .where("post_id", "=", postId)
      .execute(),
  );
  expect(shares).toEqual([
    {
      network: "linkedin",
      caption_id: captionId[CAPTIONS.linkedinEn],
      text: `${CAPTIONS.linkedinEn} ${LABEL}`,
      membership_id: employee.id,
    },
  ]);
  await page.context().close();
});
