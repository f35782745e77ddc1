import { database } from "~/db/client.ts";
import { processStripeEvent, UnknownStripeEventError } from "~/app/modules/billing/process-event.server.ts";
import { processStripeEventContract } from "~/jobs/contracts/process-stripe-event.ts";
import { defineHandler, PermanentJobError } from "~/jobs/define.ts";

/**
 * The work behind POST /webhooks/stripe: the route stores the event and returns at once, this job
 * applies it (refreshing the subscription from Stripe). Retries with backoff while Stripe or the
 * database are unreachable; a processed event is skipped, so a duplicate run changes nothing.
 */
export const processStripeEventJob = defineHandler(
  processStripeEventContract,
  async ({ eventId }, { log }) => {
    const { db } = await database();
    try {
      const outcome = await processStripeEvent(db, eventId);
      log.info({ eventId, outcome }, "stripe event processed");
    } catch (err) {
      if (err instanceof UnknownStripeEventError) throw new PermanentJobError(err.message, { cause: err });
      throw err;
    }
  },
);
