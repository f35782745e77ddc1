import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { acknowledgeGuidelines, publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { optOut } from "~/app/modules/advocacy/opt-out.server.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { requireApiToken } from "~/app/modules/api/http.server.ts";
import { getBillingAccess, getBillingAccount } from "~/app/modules/billing/account.server.ts";
import { startCheckout } from "~/app/modules/billing/checkout.server.ts";
import { PlanLimitError } from "~/app/modules/billing/gates.server.ts";
import { loadBillingOverview } from "~/app/modules/billing/overview.server.ts";
import { openCustomerPortal } from "~/app/modules/billing/portal.server.ts";
import { processStripeEvent } from "~/app/modules/billing/process-event.server.ts";
import { syncSeats } from "~/app/modules/billing/seat-sync.server.ts";
import { receiveStripeWebhook } from "~/app/modules/billing/webhook-intake.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { createShare } from "~/app/modules/sharing/create-share.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createCompany, uniqueId } from "~/tests/support/factories.ts";
import { signWebhook, startFakeStripe, type FakeStripe } from "~/tests/fakes/stripe.ts";

const SECRET = "whsec_test_chorus_billing";
const PRICE_TEAM = "price_team_test";
const PRICE_BUSINESS = "price_business_test";
const DAY = 86_400_000;

let fake: FakeStripe;
let db: DB;

function billingOn() {
  process.env.STRIPE_SECRET_KEY = "sk_test_chorus";
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.STRIPE_PRICE_TEAM = PRICE_TEAM;
  process.env.STRIPE_PRICE_BUSINESS = PRICE_BUSINESS;
  process.env.STRIPE_API_BASE = fake.url;
}

function billingOff() {
  for (const key of [
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_PRICE_TEAM",
    "STRIPE_PRICE_BUSINESS",
    "STRIPE_API_BASE",
  ])
    delete process.env[key];
}

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_SUPPRESS_NOTICES = "true";
  process.env.APP_URL = "https://chorus.example.com";
  // in-process jobs: the webhook's job runs here and drainInProcessJobs() waits for it
  delete process.env.REDIS_URL;
  process.env.JOB_BACKOFF_MS = "5";
  logger.level = "silent";
  billingOn();
  db = (await database()).db;
});

afterAll(async () => {
  billingOff();
  await fake.close();
});

beforeEach(() => billingOn());

/** A tenant (its billing row appears at first read: a 14-day trial), an admin, and a way to add advocates. */
async function company() {
  const { tenant: row, info: tenant, member } = await createCompany(db);
  const person = (roles: Role[] = ["employee"]) => member({ roles });
  const admin = await person(["admin", "employee"]);
  const { version } = await withTenant(db, row.id, (tx) =>
    publishGuidelines(tx, admin, { bodyDe: "Sei fair.", bodyEn: "Be fair." }),
  );
  const advocate = async () => {
    const m = await person();
    await withTenant(db, row.id, async (tx) => {
      await optIn(tx, m);
      await acknowledgeGuidelines(tx, m, version);
    });
    return m;
  };
  return { tenantId: row.id, tenant, admin, person, advocate };
}

const account = (tenantId: string) => withTenant(db, tenantId, (tx) => getBillingAccount(tx, tenantId));
const access = (tenantId: string, now = new Date()) =>
  withTenant(db, tenantId, (tx) => getBillingAccess(tx, tenantId, now));

/** Delivers an event as Stripe would (signed with stripe's own helper) and waits for its job. */
async function deliver(event: Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const receipt = await receiveStripeWebhook(db, payload, signWebhook(payload, SECRET));
  await drainInProcessJobs();
  return receipt;
}

/** A tenant that went through Checkout and has an active Team subscription. */
async function subscribed(advocates = 1) {
  const c = await company();
  for (let i = 0; i < advocates; i++) await c.advocate();
  const { sessionId } = await startCheckout(db, c.admin, c.tenant, "team", "de");
  const { session, subscription } = fake.completeCheckout(sessionId);
  await deliver(fake.event("checkout.session.completed", session));
  return { ...c, subscription };
}

