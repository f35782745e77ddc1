import type { Tx } from "~/db/client.ts";
import { getBillingAccess } from "~/app/modules/billing/account.server.ts";
import { billingEnabled } from "~/app/modules/billing/config.server.ts";

export interface BillingNotice {
  pastDue: boolean;
  paused: boolean;
  graceEndsAt: Date | null;
}

/** What the tenant shell warns about (null: nothing, or billing is off). */
export async function billingNotice(
  tx: Tx,
  tenantId: string,
  now: Date = new Date(),
): Promise<BillingNotice | null> {
  if (!billingEnabled()) return null;
  const access = await getBillingAccess(tx, tenantId, now);
  if (!access.paymentProblem && !access.sharingPaused) return null;
  return { pastDue: access.paymentProblem, paused: access.sharingPaused, graceEndsAt: access.graceEndsAt };
}
