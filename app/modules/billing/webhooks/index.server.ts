import { checkoutSessionCompleted } from "./checkout-session-completed.server.ts";
import { customerSubscriptionCreated } from "./customer-subscription-created.server.ts";
import { customerSubscriptionDeleted } from "./customer-subscription-deleted.server.ts";
import { customerSubscriptionUpdated } from "./customer-subscription-updated.server.ts";
import { invoicePaid } from "./invoice-paid.server.ts";
import { invoicePaymentFailed } from "./invoice-payment-failed.server.ts";
import type { WebhookHandler } from "./types.ts";

/** The event types Chorus acts on; every other type is stored and marked ignored. */
export const WEBHOOK_HANDLERS: Record<string, WebhookHandler> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.subscription.created": customerSubscriptionCreated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionDeleted,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};