async function postFor(tenantId: string): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "News",
        url: "https://firma.example/news",
        status: "published",
        target_all: true,
        published_at: new Date(Date.now() - DAY),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return post.id;
  });
}

const share = (m: Member, postId: string) =>
  withTenant(db, m.tenantId, (tx) =>
    createShare(tx, m, { postId, network: "x", text: "Lesenswert!", channel: "intent" }),
  );

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("trial", () => {
  it("a tenant without a billing row starts a 14-day Team trial at first read", async () => {
    const c = await company();
    const before = Date.now();
    const row = await account(c.tenantId);
    expect(row.plan).toBe("team");
    expect(row.trial_ends_at!.getTime()).toBeGreaterThanOrEqual(before + 14 * DAY - 1000);
    expect(row.trial_ends_at!.getTime()).toBeLessThanOrEqual(Date.now() + 14 * DAY);
    expect((await access(c.tenantId)).phase).toBe("trial");
    // after the trial without a subscription: the Free plan
    expect((await access(c.tenantId, new Date(Date.now() + 15 * DAY))).phase).toBe("free");
  });
});

describe("checkout and portal", () => {
  it("creates a Checkout session for the plan's price with one seat per opted-in advocate", async () => {
    const c = await company();
    await c.advocate();
    await c.advocate();
    await c.advocate();
    const { url, sessionId } = await startCheckout(db, c.admin, c.tenant, "team", "de");
    expect(url).toBe(`${fake.url}/checkout/${sessionId}`);
    const session = fake.checkoutSessions.get(sessionId)!;
    expect(session.line_items_requested).toEqual([{ price: PRICE_TEAM, quantity: 3 }]);
    expect(session.mode).toBe("subscription");
    expect(session.client_reference_id).toBe(c.tenantId);
    expect(session.subscription_data_requested).toMatchObject({
      metadata: { tenant_id: c.tenantId, plan: "team" },
    });
    expect(session.success_url).toBe(
      `https://chorus.example.com/t/${c.tenant.slug}/admin/billing?checkout=success`,
    );
    const customer = fake.customers.get(String(session.customer))!;
    expect(customer.metadata).toEqual({ tenant_id: c.tenantId, tenant_slug: c.tenant.slug });
    expect((await account(c.tenantId)).stripe_customer_id).toBe(customer.id);

    // a second attempt (Business this time) reuses the customer
    const again = await startCheckout(db, c.admin, c.tenant, "business", "en");
    const second = fake.checkoutSessions.get(again.sessionId)!;
    expect(second.customer).toBe(customer.id);
    expect(second.line_items_requested).toEqual([{ price: PRICE_BUSINESS, quantity: 3 }]);
  });

  it("charges at least one seat when nobody has opted in yet", async () => {
    const c = await company();
    const { sessionId } = await startCheckout(db, c.admin, c.tenant, "team", "de");
    expect(fake.checkoutSessions.get(sessionId)!.line_items_requested).toEqual([
      { price: PRICE_TEAM, quantity: 1 },
    ]);
  });

  it("refuses a second checkout once subscribed, and opens the portal instead", async () => {
    const c = await subscribed();
    await expect(startCheckout(db, c.admin, c.tenant, "business", "de")).rejects.toMatchObject({
      code: "already_subscribed",
    });
    const { url } = await openCustomerPortal(db, c.tenant, "de");
    expect(url).toMatch(new RegExp(`^${fake.url}/portal/bps_`));
  });

  it("lists invoices from Stripe on the billing overview", async () => {
    const c = await subscribed(2);
    const customer = (await account(c.tenantId)).stripe_customer_id!;
    fake.addInvoice(customer, { total: 4800, number: "CH-0002" });
    const overview = await loadBillingOverview(db, c.tenantId);
    if (!overview.enabled) throw new Error("billing should be on");
    expect(overview.access.phase).toBe("active");
    expect(overview.seatsUsed).toBe(2);
    expect(overview.seatsPaid).toBe(2);
    expect(overview.nextInvoiceAt).toBeInstanceOf(Date);
    expect(overview.invoices?.map((i) => i.number)).toContain("CH-0002");
  });
});

