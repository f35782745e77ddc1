import { Invoice, invoiceSubscription } from "~/app/modules/billing/webhooks/invoice.ts";
import { refreshForEvent } from "~/app/modules/billing/webhooks/tenant.server.ts";
import type { WebhookHandler } from "~/app/modules/billing/webhooks/types.ts";

/**
 * A payment failed: the grace period runs from the first failure (the event's time), but only
 * while Stripe still says past_due — a failure reported after the invoice was paid changes nothing.
 */
export const invoicePaymentFailed: WebhookHandler = async ({ db, config, object, createdAt }) => {
  const invoice = Invoice.parse(object);
  const { subscriptionId, tenantHint } = invoiceSubscription(invoice);
  if (!subscriptionId)
    return { tenantId: null, outcome: `ignored: invoice ${invoice.id} bills no subscription` };
  return refreshForEvent(db, config, subscriptionId, tenantHint, { failedAt: createdAt });
};
