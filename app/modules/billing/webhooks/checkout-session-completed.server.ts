import { z } from "zod";
import { Expandable, Metadata, type WebhookHandler } from "~/app/modules/billing/webhooks/types.ts";
import { refreshForEvent } from "~/app/modules/billing/webhooks/tenant.server.ts";

const CheckoutSession = z.object({
  mode: z.string(),
  client_reference_id: z.string().nullish(),
  metadata: Metadata,
  subscription: Expandable.nullish(),
});

/** The admin paid in Checkout: the tenant now has a customer and a subscription. */
export const checkoutSessionCompleted: WebhookHandler = async ({ db, config, object }) => {
  const session = CheckoutSession.parse(object);
  if (session.mode !== "subscription" || !session.subscription)
    return { tenantId: null, outcome: "ignored: not a subscription checkout" };
  return refreshForEvent(
    db,
    config,
    session.subscription,
    session.client_reference_id ?? session.metadata.tenant_id,
  );
};
