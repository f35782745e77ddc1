import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { sql } from "kysely";
import type { DB } from "~/db/client.ts";
import { enqueue } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { billingConfig } from "~/app/modules/billing/config.server.ts";

export type WebhookReceipt =
  { status: 200; eventId: string; duplicate: boolean } | { status: 400 | 404; error: string };

/** Stripe's own limit on an event is far below this; anything bigger is not from Stripe. */
export const MAX_WEBHOOK_BYTES = 512 * 1024;

/**
 * Verifies a webhook against the raw body and the signing secret, stores the event (its id is the
 * primary key: a replay stores nothing) and hands the work to the process-stripe-event job. Fast:
 * no call to Stripe here. A bad or missing signature is a 400, never a silent 200.
 */
export async function receiveStripeWebhook(
  db: DB,
  raw: string,
  signature: string | null,
): Promise<WebhookReceipt> {
  const config = billingConfig();
  if (!config) return { status: 404, error: "billing is not configured" };
  if (!signature) return { status: 400, error: "missing Stripe-Signature header" };
  let event: Stripe.Event;
  try {
    // Only the signature is checked here; constructEvent needs no client (and makes no request).
    event = Stripe.webhooks.constructEvent(raw, signature, config.webhookSecret);
  } catch (error) {
    // the message only: the error object carries the whole (unverified) payload
    logger.warn(
      { reason: error instanceof Error ? error.message.split("\n")[0] : String(error) },
      "stripe webhook with a bad signature refused",
    );
    return { status: 400, error: error instanceof Error ? error.message : "invalid signature" };
  }

  const inserted = await db
    .insertInto("stripe_events")
    .values({
      id: event.id,
      type: event.type,
      payload: raw,
      stripe_created_at: new Date(event.created * 1000),
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) {
    await enqueue("process-stripe-event", { eventId: event.id }, { jobId: `stripe-event-${event.id}` });
  } else {
    // A redelivery. Processed: nothing to do. Not processed (its job never got queued because Redis
    // was down, or it used up its attempts while Stripe was unreachable): Stripe's retry is ours
    // too. A fresh job id, since the first job's id is still known to the queue; the job itself is
    // idempotent, so one running alongside a late first attempt does no harm.
    const row = await db
      .selectFrom("stripe_events")
      .select(sql<boolean>`processed_at is null`.as("pending"))
      .where("id", "=", event.id)
      .executeTakeFirst();
    if (row?.pending)
      await enqueue(
        "process-stripe-event",
        { eventId: event.id },
        { jobId: `stripe-event-${event.id}-${randomUUID()}` },
      );
  }
  return { status: 200, eventId: event.id, duplicate: !inserted };
}