describe("webhooks move the tenant to the right state", () => {
  it("checkout.session.completed: an active Team subscription with the customer and seats", async () => {
    const c = await subscribed(2);
    const row = await account(c.tenantId);
    expect(row).toMatchObject({
      plan: "team",
      subscription_status: "active",
      stripe_subscription_id: c.subscription.id,
      seats_paid: 2,
      past_due_since: null,
    });
    expect(row.stripe_customer_id).toBe(c.subscription.customer);
    expect((await access(c.tenantId)).phase).toBe("active");
    const stored = await db
      .selectFrom("stripe_events")
      .select(["tenant_id", "processed_at"])
      .where("type", "=", "checkout.session.completed")
      .where("tenant_id", "=", c.tenantId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.processed_at).not.toBeNull();
  });

  it("customer.subscription.created: a subscription made outside Checkout is picked up", async () => {
    const c = await company();
    const sub = fake.createSubscription({ price: PRICE_BUSINESS, quantity: 4, tenantId: c.tenantId });
    await deliver(fake.event("customer.subscription.created", sub));
    expect(await account(c.tenantId)).toMatchObject({
      plan: "business",
      subscription_status: "active",
      seats_paid: 4,
    });
  });

  it("a subscription made by hand for a Chorus customer finds its tenant through the customer", async () => {
    const c = await company();
    const { sessionId } = await startCheckout(db, c.admin, c.tenant, "team", "de");
    const customer = String(fake.checkoutSessions.get(sessionId)!.customer);
    const sub = fake.createSubscription({ customer, price: PRICE_TEAM, quantity: 2, tenantId: c.tenantId });
    sub.metadata = {};
    await deliver(fake.event("customer.subscription.created", sub));
    expect(await account(c.tenantId)).toMatchObject({
      subscription_status: "active",
      stripe_subscription_id: sub.id,
      seats_paid: 2,
    });
  });

  it("ignores a subscription that names no tenant of this installation", async () => {
    const sub = fake.createSubscription({
      price: PRICE_TEAM,
      quantity: 1,
      tenantId: "00000000-0000-4000-8000-000000000000",
    });
    const receipt = await deliver(fake.event("customer.subscription.created", sub));
    if (receipt.status !== 200) throw new Error("expected 200");
    const row = await db
      .selectFrom("stripe_events")
      .select(["outcome", "processed_at", "tenant_id"])
      .where("id", "=", receipt.eventId)
      .executeTakeFirstOrThrow();
    expect(row.tenant_id).toBeNull();
    expect(row.processed_at).not.toBeNull();
    expect(row.outcome).toMatch(/^ignored: subscription sub_\w+ names no tenant/);
  });

  it("customer.subscription.updated: a plan change in the portal", async () => {
    const c = await subscribed();
    c.subscription.items.data[0]!.price = { id: PRICE_BUSINESS, object: "price" };
    await deliver(fake.event("customer.subscription.updated", c.subscription));
    expect((await account(c.tenantId)).plan).toBe("business");
    expect((await access(c.tenantId)).features.api).toBe(true);
  });

  it("customer.subscription.deleted: sharing pauses once the period is over", async () => {
    const c = await subscribed();
    fake.setSubscription(c.subscription.id, {
      status: "canceled",
      current_period_end: Math.floor(Date.now() / 1000) - 60,
    });
    await deliver(fake.event("customer.subscription.deleted", c.subscription));
    expect((await account(c.tenantId)).subscription_status).toBe("canceled");
    expect(await access(c.tenantId)).toMatchObject({ phase: "paused", sharingPaused: true });
  });

  it("invoice.payment_failed starts the grace period; invoice.paid ends it at once", async () => {
    const c = await subscribed();
    const customer = c.subscription.customer;
    const failedAt = Math.floor(Date.now() / 1000) - 2 * 86_400;
    fake.setSubscription(c.subscription.id, { status: "past_due" });
    const invoice = fake.addInvoice(customer, {
      total: 900,
      status: "open",
      subscription: c.subscription.id,
    });
    await deliver(fake.event("invoice.payment_failed", invoice, { created: failedAt }));
    const row = await account(c.tenantId);
    expect(row.subscription_status).toBe("past_due");
    expect(row.past_due_since?.getTime()).toBe(failedAt * 1000);
    const grace = await access(c.tenantId);
    expect(grace).toMatchObject({ phase: "grace", paymentProblem: true, sharingPaused: false });
    expect(grace.graceEndsAt?.getTime()).toBe(failedAt * 1000 + 7 * DAY);

    fake.setSubscription(c.subscription.id, { status: "active" });
    await deliver(fake.event("invoice.paid", { ...invoice, status: "paid" }));
    expect(await account(c.tenantId)).toMatchObject({ subscription_status: "active", past_due_since: null });
    expect((await access(c.tenantId)).phase).toBe("active");
  });

  it("a second failure keeps the first failure's date", async () => {
    const c = await subscribed();
    const first = Math.floor(Date.now() / 1000) - 3 * 86_400;
    fake.setSubscription(c.subscription.id, { status: "past_due" });
    const invoice = fake.addInvoice(c.subscription.customer, {
      total: 900,
      status: "open",
      subscription: c.subscription.id,
    });
    await deliver(fake.event("invoice.payment_failed", invoice, { created: first }));
    await deliver(fake.event("invoice.payment_failed", invoice, { created: first + 86_400 }));
    expect((await account(c.tenantId)).past_due_since?.getTime()).toBe(first * 1000);
  });
});

