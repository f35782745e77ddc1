import { checkoutSessionCompleted } from "~/app/modules/billing/webhooks/checkout-session-completed.server.ts";
import { customerSubscriptionCreated } from "~/app/modules/billing/webhooks/customer-subscription-created.server.ts";
import { customerSubscriptionDeleted } from "~/app/modules/billing/webhooks/customer-subscription-deleted.server.ts";
import { customerSubscriptionUpdated } from "~/app/modules/billing/webhooks/customer-subscription-updated.server.ts";
import { invoicePaid } from "~/app/modules/billing/webhooks/invoice-paid.server.ts";
import { invoicePaymentFailed } from "~/app/modules/billing/webhooks/invoice-payment-failed.server.ts";
import type { WebhookHandler } from "~/app/modules/billing/webhooks/types.ts";

/** The event types Chorus acts on; every other type is stored and marked ignored. */
export const WEBHOOK_HANDLERS: Record<string, WebhookHandler> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.subscription.created": customerSubscriptionCreated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionDeleted,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};
