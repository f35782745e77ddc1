import { z } from "zod";
import { defineJob } from "~/jobs/define.ts";

export const ProcessStripeEventPayload = z.object({ eventId: z.string().min(1).max(255) }).strict();

/** Applies a stored Stripe webhook event; the handler is jobs/definitions/process-stripe-event.ts. */
export const processStripeEventContract = defineJob({
  name: "process-stripe-event",
  payload: ProcessStripeEventPayload,
  attempts: 8,
  backoffMs: 5_000,
});