describe("idempotency and ordering", () => {
  it("a replayed event is answered 200 and changes nothing", async () => {
    const c = await subscribed();
    fake.setSubscription(c.subscription.id, { status: "past_due" });
    const invoice = fake.addInvoice(c.subscription.customer, {
      total: 900,
      status: "open",
      subscription: c.subscription.id,
    });
    const event = fake.event("invoice.payment_failed", invoice);
    const first = await deliver(event);
    expect(first).toMatchObject({ status: 200, duplicate: false });
    const after = await account(c.tenantId);

    // meanwhile the customer paid; a replay of the old failure must not re-apply anything
    fake.setSubscription(c.subscription.id, { status: "active" });
    const requestsBefore = fake.requests.length;
    const replay = await deliver(event);
    expect(replay).toMatchObject({ status: 200, duplicate: true });
    expect(fake.requests.length).toBe(requestsBefore);
    expect(await account(c.tenantId)).toEqual(after);
    expect(
      await db.selectFrom("stripe_events").select("id").where("id", "=", String(event.id)).execute(),
    ).toHaveLength(1);
  });

  it("events in reversed order end in Stripe's current state", async () => {
    const c = await company();
    const sub = fake.createSubscription({
      price: PRICE_TEAM,
      quantity: 2,
      tenantId: c.tenantId,
      status: "active",
    });
    const created = fake.event("customer.subscription.created", sub, { created: 1_700_000_000 });
    fake.setSubscription(sub.id, { status: "past_due" });
    const updated = fake.event("customer.subscription.updated", sub, { created: 1_700_000_100 });
    // the newer event first, then the older one
    await deliver(updated);
    await deliver(created);
    expect((await account(c.tenantId)).subscription_status).toBe("past_due");
  });

  it("a payment failure delivered after the invoice was paid leaves the tenant paying", async () => {
    const c = await subscribed();
    const invoice = fake.addInvoice(c.subscription.customer, {
      total: 900,
      status: "paid",
      subscription: c.subscription.id,
    });
    // in Stripe: failed, then paid; delivered: paid, then failed
    const failed = fake.event(
      "invoice.payment_failed",
      { ...invoice, status: "open" },
      { created: 1_700_000_000 },
    );
    const paid = fake.event("invoice.paid", invoice, { created: 1_700_000_500 });
    await deliver(paid);
    await deliver(failed);
    expect(await account(c.tenantId)).toMatchObject({ subscription_status: "active", past_due_since: null });
    expect((await access(c.tenantId)).phase).toBe("active");
  });

  it("refuses a bad or missing signature with a 400 and stores nothing", async () => {
    const c = await company();
    const sub = fake.createSubscription({ price: PRICE_TEAM, quantity: 1, tenantId: c.tenantId });
    const event = fake.event("customer.subscription.created", sub);
    const payload = JSON.stringify(event);
    expect(await receiveStripeWebhook(db, payload, signWebhook(payload, "whsec_someone_else"))).toMatchObject(
      { status: 400 },
    );
    expect(await receiveStripeWebhook(db, payload, null)).toMatchObject({ status: 400 });
    // a body changed after signing
    expect(
      await receiveStripeWebhook(db, payload.replace("active", "canceled"), signWebhook(payload, SECRET)),
    ).toMatchObject({ status: 400 });
    expect(
      await db.selectFrom("stripe_events").select("id").where("id", "=", String(event.id)).execute(),
    ).toEqual([]);
  });

  it("stores and ignores event types Chorus does not handle", async () => {
    const receipt = await deliver(fake.event("customer.updated", { id: "cus_x", object: "customer" }));
    if (receipt.status !== 200) throw new Error("expected 200");
    const row = await db
      .selectFrom("stripe_events")
      .select(["outcome", "processed_at"])
      .where("id", "=", receipt.eventId)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe("ignored: customer.updated is not handled");
    expect(await processStripeEvent(db, receipt.eventId)).toBe("already processed");
  });

  it("keeps an event unprocessed while Stripe is down, and a later run applies it", async () => {
    const c = await company();
    const sub = fake.createSubscription({ price: PRICE_TEAM, quantity: 1, tenantId: c.tenantId });
    const event = fake.event("customer.subscription.created", sub);
    const payload = JSON.stringify(event);
    // every attempt of the job (and the client's own retries) fails
    fake.failNext(1000, 500);
    await receiveStripeWebhook(db, payload, signWebhook(payload, SECRET));
    await drainInProcessJobs();
    fake.failNext(0);
    const pending = await db
      .selectFrom("stripe_events")
      .select("processed_at")
      .where("id", "=", String(event.id))
      .executeTakeFirstOrThrow();
    expect(pending.processed_at).toBeNull();
    // Stripe redelivers: the stored, unprocessed event is queued again and applied
    const again = await receiveStripeWebhook(db, payload, signWebhook(payload, SECRET));
    expect(again).toMatchObject({ status: 200, duplicate: true });
    await drainInProcessJobs();
    expect((await account(c.tenantId)).subscription_status).toBe("active");
  });
});

