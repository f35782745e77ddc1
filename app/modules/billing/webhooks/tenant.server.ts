import { z } from "zod";
import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import type { BillingConfig } from "~/app/modules/billing/config.server.ts";
import {
  refreshSubscription,
  tenantOfSubscription,
  type RefreshOptions,
} from "~/app/modules/billing/subscription-sync.server.ts";
import type { WebhookOutcome } from "~/app/modules/billing/webhooks/types.ts";

/** A tenant id from Stripe metadata, if it names a tenant that exists (tenants is global). */
export async function knownTenant(db: DB, candidate: string | null | undefined): Promise<string | null> {
  if (!candidate || !z.uuid().safeParse(candidate).success) return null;
  const row = await db.selectFrom("tenants").select("id").where("id", "=", candidate).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The shared path of every subscription-related event: find the tenant (the signed payload's
 * metadata, else the subscription's own), then refresh the subscription from Stripe.
 */
export async function refreshForEvent(
  db: DB,
  config: BillingConfig,
  subscriptionId: string,
  tenantHint: string | null | undefined,
  opts: RefreshOptions = {},
): Promise<WebhookOutcome> {
  const tenantId =
    (await knownTenant(db, tenantHint)) ??
    (await knownTenant(db, await tenantOfSubscription(config, subscriptionId)));
  if (!tenantId)
    return {
      tenantId: null,
      outcome: `ignored: subscription ${subscriptionId} names no tenant of this installation`,
    };
  const outcome = await withTenant(db, tenantId, (tx) =>
    refreshSubscription(tx, config, tenantId, subscriptionId, opts),
  );
  return { tenantId, outcome };
}
