import type { DB } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { ConflictError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { countSeats, getBillingAccount } from "~/app/modules/billing/account.server.ts";
import { requireBillingConfig } from "~/app/modules/billing/require-config.server.ts";
import { canCheckout, type PaidPlan } from "~/app/modules/billing/plans.ts";
import { stripeClient } from "~/app/modules/billing/stripe.server.ts";

export function billingPageUrl(tenantSlug: string): string {
  return `${appUrl()}/t/${tenantSlug}/admin/billing`;
}

/**
 * Starts Stripe Checkout for a subscription of `plan` with one seat per opted-in advocate (at
 * least one). The tenant's Stripe customer is created on the first checkout (idempotently: a
 * double click makes one customer). Tenants with a live subscription change plans in the portal.
 */
export async function startCheckout(
  db: DB,
  member: Member,
  tenant: TenantInfo,
  plan: PaidPlan,
  locale: Locale,
): Promise<{ url: string; sessionId: string }> {
  const config = requireBillingConfig();
  const stripe = stripeClient(config);
  const { customerId, quantity } = await withTenant(db, tenant.id, async (tx) => {
    const account = await getBillingAccount(tx, tenant.id, { forUpdate: true });
    if (!canCheckout(account.subscription_status))
      throw new ConflictError(
        "the tenant already has a subscription; change it in the customer portal",
        "already_subscribed",
      );
    let customerId = account.stripe_customer_id;
    if (!customerId) {
      const customer = await stripe.customers.create(
        {
          name: tenant.name,
          email: member.email,
          metadata: { tenant_id: tenant.id, tenant_slug: tenant.slug },
          preferred_locales: [locale],
        },
        { idempotencyKey: `chorus-customer-${tenant.id}` },
      );
      customerId = customer.id;
      await tx
        .updateTable("billing_accounts")
        .set({ stripe_customer_id: customerId, updated_at: new Date() })
        .where("tenant_id", "=", tenant.id)
        .execute();
    }
    return { customerId, quantity: Math.max(1, await countSeats(tx, tenant.id)) };
  });

  const back = billingPageUrl(tenant.slug);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    client_reference_id: tenant.id,
    line_items: [{ price: config.prices[plan], quantity }],
    subscription_data: { metadata: { tenant_id: tenant.id, plan } },
    metadata: { tenant_id: tenant.id, plan },
    locale,
    success_url: `${back}?checkout=success`,
    cancel_url: `${back}?checkout=cancelled`,
  });
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  await withTenant(db, tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: member.userId,
      action: "billing.checkout_started",
      subject: session.id,
      data: { plan, quantity },
    }),
  );
  return { url: session.url, sessionId: session.id };
}
