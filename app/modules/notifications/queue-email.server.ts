import { enqueue } from "~/jobs/queue.ts";
import type { SendEmailPayload } from "~/jobs/contracts/send-email.ts";

/**
 * Domain code never sends mail inline: it hands the message to the send-email job. The same
 * idempotencyKey twice sends one mail (job retries, double submits).
 */
export async function queueEmail(input: SendEmailPayload): Promise<void> {
  await enqueue("send-email", input);
}
