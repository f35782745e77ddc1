import { z } from "zod";
import type { DB } from "~/db/client.ts";
import type { BillingConfig } from "~/app/modules/billing/config.server.ts";

export interface WebhookContext {
  db: DB;
  config: BillingConfig;
  /** the event's data.object as Stripe signed it: handlers take ids from it, state from Stripe */
  object: unknown;
  /** when Stripe created the event */
  createdAt: Date;
}

export interface WebhookOutcome {
  tenantId: string | null;
  outcome: string;
}

export type WebhookHandler = (ctx: WebhookContext) => Promise<WebhookOutcome>;

export const StripeId = z.string().min(1).max(255);
/** an id or the expanded object (Stripe's "expandable" fields) */
export const Expandable = z
  .union([StripeId, z.object({ id: StripeId })])
  .transform((v) => (typeof v === "string" ? v : v.id));
export const Metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((m) => m ?? {});
