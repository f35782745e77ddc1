import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { BillingAccountsTable } from "~/db/tables/billing.ts";
import type { Selectable } from "kysely";
import { billingEnabled } from "~/app/modules/billing/config.server.ts";
import { computeAccess, TRIAL_DAYS, type BillingAccess } from "~/app/modules/billing/plans.ts";

export type BillingAccount = Selectable<BillingAccountsTable>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The row a new tenant starts with: a TRIAL_DAYS trial of Team. Call inside withTenant(tenantId). */
export async function startTrial(tx: Tx, tenantId: string, now: Date = new Date()): Promise<void> {
  await tx
    .insertInto("billing_accounts")
    .values({
      tenant_id: tenantId,
      plan: "team",
      trial_ends_at: new Date(now.getTime() + TRIAL_DAYS * DAY_MS),
    })
    .onConflict((oc) => oc.column("tenant_id").doNothing())
    .execute();
}

/**
 * The tenant's billing row. Tenants created without one (by a script, or before a crash between
 * tenant and row) get their trial at this first read: nobody loses days they never saw.
 */
export async function getBillingAccount(
  tx: Tx,
  tenantId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<BillingAccount> {
  const read = () => {
    const q = tx.selectFrom("billing_accounts").selectAll().where("tenant_id", "=", tenantId);
    return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
  };
  const found = await read();
  if (found) return found;
  await startTrial(tx, tenantId);
  const created = await read();
  if (!created) throw new Error(`billing account of tenant ${tenantId} could not be created`);
  return created;
}

/** Where the tenant stands now (phase "off" with every feature when billing is not configured). */
export async function getBillingAccess(
  tx: Tx,
  tenantId: string,
  now: Date = new Date(),
): Promise<BillingAccess> {
  if (!billingEnabled())
    return computeAccess(
      {
        plan: "business",
        trialEndsAt: null,
        subscriptionStatus: null,
        currentPeriodEnd: null,
        pastDueSince: null,
      },
      false,
      now,
    );
  const account = await getBillingAccount(tx, tenantId);
  return computeAccess(toState(account), true, now);
}

export function toState(account: BillingAccount) {
  return {
    plan: account.plan,
    trialEndsAt: account.trial_ends_at,
    subscriptionStatus: account.subscription_status,
    currentPeriodEnd: account.current_period_end,
    pastDueSince: account.past_due_since,
  };
}

/** Seats: opted-in advocates (an open consent) on active memberships. */
export async function countSeats(
  tx: Tx,
  tenantId: string,
  opts: { excludeMembershipId?: string } = {},
): Promise<number> {
  let q = tx
    .selectFrom("advocacy_consents as c")
    .innerJoin("memberships as m", "m.id", "c.membership_id")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("c.tenant_id", "=", tenantId)
    .where("m.tenant_id", "=", tenantId)
    .where("c.withdrawn_at", "is", null)
    .where("m.status", "=", "active");
  if (opts.excludeMembershipId) q = q.where("m.id", "<>", opts.excludeMembershipId);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Marks the seat count as changed, in the caller's transaction (the same one as the join or
 * leave). It also locks the tenant's billing row until that transaction ends, so joins of one
 * tenant count one after another (the Free plan's limit holds under concurrency). The sync-seats
 * job pushes the count to Stripe once the tenant has been quiet for a few seconds: a CSV import
 * of 300 people makes one update. A no-op when billing is off.
 */
export async function markSeatsDirty(tx: Tx, tenantId: string): Promise<void> {
  if (!billingEnabled()) return;
  await getBillingAccount(tx, tenantId);
  await tx
    .updateTable("billing_accounts")
    .set({
      seats_version: sql`seats_version + 1`,
      seats_dirty_at: sql`clock_timestamp()`,
      updated_at: sql`clock_timestamp()`,
    })
    .where("tenant_id", "=", tenantId)
    .execute();
}
