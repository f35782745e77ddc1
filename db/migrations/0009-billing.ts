import { sql, type Kysely } from "kysely";
import { enableTenantRls, grantToApp } from "~/db/rls.ts";

const now = sql`now()`;

/**
 * Billing: one account row per tenant (plan, trial, the Stripe customer and subscription as last
 * read from Stripe, the seat debounce) and a global log of received Stripe webhook events.
 *
 * Tenants that exist when this runs start a 14-day trial of Team from now: they never agreed to a
 * price, and a trial that ended before billing existed would lock them out unannounced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("billing_accounts")
    .addColumn("tenant_id", "uuid", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    // the plan of the subscription (or of the trial); 'free' once a trial ended without one
    .addColumn("plan", "text", (c) =>
      c
        .notNull()
        .defaultTo("team")
        .check(sql`plan in ('free', 'team', 'business')`),
    )
    .addColumn("trial_ends_at", "timestamptz")
    .addColumn("stripe_customer_id", "text", (c) => c.unique())
    .addColumn("stripe_subscription_id", "text")
    // Stripe's subscription status as last read from Stripe (never from a webhook payload)
    .addColumn("subscription_status", "text")
    .addColumn("current_period_end", "timestamptz")
    .addColumn("cancel_at_period_end", "boolean", (c) => c.notNull().defaultTo(false))
    // the subscription quantity as last read from or written to Stripe
    .addColumn("seats_paid", "integer", (c) => c.check(sql`seats_paid >= 0`))
    // the first failed payment of the current dunning; the 7-day grace period runs from here
    .addColumn("past_due_since", "timestamptz")
    .addColumn("stripe_synced_at", "timestamptz")
    // seat debounce: every join or leave bumps seats_version and seats_dirty_at in its own
    // transaction; the sync job pushes the count to Stripe once the tenant has been quiet a while
    .addColumn("seats_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("seats_synced_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("seats_dirty_at", "timestamptz")
    .addColumn("seats_synced_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  // before RLS is forced: the owner could not insert rows of other tenants afterwards
  await sql`INSERT INTO billing_accounts (tenant_id, plan, trial_ends_at)
            SELECT id, 'team', now() + interval '14 days' FROM tenants`.execute(db);
  await enableTenantRls(db, "billing_accounts");

  // Global: an event arrives before anyone knows its tenant (the job finds it through Stripe).
  await db.schema
    .createTable("stripe_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    // the event as Stripe signed it; handlers read only ids from it and fetch the rest from Stripe
    .addColumn("payload", "jsonb", (c) => c.notNull())
    // Stripe's event time (seconds since the epoch, as a timestamp)
    .addColumn("stripe_created_at", "timestamptz", (c) => c.notNull())
    .addColumn("tenant_id", "uuid", (c) => c.references("tenants.id").onDelete("set null"))
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("processed_at", "timestamptz")
    // what the handler did (e.g. "ignored: no tenant"), for operators
    .addColumn("outcome", "text")
    .execute();
  await db.schema
    .createIndex("stripe_events_unprocessed_idx")
    .on("stripe_events")
    .column("received_at")
    .where(sql.ref("processed_at"), "is", null)
    .execute();
  await grantToApp(db, "stripe_events");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("stripe_events").execute();
  await db.schema.dropTable("billing_accounts").execute();
}
