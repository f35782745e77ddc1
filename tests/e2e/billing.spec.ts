import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { E2E_STRIPE, signWebhook } from "~/tests/fakes/stripe.ts";

// A new company is on its 14-day Team trial; its admin upgrades through (fake) Stripe Checkout, and
// once Stripe's webhook arrives the Billing page shows the paid Team plan. The app runs with billing
// on against the fake Stripe that tests/e2e/start-app.ts starts.
const FAKE_STRIPE_URL = `http://127.0.0.1:${E2E_STRIPE.port}`;
const run = Date.now().toString(36);
const slug = `bill-${run}`;
const adminEmail = `bea-${run}@billing.test`;

test("an admin on trial upgrades to Team through Checkout and sees the plan after the webhook", async ({
  page,
  signIn,
  newCompany,
}) => {
  // a new company starts on the trial, as after the sign-up page (foundation.spec.ts signs up through it)
  await newCompany({ name: `Billing ${run}`, slug, admin: { name: "Bea Billing", email: adminEmail } });
  await signIn(adminEmail, { page, path: `/t/${slug}` });
  await expect(page).toHaveURL(new RegExp(`/t/${slug}$`));
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Billing" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Current plan: Team" })).toBeVisible();
  await expect(page.getByText(/You are trying Team for free until/)).toBeVisible();
  await expect(page.getByText("No invoices yet.")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Upgrade to Team" }).click();
  // sent to the (fake) Stripe Checkout, which "pays" when opened
  await expect(page).toHaveURL(new RegExp(`^${FAKE_STRIPE_URL}/checkout/cs_test_`));
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();

  const sessions = (await (await fetch(`${FAKE_STRIPE_URL}/_test/checkout-sessions`)).json()) as Record<
    string,
    unknown
  >[];
  const session = sessions.find((s) => String(s.success_url).includes(`/t/${slug}/admin/billing`));
  expect(session, "the checkout session of this tenant").toBeDefined();
  expect(session!.line_items_requested).toEqual([{ price: E2E_STRIPE.priceTeam, quantity: 1 }]);
  expect(session!.status).toBe("complete");

  // Stripe tells the app: a signed checkout.session.completed, posted to the webhook
  const event = {
    id: `evt_e2e_${run}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: "checkout.session.completed",
    data: { object: session },
  };
  const payload = JSON.stringify(event);
  const res = await page.request.post("/webhooks/stripe", {
    data: payload,
    headers: {
      "Content-Type": "application/json",
      "Stripe-Signature": signWebhook(payload, E2E_STRIPE.webhookSecret),
    },
  });
  expect(res.status()).toBe(200);

  await page.getByRole("link", { name: "Return to the merchant" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/admin/billing\\?checkout=success$`));
  // the webhook's job runs after the 200: reload until it has
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Your subscription is active.")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Current plan: Team" })).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Manage payment method, plan or cancellation" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Upgrade to Team" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});