describe("seat sync", () => {
  const updatesOf = (subscriptionId: string) =>
    fake.requests.filter((r) => r.method === "POST" && r.path === `/v1/subscriptions/${subscriptionId}`);

  it("a burst of joins makes one prorated quantity update once the tenant is quiet", async () => {
    const c = await subscribed(1);
    for (let i = 0; i < 12; i++) await c.advocate();
    // not quiet yet: nothing is sent
    await syncSeats(db);
    expect(updatesOf(c.subscription.id)).toHaveLength(0);

    const later = new Date(Date.now() + 11_000);
    await syncSeats(db, later);
    const updates = updatesOf(c.subscription.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.params).toMatchObject({
      items: [{ id: c.subscription.items.data[0]!.id, quantity: "13" }],
      proration_behavior: "create_prorations",
    });
    expect(updates[0]!.idempotencyKey).toMatch(/^chorus-seats-/);
    expect(fake.subscriptions.get(c.subscription.id)!.items.data[0]!.quantity).toBe(13);
    expect((await account(c.tenantId)).seats_paid).toBe(13);

    // nothing changed since: another tick sends nothing
    await syncSeats(db, new Date(Date.now() + 60_000));
    expect(updatesOf(c.subscription.id)).toHaveLength(1);
  });

  it("leaving lowers the quantity; a count that already matches sends no update", async () => {
    const c = await subscribed(2);
    const leaver = await c.advocate();
    await withTenant(db, c.tenantId, (tx) => optOut(tx, leaver, { dataChoice: "keep" }));
    // joined and left again: the subscription already has the right quantity (2)
    await syncSeats(db, new Date(Date.now() + 11_000));
    expect(updatesOf(c.subscription.id)).toHaveLength(0);
    expect((await account(c.tenantId)).seats_synced_version).toBe((await account(c.tenantId)).seats_version);

    const second = await c.advocate();
    await syncSeats(db, new Date(Date.now() + 11_000));
    expect(updatesOf(c.subscription.id).at(-1)?.params).toMatchObject({ items: [{ quantity: "3" }] });
    await withTenant(db, c.tenantId, (tx) => optOut(tx, second, { dataChoice: "keep" }));
    await syncSeats(db, new Date(Date.now() + 11_000));
    expect(updatesOf(c.subscription.id)).toHaveLength(2);
    expect(updatesOf(c.subscription.id).at(-1)?.params).toMatchObject({ items: [{ quantity: "2" }] });
  });
});

