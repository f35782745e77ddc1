import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { e2eDatabase } from "~/tests/e2e/support/database.ts";
import { withTenant } from "~/db/tenant.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { createPerson, createPost, uniqueId } from "~/tests/support/factories.ts";

test.use({ viewport: { width: 390, height: 844 } });

test("the employee shares from the home page in two taps", async ({ newCompany, signIn }) => {
  const run = uniqueId();
  const slug = `home-${run}`;
  const { tenantId } = await newCompany({
    name: `Home ${run}`,
    slug,
    admin: { name: "Hanna Home", email: `hanna-${run}@example.test` },
  });
  const { db } = await e2eDatabase();
  const email = `emil-${run}@example.test`;
  // in the programme under the current consent text; the company has no guidelines to accept yet
  await createPerson(db, tenantId, { email, name: "Emil Employee", optedIn: CONSENT_VERSION });
  const post = await createPost(db, tenantId, {
    title: "Our new training centre",
    url: "https://example.com/training",
  });
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("captions")
      .values({
        tenant_id: tenantId,
        post_id: post.id,
        network: "linkedin",
        language: "en",
        text: "Proud of our new training centre!",
      })
      .execute(),
  );

  const page = await signIn(email, { path: `/t/${slug}` });
  // This machine has no internet: the network's page (opened after the share) answers locally.
  await page
    .context()
    .route(/^https:\/\/(www\.linkedin\.com|example\.com)\//, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
    );
  await expect(page.getByRole("heading", { name: "Welcome, Emil Employee" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // tap 1: the share action on the new post's card, LinkedIn preselected
  const card = page
    .getByTestId("home-new-posts")
    .getByRole("listitem")
    .filter({ hasText: "Our new training centre" });
  // the visible text starts the name (axe: label-content-name-mismatch), the title follows for screen readers
  await card.getByRole("link", { name: "Share on LinkedIn – Our new training centre" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/hub/${post.id}/share\\?network=linkedin$`));
  await page.locator("html[data-hydrated]").waitFor();
  await expect(page.getByRole("radio", { name: "LinkedIn", exact: true })).toBeChecked();

  // tap 2: the share button; the share is recorded before the network (or the share sheet) opens
  await page.getByRole("button", { name: "Share on LinkedIn" }).click();
  await expect(page.getByRole("heading", { name: "Your share is ready" })).toBeVisible();

  // "My shares" lists it, and the home page no longer offers it as new
  await page.goto(`/t/${slug}/shares`);
  await expect(page.getByRole("row").filter({ hasText: "Our new training centre" })).toHaveCount(1);
  await page.goto(`/t/${slug}`);
  await expect(page.getByTestId("home-posts-empty")).toBeVisible();
});
