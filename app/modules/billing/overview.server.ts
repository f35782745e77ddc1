import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { countSeats, getBillingAccount, toState } from "~/app/modules/billing/account.server.ts";
import { billingConfig } from "~/app/modules/billing/config.server.ts";
import { canCheckout, computeAccess, type BillingAccess } from "~/app/modules/billing/plans.ts";
import { stripeClient } from "~/app/modules/billing/stripe.server.ts";

export interface InvoiceRow {
  id: string;
  number: string | null;
  createdAt: string;
  /** in the currency's smallest unit */
  total: number;
  currency: string;
  status: string | null;
  url: string | null;
}

export type BillingOverview =
  | { enabled: false }
  | {
      enabled: true;
      access: BillingAccess;
      subscriptionStatus: string | null;
      seatsUsed: number;
      seatsPaid: number | null;
      nextInvoiceAt: Date | null;
      cancelAtPeriodEnd: boolean;
      canCheckout: boolean;
      hasCustomer: boolean;
      /** null: Stripe could not be reached (the rest of the page still shows) */
      invoices: InvoiceRow[] | null;
    };

/** Everything the Billing page shows. Invoices come from Stripe; a failure there is shown, not thrown. */
export async function loadBillingOverview(
  db: DB,
  tenantId: string,
  now: Date = new Date(),
): Promise<BillingOverview> {
  const config = billingConfig();
  if (!config) return { enabled: false };
  const { account, seatsUsed } = await withTenant(db, tenantId, async (tx) => ({
    account: await getBillingAccount(tx, tenantId),
    seatsUsed: await countSeats(tx, tenantId),
  }));
  let invoices: InvoiceRow[] | null = [];
  if (account.stripe_customer_id) {
    try {
      const list = await stripeClient(config).invoices.list({
        customer: account.stripe_customer_id,
        limit: 12,
      });
      invoices = list.data.map((i) => ({
        id: i.id ?? "",
        number: i.number ?? null,
        createdAt: new Date(i.created * 1000).toISOString(),
        total: i.total,
        currency: i.currency,
        status: i.status ?? null,
        url: i.hosted_invoice_url ?? null,
      }));
    } catch (err) {
      logger.warn({ err, tenantId }, "invoices could not be read from Stripe");
      invoices = null;
    }
  }
  const live = account.subscription_status !== null && account.subscription_status !== "canceled";
  return {
    enabled: true,
    access: computeAccess(toState(account), true, now),
    subscriptionStatus: account.subscription_status,
    seatsUsed,
    seatsPaid: account.seats_paid,
    nextInvoiceAt: live && !account.cancel_at_period_end ? account.current_period_end : null,
    cancelAtPeriodEnd: account.cancel_at_period_end,
    canCheckout: canCheckout(account.subscription_status),
    hasCustomer: account.stripe_customer_id !== null,
    invoices,
  };
}
