import { z } from "zod";
import { Metadata, StripeId, type WebhookHandler } from "~/app/modules/billing/webhooks/types.ts";
import { refreshForEvent } from "~/app/modules/billing/webhooks/tenant.server.ts";

const Subscription = z.object({ id: StripeId, metadata: Metadata });

/** customer.subscription.deleted: the stored state follows the subscription as Stripe has it now. */
export const customerSubscriptionDeleted: WebhookHandler = async ({ db, config, object }) => {
  const subscription = Subscription.parse(object);
  return refreshForEvent(db, config, subscription.id, subscription.metadata.tenant_id);
};
