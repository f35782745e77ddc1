import { sql } from "kysely";
import type { DB } from "~/db/client.ts";
import { billingConfig } from "~/app/modules/billing/config.server.ts";
import { WEBHOOK_HANDLERS } from "~/app/modules/billing/webhooks/index.server.ts";

export class UnknownStripeEventError extends Error {
  constructor(eventId: string) {
    super(`stripe event ${eventId} was never stored`);
    this.name = "UnknownStripeEventError";
  }
}

/**
 * Does the work of one stored webhook event, once: a processed event is skipped, so a replayed
 * delivery or a retried job changes nothing. Handlers refresh state from Stripe, so running one
 * twice (a crash before processed_at was written) is harmless too. Errors propagate: the job retries.
 */
export async function processStripeEvent(db: DB, eventId: string, now: Date = new Date()): Promise<string> {
  const event = await db
    .selectFrom("stripe_events")
    .select(["type", "stripe_created_at", "processed_at"])
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (!event) throw new UnknownStripeEventError(eventId);
  if (event.processed_at) return "already processed";

  const config = billingConfig();
  const handler = WEBHOOK_HANDLERS[event.type];
  let result: { tenantId: string | null; outcome: string };
  if (!config) result = { tenantId: null, outcome: "ignored: billing is not configured" };
  else if (!handler) result = { tenantId: null, outcome: `ignored: ${event.type} is not handled` };
  else {
    // The app role cannot read the payload column (migration 0015): only this event's, while it is
    // unprocessed. null: another attempt processed it a moment ago.
    const { rows } = await sql<{
      payload: unknown;
    }>`select stripe_event_payload(${eventId}) as payload`.execute(db);
    if (rows[0]?.payload == null) return "already processed";
    const data = (rows[0].payload as { data?: { object?: unknown } }).data;
    result = await handler({ db, config, object: data?.object, createdAt: event.stripe_created_at });
  }
  await db
    .updateTable("stripe_events")
    .set({ processed_at: now, tenant_id: result.tenantId, outcome: result.outcome })
    .where("id", "=", eventId)
    .where("processed_at", "is", null)
    .execute();
  return result.outcome;
}
