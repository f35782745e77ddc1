import { z } from "zod";
import { Expandable, Metadata } from "~/app/modules/billing/webhooks/types.ts";

/** The fields of an invoice Chorus reads: which subscription it bills (and that one's metadata). */
export const Invoice = z.object({
  id: z.string(),
  // API versions since 2025-03-31: the subscription sits under parent.subscription_details
  parent: z
    .object({
      subscription_details: z.object({ subscription: Expandable.nullish(), metadata: Metadata }).nullish(),
    })
    .nullish(),
  // older API versions
  subscription: Expandable.nullish(),
});

export function invoiceSubscription(invoice: z.infer<typeof Invoice>): {
  subscriptionId: string | null;
  tenantHint: string | undefined;
} {
  const details = invoice.parent?.subscription_details;
  return {
    subscriptionId: details?.subscription ?? invoice.subscription ?? null,
    tenantHint: details?.metadata.tenant_id,
  };
}