describe("grace period and pause", () => {
  async function pastDue(daysAgo: number) {
    const c = await subscribed(1);
    const advocate = await c.advocate();
    const postId = await postFor(c.tenantId);
    fake.setSubscription(c.subscription.id, { status: "past_due" });
    const invoice = fake.addInvoice(c.subscription.customer, {
      total: 900,
      status: "open",
      subscription: c.subscription.id,
    });
    await deliver(
      fake.event("invoice.payment_failed", invoice, {
        created: Math.floor((Date.now() - daysAgo * DAY) / 1000),
      }),
    );
    return { ...c, advocate, postId, invoice };
  }

  it("shares normally within the 7-day grace period", async () => {
    const c = await pastDue(6);
    const created = await share(c.advocate, c.postId);
    expect(created.code).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses new shares and tracked links after the grace period; paying restores sharing", async () => {
    const c = await pastDue(8);
    const error = await caught(share(c.advocate, c.postId));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ form: ["sharing_paused"] });
    const shares = await withTenant(db, c.tenantId, (tx) =>
      tx.selectFrom("shares").select("id").where("tenant_id", "=", c.tenantId).execute(),
    );
    expect(shares).toEqual([]);
    expect(
      await withTenant(db, c.tenantId, (tx) =>
        tx.selectFrom("link_codes").select("code").where("tenant_id", "=", c.tenantId).execute(),
      ),
    ).toEqual([]);

    fake.setSubscription(c.subscription.id, { status: "active" });
    await deliver(fake.event("invoice.paid", { ...c.invoice, status: "paid" }));
    expect((await share(c.advocate, c.postId)).trackedUrl).toMatch(/^https:\/\/chorus\.example\.com\/s\//);
  });
});

