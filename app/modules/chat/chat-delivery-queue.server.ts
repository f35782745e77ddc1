import { enqueue } from "~/jobs/queue.ts";

/**
 * A delivery whose moment is further away than this gets no job now: the every-minute sweep
 * (sweepDueChatDeliveries) queues it once it is due. Quiet hours of a night would otherwise be
 * delayed jobs kept in Redis for hours, or, without Redis, timers that a restart loses anyway.
 */
export const CHAT_ENQUEUE_HORIZON_MS = 5 * 60_000;

/**
 * One job per delivery and attempt: a second enqueue of the same attempt (the sweep finding a
 * delivery whose own job is still waiting) is dropped by the queue. `late` (a minute number) names
 * a sweep's job for a delivery overdue for minutes, whose own job was lost or failed before it
 * claimed the delivery; the delivery's lock and lease keep two runs from sending twice.
 */
export function chatDeliveryJobId(deliveryId: string, attempts: number, late?: number): string {
  return late === undefined
    ? `chat-delivery-${deliveryId}-${attempts}`
    : `chat-delivery-${deliveryId}-${attempts}-late-${late}`;
}

/** Queues the delivery's job for its due time (call after the commit that wrote the row). */
export async function queueChatDelivery(
  delivery: { tenantId: string; id: string; dueAt: Date; attempts: number },
  opts: { late?: number } = {},
): Promise<boolean> {
  const delay = delivery.dueAt.getTime() - Date.now();
  if (delay > CHAT_ENQUEUE_HORIZON_MS) return false;
  await enqueue(
    "deliver-chat-message",
    { tenantId: delivery.tenantId, deliveryId: delivery.id },
    { delayMs: Math.max(0, delay), jobId: chatDeliveryJobId(delivery.id, delivery.attempts, opts.late) },
  );
  return true;
}
