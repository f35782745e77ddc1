import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

export const PLANS = ["free", "team", "business"] as const;
export type Plan = (typeof PLANS)[number];

/** One row per tenant (0009-billing); a missing row is created on first read as a 14-day trial. */
export interface BillingAccountsTable {
  tenant_id: string;
  plan: Generated<Plan>;
  trial_ends_at: Timestamp | null;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  /** Stripe's status (active, trialing, past_due, unpaid, canceled, incomplete, …) as read from Stripe */
  subscription_status: string | null;
  current_period_end: Timestamp | null;
  cancel_at_period_end: Generated<boolean>;
  seats_paid: number | null;
  past_due_since: Timestamp | null;
  stripe_synced_at: Timestamp | null;
  seats_version: Generated<number>;
  seats_synced_version: Generated<number>;
  seats_dirty_at: Timestamp | null;
  seats_synced_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Global (no RLS): received webhook events, unique by Stripe's event id. */
export interface StripeEventsTable {
  id: string;
  type: string;
  payload: ColumnType<Record<string, unknown>, string, never>;
  stripe_created_at: Date;
  tenant_id: string | null;
  received_at: CreatedAt;
  processed_at: Timestamp | null;
  outcome: string | null;
}

export interface BillingTables {
  billing_accounts: BillingAccountsTable;
  stripe_events: StripeEventsTable;
}