describe("feature gating per plan", () => {
  async function freePlan() {
    const c = await company();
    await withTenant(db, c.tenantId, async (tx) => {
      await getBillingAccount(tx, c.tenantId);
      await tx
        .updateTable("billing_accounts")
        .set({ trial_ends_at: new Date(Date.now() - DAY) })
        .where("tenant_id", "=", c.tenantId)
        .execute();
    });
    return c;
  }

  const seats = (tenantId: string) =>
    withTenant(db, tenantId, async (tx) =>
      Number(
        (
          await tx
            .selectFrom("advocacy_consents")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("withdrawn_at", "is", null)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );

  it("Free: the 11th advocate is refused and nothing is recorded; members already in stay in", async () => {
    const c = await freePlan();
    const members: Member[] = [];
    for (let i = 0; i < 10; i++) members.push(await c.advocate());
    expect((await access(c.tenantId)).phase).toBe("free");
    const eleventh = await c.person();
    const error = await caught(withTenant(db, c.tenantId, (tx) => optIn(tx, eleventh)));
    expect(error).toBeInstanceOf(PlanLimitError);
    expect((error as PlanLimitError).code).toBe("advocate_limit");
    expect(await seats(c.tenantId)).toBe(10);
    // joining twice is not a new seat
    expect(await withTenant(db, c.tenantId, (tx) => optIn(tx, members[0]!))).toEqual({ joined: false });
  });

  it("Team (the trial): more than 10 advocates", async () => {
    const c = await company();
    for (let i = 0; i < 11; i++) await c.advocate();
    expect(await seats(c.tenantId)).toBe(11);
  });

  it("Free: goal agreements are refused with a form error; the Team trial allows them", async () => {
    const proposeFor = async (c: Awaited<ReturnType<typeof company>>) => {
      const manager = await c.person(["manager", "employee"]);
      const report = await c.person();
      await withTenant(db, c.tenantId, (tx) =>
        tx.updateTable("memberships").set({ manager_id: manager.id }).where("id", "=", report.id).execute(),
      );
      return withTenant(db, c.tenantId, (tx) =>
        proposeAgreement(tx, manager, {
          employeeId: report.id,
          period: "2099-Q4",
          objectives: [{ metric: "shares", title: "Teilen", target: 5, weight: 100 }],
        }),
      );
    };
    const free = await freePlan();
    const refused = await caught(proposeFor(free));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual({ form: ["plan_goal_agreements"] });
    const agreements = await withTenant(db, free.tenantId, (tx) =>
      tx.selectFrom("goal_agreements").select("id").execute(),
    );
    expect(agreements).toHaveLength(0);

    const trial = await company();
    await expect(proposeFor(trial)).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("API: refused on Team with billing on, allowed on Business, and allowed on any plan with billing off", async () => {
    const c = await company();
    const { token } = await withTenant(db, c.tenantId, (tx) =>
      createApiToken(tx, { name: "ci", tenantId: c.tenantId, tenantSlug: c.tenant.slug, createdBy: null }),
    );
    const request = () =>
      new Request("http://localhost/api/v1/posts", { headers: { Authorization: `Bearer ${token}` } });

    const refused = await caught(requireApiToken(request(), "content"));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect(await (refused as Response).json()).toEqual({
      error: {
        code: "forbidden",
        message: "The API is part of the Business plan. An admin can upgrade under Billing.",
      },
    });

    const sub = fake.createSubscription({ price: PRICE_BUSINESS, quantity: 1, tenantId: c.tenantId });
    await deliver(fake.event("customer.subscription.created", sub));
    await expect(requireApiToken(request(), "content")).resolves.toMatchObject({ tenantId: c.tenantId });

    const other = await company();
    const second = await withTenant(db, other.tenantId, (tx) =>
      createApiToken(tx, {
        name: "ci",
        tenantId: other.tenantId,
        tenantSlug: other.tenant.slug,
        createdBy: null,
      }),
    );
    billingOff();
    await expect(
      requireApiToken(
        new Request("http://localhost/api/v1/posts", {
          headers: { Authorization: `Bearer ${second.token}` },
        }),
        "content",
      ),
    ).resolves.toMatchObject({ tenantId: other.tenantId });
  });
});

describe("billing off (no STRIPE_SECRET_KEY)", () => {
  it("gates nothing, ignores webhooks and says so on the overview", async () => {
    const c = await company();
    await withTenant(db, c.tenantId, async (tx) => {
      await getBillingAccount(tx, c.tenantId);
      await tx
        .updateTable("billing_accounts")
        .set({
          trial_ends_at: new Date(Date.now() - DAY),
          subscription_status: "past_due",
          past_due_since: new Date(Date.now() - 30 * DAY),
        })
        .where("tenant_id", "=", c.tenantId)
        .execute();
    });
    billingOff();
    for (let i = 0; i < 11; i++) await c.advocate();
    const advocate = await c.advocate();
    expect((await share(advocate, await postFor(c.tenantId))).code).not.toBeNull();
    expect(await loadBillingOverview(db, c.tenantId)).toEqual({ enabled: false });
    expect(await receiveStripeWebhook(db, "{}", "t=1,v1=x")).toMatchObject({ status: 404 });
    expect((await access(c.tenantId)).phase).toBe("off");
  });
});
