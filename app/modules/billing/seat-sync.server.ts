import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { countSeats } from "~/app/modules/billing/account.server.ts";
import { billingConfig } from "~/app/modules/billing/config.server.ts";
import { stripeClient } from "~/app/modules/billing/stripe.server.ts";

/** A tenant's seat changes wait this long for the next one: a burst (CSV import) makes one update. */
export const SEAT_QUIET_MS = 10_000;
const SYNCABLE = ["active", "trialing", "past_due", "unpaid"];

export interface SeatSyncResult {
  tenants: number;
  updated: number;
}

/**
 * For every tenant whose seats changed since the last sync and then stayed quiet for SEAT_QUIET_MS:
 * sets the subscription's quantity to the opted-in advocates (prorated). Idempotent: the quantity is
 * compared with the subscription's current one first, and the update carries an idempotency key of
 * (subscription, seat version), so a retried or overlapping run never changes it twice.
 */
export async function syncSeats(db: DB, now: Date = new Date()): Promise<SeatSyncResult> {
  const config = billingConfig();
  if (!config) return { tenants: 0, updated: 0 };
  const stripe = stripeClient(config);
  const quietBefore = new Date(now.getTime() - SEAT_QUIET_MS);
  const tenants = await db.selectFrom("tenants").select("id").orderBy("id").execute();
  let synced = 0;
  let updated = 0;
  for (const { id: tenantId } of tenants) {
    await withTenant(db, tenantId, async (tx) => {
      // Locked (and skipped if another run holds it): joins of this tenant wait for the count below.
      const account = await tx
        .selectFrom("billing_accounts")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .whereRef("seats_version", ">", "seats_synced_version")
        .where("seats_dirty_at", "<=", quietBefore)
        .where("stripe_subscription_id", "is not", null)
        .where("subscription_status", "in", SYNCABLE)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!account?.stripe_subscription_id) return;
      synced++;
      const seats = Math.max(1, await countSeats(tx, tenantId));
      const subscription = await stripe.subscriptions.retrieve(account.stripe_subscription_id);
      const item = subscription.items.data[0];
      let quantity = item?.quantity ?? null;
      if (item && item.quantity !== seats) {
        const changed = await stripe.subscriptions.update(
          subscription.id,
          { items: [{ id: item.id, quantity: seats }], proration_behavior: "create_prorations" },
          { idempotencyKey: `chorus-seats-${subscription.id}-${account.seats_version}-${seats}` },
        );
        quantity = changed.items.data[0]?.quantity ?? seats;
        updated++;
      }
      await tx
        .updateTable("billing_accounts")
        .set({
          seats_synced_version: account.seats_version,
          seats_synced_at: now,
          seats_paid: quantity,
          updated_at: now,
        })
        .where("tenant_id", "=", tenantId)
        .execute();
    });
  }
  return { tenants: synced, updated };
}
