import type { Route } from "./+types/webhooks.stripe";
import { database } from "~/db/client.ts";
import { MAX_WEBHOOK_BYTES, receiveStripeWebhook } from "~/app/modules/billing/webhook-intake.server.ts";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

/**
 * POST /webhooks/stripe. The signature covers the exact bytes Stripe sent, so the body is read raw
 * (request.text(), never parsed first). CSRF's Origin check exempts /webhooks/ (server.ts).
 */
export async function action({ request }: Route.ActionArgs) {
  if (request.method !== "POST") return json(405, { error: "use POST" });
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_WEBHOOK_BYTES)
    return json(413, { error: "payload too large" });
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_WEBHOOK_BYTES) return json(413, { error: "payload too large" });
  const { db } = await database();
  const receipt = await receiveStripeWebhook(db, raw, request.headers.get("Stripe-Signature"));
  if (receipt.status !== 200) return json(receipt.status, { error: receipt.error });
  return json(200, { received: true, id: receipt.eventId, duplicate: receipt.duplicate });
}

export function loader() {
  return json(405, { error: "Stripe webhooks are POSTed here" });
}
