import { ConflictError } from "~/app/lib/errors.ts";
import { billingConfig, type BillingConfig } from "~/app/modules/billing/config.server.ts";

/** For actions that need Stripe: a clear error when billing is not configured on this installation. */
export function requireBillingConfig(): BillingConfig {
  const config = billingConfig();
  if (!config) throw new ConflictError("billing is not configured on this installation", "billing_off");
  return config;
}
