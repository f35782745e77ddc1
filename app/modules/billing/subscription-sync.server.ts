import type { Tx } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { getBillingAccount } from "~/app/modules/billing/account.server.ts";
import { planForPrice, type BillingConfig } from "~/app/modules/billing/config.server.ts";
import { stripeClient, type Stripe } from "~/app/modules/billing/stripe.server.ts";

const PAST_DUE = new Set(["past_due", "unpaid"]);
const LIVE = new Set(["active", "trialing", "past_due", "unpaid"]);

export interface RefreshOptions {
  /** invoice.payment_failed: when the payment failed (the grace period runs from the first failure) */
  failedAt?: Date;
}

/**
 * Reads the subscription from Stripe and stores what it says now, never what a webhook payload
 * said: events arrive late, twice or out of order, and the subscription itself is the truth.
 * The tenant's billing row is locked first (FOR UPDATE) and Stripe is asked after, so of two
 * refreshes running at once the later one also reads the later state.
 * Call inside withTenant(tenantId). Returns what it did, for the event log.
 */
export async function refreshSubscription(
  tx: Tx,
  config: BillingConfig,
  tenantId: string,
  subscriptionId: string,
  opts: RefreshOptions = {},
  now: Date = new Date(),
): Promise<string> {
  const account = await getBillingAccount(tx, tenantId, { forUpdate: true });
  const subscription = await stripeClient(config).subscriptions.retrieve(subscriptionId);
  const customerId =
    typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;

  if (account.stripe_customer_id && account.stripe_customer_id !== customerId) {
    logger.warn(
      { tenantId, subscriptionId, customerId, expected: account.stripe_customer_id },
      "subscription of another customer ignored",
    );
    return "ignored: subscription of another customer";
  }
  // A tenant that subscribed again keeps the live subscription; news of an old, ended one changes nothing.
  if (
    account.stripe_subscription_id &&
    account.stripe_subscription_id !== subscriptionId &&
    account.subscription_status &&
    LIVE.has(account.subscription_status) &&
    !LIVE.has(subscription.status)
  ) {
    return "ignored: an older subscription";
  }

  const item: Stripe.SubscriptionItem | undefined = subscription.items.data[0];
  const plan = planForPrice(config, item?.price.id);
  if (item && !plan)
    logger.warn(
      { tenantId, subscriptionId, price: item.price.id },
      "subscription with a price Chorus does not know; keeping the plan",
    );
  const pastDue = PAST_DUE.has(subscription.status);
  await tx
    .updateTable("billing_accounts")
    .set({
      stripe_customer_id: customerId,
      stripe_subscription_id: subscription.id,
      subscription_status: subscription.status,
      plan: plan ?? account.plan,
      seats_paid: item?.quantity ?? null,
      current_period_end: item?.current_period_end ? new Date(item.current_period_end * 1000) : null,
      cancel_at_period_end: subscription.cancel_at_period_end,
      // the first failure of this dunning counts; paying (or any live status) ends it
      past_due_since: pastDue ? (account.past_due_since ?? opts.failedAt ?? now) : null,
      stripe_synced_at: now,
      updated_at: now,
    })
    .where("tenant_id", "=", tenantId)
    .execute();
  return `subscription ${subscription.id}: ${subscription.status}, ${plan ?? account.plan}, ${item?.quantity ?? 0} seats`;
}

/**
 * The tenant a subscription belongs to: the metadata Chorus gave it at checkout, else its
 * customer's (Chorus creates every customer with the tenant id; a subscription made by hand in the
 * Dashboard for that customer still finds its tenant).
 */
export async function tenantOfSubscription(
  config: BillingConfig,
  subscriptionId: string,
): Promise<string | null> {
  const stripe = stripeClient(config);
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  if (subscription.metadata.tenant_id) return subscription.metadata.tenant_id;
  const customerId =
    typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
  const customer = await stripe.customers.retrieve(customerId);
  return customer.deleted ? null : (customer.metadata.tenant_id ?? null);
}
