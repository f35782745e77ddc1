import type { DB } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError } from "~/app/lib/errors.ts";
import type { TenantInfo } from "~/app/modules/tenancy/member.ts";
import { getBillingAccount } from "~/app/modules/billing/account.server.ts";
import { billingPageUrl } from "~/app/modules/billing/checkout.server.ts";
import { requireBillingConfig } from "~/app/modules/billing/require-config.server.ts";
import { stripeClient } from "~/app/modules/billing/stripe.server.ts";

/** A Stripe customer portal session (card, invoices, plan change, cancellation); back to Billing after. */
export async function openCustomerPortal(
  db: DB,
  tenant: TenantInfo,
  locale: Locale,
): Promise<{ url: string }> {
  const config = requireBillingConfig();
  const account = await withTenant(db, tenant.id, (tx) => getBillingAccount(tx, tenant.id));
  if (!account.stripe_customer_id)
    throw new ConflictError("the tenant has no Stripe customer yet; subscribe first", "no_customer");
  const session = await stripeClient(config).billingPortal.sessions.create({
    customer: account.stripe_customer_id,
    return_url: billingPageUrl(tenant.slug),
    locale,
  });
  return { url: session.url };
}
