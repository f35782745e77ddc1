import { z } from "zod";
import { requireStripeCompanions, StripeEnvShape } from "~/app/lib/env.server.ts";
import type { PaidPlan, Plan } from "~/app/modules/billing/plans.ts";

export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  prices: Record<PaidPlan, string>;
  /** tests: the fake's address (stripe's host/port/protocol options) */
  apiBase: URL | null;
}

const StripeEnv = z.object(StripeEnvShape).superRefine(requireStripeCompanions);

let cache: { key: string; config: BillingConfig | null } | undefined;

/**
 * The billing configuration, or null when billing is off (no STRIPE_SECRET_KEY). Read from
 * process.env at call time (memoised on the values) so tests can switch billing on and off within
 * one process; the app's boot already validated the same variables through env().
 */
export function billingConfig(): BillingConfig | null {
  const source = {
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET,
    STRIPE_PRICE_TEAM: process.env.STRIPE_PRICE_TEAM,
    STRIPE_PRICE_BUSINESS: process.env.STRIPE_PRICE_BUSINESS,
    STRIPE_API_BASE: process.env.STRIPE_API_BASE,
  };
  const key = JSON.stringify(source);
  if (cache?.key === key) return cache.config;
  const parsed = StripeEnv.safeParse(source);
  if (!parsed.success)
    throw new Error(
      `Invalid billing configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const e = parsed.data;
  const config =
    e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET && e.STRIPE_PRICE_TEAM && e.STRIPE_PRICE_BUSINESS
      ? {
          secretKey: e.STRIPE_SECRET_KEY,
          webhookSecret: e.STRIPE_WEBHOOK_SECRET,
          prices: { team: e.STRIPE_PRICE_TEAM, business: e.STRIPE_PRICE_BUSINESS },
          apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : null,
        }
      : null;
  cache = { key, config };
  return config;
}

export function billingEnabled(): boolean {
  return billingConfig() !== null;
}

/** The plan a Stripe price id stands for; null for a price Chorus does not know. */
export function planForPrice(config: BillingConfig, priceId: string | null | undefined): Plan | null {
  if (priceId === config.prices.team) return "team";
  if (priceId === config.prices.business) return "business";
  return null;
}
