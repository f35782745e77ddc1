import { z } from "zod";
import { database } from "~/db/client.ts";
import { processStripeEvent, UnknownStripeEventError } from "~/app/modules/billing/process-event.server.ts";
import { defineJob, PermanentJobError } from "~/jobs/define.ts";

export const ProcessStripeEventPayload = z.object({ eventId: z.string().min(1).max(255) }).strict();

/**
 * The work behind POST /webhooks/stripe: the route stores the event and returns at once, this job
 * applies it (refreshing the subscription from Stripe). Retries with backoff while Stripe or the
 * database are unreachable; a processed event is skipped, so a duplicate run changes nothing.
 */
export const processStripeEventJob = defineJob({
  name: "process-stripe-event",
  payload: ProcessStripeEventPayload,
  attempts: 8,
  backoffMs: 5_000,
  async handler({ eventId }, { log }) {
    const { db } = await database();
    try {
      const outcome = await processStripeEvent(db, eventId);
      log.info({ eventId, outcome }, "stripe event processed");
    } catch (err) {
      if (err instanceof UnknownStripeEventError) throw new PermanentJobError(err.message, { cause: err });
      throw err;
    }
  },
});
