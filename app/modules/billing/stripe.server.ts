import Stripe from "stripe";
import type { BillingConfig } from "~/app/modules/billing/config.server.ts";

const clients = new Map<string, Stripe>();

/** The official client, one per configuration; pointed at a local fake when STRIPE_API_BASE is set. */
export function stripeClient(config: BillingConfig): Stripe {
  const key = `${config.secretKey} ${config.apiBase?.href ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    const base = config.apiBase;
    client = new Stripe(config.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: "Chorus" },
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === "https:" ? 443 : 80),
            protocol: base.protocol === "https:" ? ("https" as const) : ("http" as const),
          }
        : {}),
    });
    clients.set(key, client);
  }
  return client;
}

export type { Stripe };
