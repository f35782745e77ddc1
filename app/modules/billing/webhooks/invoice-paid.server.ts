import { Invoice, invoiceSubscription } from "~/app/modules/billing/webhooks/invoice.ts";
import { refreshForEvent } from "~/app/modules/billing/webhooks/tenant.server.ts";
import type { WebhookHandler } from "~/app/modules/billing/webhooks/types.ts";

/** Paying restores everything at once: the refreshed subscription is active, the dunning ends. */
export const invoicePaid: WebhookHandler = async ({ db, config, object }) => {
  const invoice = Invoice.parse(object);
  const { subscriptionId, tenantHint } = invoiceSubscription(invoice);
  if (!subscriptionId)
    return { tenantId: null, outcome: `ignored: invoice ${invoice.id} bills no subscription` };
  return refreshForEvent(db, config, subscriptionId, tenantHint);
};
