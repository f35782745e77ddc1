import type { Logger } from "pino";
import type { DB, Tx } from "~/db/client.ts";
import { afterCommit, withTenant } from "~/db/tenant.ts";
import { todayIn } from "~/app/lib/days.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import type { ChatMessage, SendOutcome } from "~/app/modules/chat/chat-message.ts";
import { queueChatDelivery } from "~/app/modules/chat/chat-delivery-queue.server.ts";
import { loadDigestMessage, loadPostMessage } from "~/app/modules/chat/post-message.server.ts";
import { quietHoursEnd } from "~/app/modules/chat/quiet-hours.ts";
import {
  openChannelTarget,
  sendChannelMessage,
  type ChannelTarget,
} from "~/app/modules/chat/send-channel-message.server.ts";
import type { ChatSkipReason } from "~/db/tables/chat.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";

/*
 * Sending one chat delivery (a post's announcement, a week's digest, a test) to its Teams or Slack
 * channel. Opens its own transactions (on eslint's withTenant list): the send is a network call to
 * Microsoft or Slack and must not hold a transaction, a row lock or a pooled connection while it
 * waits. Three steps:
 *
 * 1. claim (one transaction): the delivery, if still pending and due, locked FOR UPDATE SKIP LOCKED
 *    (an overlapping run skips it); the channel locked FOR UPDATE (so two deliveries of one channel
 *    count the daily limit one after the other). Held (due_at moved, no send) while the channel's
 *    quiet hours last, whatever made it due. Skipped when the channel is paused (channel_paused), the
 *    post is no longer published, no longer for everyone or no longer of a topic the channel takes
 *    (post_gone), or the channel's daily limit is reached (daily_limit). Otherwise the message is built and the secret opened, and the claim written:
 *    attempts + 1 and due_at = now + CHAT_LEASE_MS, so another run (the sweep, a duplicate job)
 *    finds it not due while this one sends. A process that dies while sending leaves a delivery the
 *    sweep retries once the lease is over: at least once, never twice at the same time.
 * 2. send, between transactions.
 * 3. record (another transaction), only if the claim is still this run's (same attempts): sent;
 *    or pending again with due_at from the provider's Retry-After (else exponential backoff) and a
 *    new job — our own retry, since BullMQ's backoff cannot honour Retry-After; or failed, counted
 *    on the channel, which is paused after CHAT_PAUSE_AFTER_FAILURES failed deliveries in a row.
 */

/** Sends of one delivery, the first included, before it fails for good. */
export const CHAT_MAX_ATTEMPTS = 5;
/** Failed deliveries in a row (each after its retries, or refused for good) that pause a channel. */
export const CHAT_PAUSE_AFTER_FAILURES = 5;
/** How long a claimed delivery is this run's alone (a send takes seconds). */
export const CHAT_LEASE_MS = 5 * 60_000;
/** A provider's Retry-After beyond this is cut to it. */
export const CHAT_MAX_RETRY_WAIT_MS = 6 * 3_600_000;

/** The wait before retry number `attempt` without a Retry-After: 30 s, 1 min, 2 min, … (JOB_BACKOFF_MS: tests). */
export function chatRetryBackoffMs(attempt: number): number {
  const raw = process.env.JOB_BACKOFF_MS;
  const base = raw !== undefined && raw !== "" && Number.isInteger(Number(raw)) ? Number(raw) : 30_000;
  return Math.min(base * 2 ** Math.max(attempt - 1, 0), CHAT_MAX_RETRY_WAIT_MS);
}

export type DeliveryResult =
  | { status: "nothing" }
  | { status: "skipped"; reason: ChatSkipReason }
  | { status: "sent" }
  | { status: "retry"; dueAt: Date }
  | { status: "failed"; error: string; paused: boolean };

interface Claimed {
  status: "claimed";
  attempts: number;
  channelId: string;
  target: ChannelTarget;
  message: ChatMessage;
  timeZone: string;
}

const errorText = (error: string) => error.slice(0, 500);

export async function deliverChatMessage(
  db: DB,
  job: { tenantId: string; deliveryId: string },
  opts: { clock?: () => Date; log?: Logger } = {},
): Promise<DeliveryResult> {
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? appLogger.child({ component: "chat-delivery" });
  const { tenantId, deliveryId } = job;

  const claim = await withTenant(db, tenantId, (tx) => claimDelivery(tx, tenantId, deliveryId, clock()));
  if (claim.status !== "claimed") return claim;

  const outcome = await sendChannelMessage(claim.target, claim.message);
  const result = await withTenant(db, tenantId, (tx) =>
    recordOutcome(tx, tenantId, deliveryId, claim, outcome, clock()),
  );
  if (result.status === "failed")
    log.warn(
      { tenantId, deliveryId, channelId: claim.channelId, error: result.error, paused: result.paused },
      "chat message failed",
    );
  else if (result.status === "retry")
    log.info(
      { tenantId, deliveryId, dueAt: result.dueAt, error: outcome.ok ? null : outcome.error },
      "chat message retried later",
    );
  return result;
}

async function claimDelivery(
  tx: Tx,
  tenantId: string,
  deliveryId: string,
  now: Date,
): Promise<Claimed | Exclude<DeliveryResult, { status: "sent" | "retry" }>> {
  const delivery = await tx
    .selectFrom("chat_deliveries")
    .select(["id", "channel_id", "kind", "post_id", "digest_week", "attempts"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", deliveryId)
    .where("status", "=", "pending")
    .where("due_at", "<=", now)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  // sent, skipped or failed already; not due (quiet hours, a retry's wait, another run's lease); or
  // another run holds it right now
  if (!delivery) return { status: "nothing" };

  const channel = await tx
    .selectFrom("chat_channels")
    .select([
      "id",
      "name",
      "provider",
      "status",
      "all_topics",
      "quiet_from",
      "quiet_until",
      "daily_limit",
      "webhook_url_encrypted",
      "slack_channel_id",
    ])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", delivery.channel_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const tenant = await tx
    .selectFrom("tenants")
    .select(["name", "default_locale", "time_zone"])
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  const skip = async (reason: ChatSkipReason) => {
    await tx
      .updateTable("chat_deliveries")
      .set({ status: "skipped", skip_reason: reason })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", delivery.id)
      .execute();
    return { status: "skipped" as const, reason };
  };

  if (channel.status === "paused") return skip("channel_paused");
  // Every attempt was claimed and none came back with an outcome (runs that died while sending, each
  // lease run out): no more sends, or a crash loop would post the card again after every lease.
  if (delivery.attempts >= CHAT_MAX_ATTEMPTS)
    return failDelivery(
      tx,
      tenantId,
      delivery.id,
      channel.id,
      delivery.attempts,
      `no outcome recorded after ${delivery.attempts} attempts`,
      now,
    );

  // Quiet hours hold every send, not only the first: a retry's wait (a Retry-After of hours), a job
  // lost and found by the sweep, quiet hours set after the post was announced. The sweep queues it
  // again once they end.
  const quietEnd = quietHoursEnd(now, tenant.time_zone, {
    from: channel.quiet_from,
    until: channel.quiet_until,
  });
  if (quietEnd > now) {
    await tx
      .updateTable("chat_deliveries")
      .set({ due_at: quietEnd })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", delivery.id)
      .execute();
    return { status: "nothing" };
  }

  // The channel speaks the tenant's language: its readers' own settings are unknown to us.
  const locale = tenant.default_locale;
  let message: ChatMessage | undefined;
  if (delivery.kind === "post") {
    const post = await tx
      .selectFrom("posts")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", delivery.post_id!)
      .where("status", "=", "published")
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      // still for everyone, and still of a topic the channel takes: a post edited while its message
      // waited (narrowed to a team, moved to another topic) and approved again is announced anew
      // under its new settings (announce-post.server.ts), never under the old ones
      .where("target_all", "=", true)
      .$if(!channel.all_topics, (q) =>
        q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom("post_topics")
              .innerJoin("chat_channel_topics", (j) =>
                j
                  .onRef("chat_channel_topics.tenant_id", "=", "post_topics.tenant_id")
                  .onRef("chat_channel_topics.topic_id", "=", "post_topics.topic_id"),
              )
              .select("post_topics.post_id")
              .whereRef("post_topics.post_id", "=", "posts.id")
              .where("post_topics.tenant_id", "=", tenantId)
              .where("chat_channel_topics.channel_id", "=", channel.id),
          ),
        ),
      )
      .executeTakeFirst();
    // withdrawn, archived or expired while the message waited (quiet hours, retries), or no longer
    // for this channel
    if (!post) return skip("post_gone");
    // The limit is checked once, before the first send; a retry already holds its place.
    if (
      delivery.attempts === 0 &&
      (await postsCountedToday(tx, tenantId, channel.id, delivery.id, tenant.time_zone, now)) >=
        channel.daily_limit
    )
      // Decision: a post beyond the limit is not queued for tomorrow (a backlog would flood the
      // channel the next morning, and the post may be old news by then): the week's digest lists it.
      return skip("daily_limit");
    message = await loadPostMessage(tx, tenantId, post.id, locale);
  } else if (delivery.kind === "digest") {
    // the daily limit is for announcements; the week's digest always goes
    message = await loadDigestMessage(tx, tenantId, delivery.digest_week!, locale, now, {
      channelId: channel.all_topics ? undefined : channel.id,
    });
    // every post of the week was withdrawn meanwhile: nothing to say
    if (!message) return skip("post_gone");
  } else {
    message = { kind: "test", locale, tenantName: tenant.name, channelName: channel.name };
  }
  if (!message) return skip("post_gone");

  const opened = await openChannelTarget(tx, tenantId, channel);
  const attempts = delivery.attempts + 1;
  if (!opened.ok) {
    const failed = await failDelivery(tx, tenantId, delivery.id, channel.id, attempts, opened.error, now);
    return failed;
  }
  await tx
    .updateTable("chat_deliveries")
    .set({ attempts, due_at: new Date(now.getTime() + CHAT_LEASE_MS) })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", delivery.id)
    .execute();
  return {
    status: "claimed",
    attempts,
    channelId: channel.id,
    target: opened.target,
    message,
    timeZone: tenant.time_zone,
  };
}

/**
 * Announcements the channel has used up today (tenant-local day): those sent today, and those that
 * have been tried and wait for a retry or are being sent right now (they hold their place).
 */
async function postsCountedToday(
  tx: Tx,
  tenantId: string,
  channelId: string,
  deliveryId: string,
  timeZone: string,
  now: Date,
): Promise<number> {
  const today = todayIn(timeZone, now);
  const row = await tx
    .selectFrom("chat_deliveries")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("channel_id", "=", channelId)
    .where("kind", "=", "post")
    .where("id", "!=", deliveryId)
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "sent"), eb("sent_day", "=", today)]),
        eb.and([eb("status", "=", "pending"), eb("attempts", ">", 0)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function recordOutcome(
  tx: Tx,
  tenantId: string,
  deliveryId: string,
  claim: Claimed,
  outcome: SendOutcome,
  now: Date,
): Promise<DeliveryResult> {
  if (outcome.ok) {
    // also when the channel was paused meanwhile and skipped it: the message did arrive
    const sent = await tx
      .updateTable("chat_deliveries")
      .set({
        status: "sent",
        skip_reason: null,
        sent_at: now,
        sent_day: todayIn(claim.timeZone, now),
        last_error: null,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", deliveryId)
      .where("attempts", "=", claim.attempts)
      .where("status", "in", ["pending", "skipped"])
      .returning("id")
      .executeTakeFirst();
    if (sent)
      await tx
        .updateTable("chat_channels")
        // a run of failures ends here; admins see the error until a message gets through
        .set({ consecutive_failures: 0, last_error: null, last_success_at: now })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", claim.channelId)
        .execute();
    return sent ? { status: "sent" } : { status: "nothing" };
  }

  const current = await tx
    .selectFrom("chat_deliveries")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", deliveryId)
    .where("attempts", "=", claim.attempts)
    .where("status", "=", "pending")
    .forUpdate()
    .executeTakeFirst();
  // the lease ran out and another run took over, or the channel was paused and skipped it
  if (!current) return { status: "nothing" };

  if (!outcome.permanent && claim.attempts < CHAT_MAX_ATTEMPTS) {
    const wait = Math.min(outcome.retryAfterMs ?? chatRetryBackoffMs(claim.attempts), CHAT_MAX_RETRY_WAIT_MS);
    const dueAt = new Date(now.getTime() + Math.max(wait, 0));
    await tx
      .updateTable("chat_deliveries")
      .set({ due_at: dueAt, last_error: errorText(outcome.error) })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", deliveryId)
      .execute();
    afterCommit(tx, () => queueChatDelivery({ tenantId, id: deliveryId, dueAt, attempts: claim.attempts }));
    return { status: "retry", dueAt };
  }
  return failDelivery(tx, tenantId, deliveryId, claim.channelId, claim.attempts, outcome.error, now);
}

/**
 * The delivery failed for good: counted on the channel (admins see the error); the channel's
 * CHAT_PAUSE_AFTER_FAILURES-th failure in a row pauses it, and its other waiting messages are
 * skipped (an admin resumes it after fixing the webhook or the Slack channel).
 */
async function failDelivery(
  tx: Tx,
  tenantId: string,
  deliveryId: string,
  channelId: string,
  attempts: number,
  error: string,
  now: Date,
): Promise<Extract<DeliveryResult, { status: "failed" }>> {
  const text = errorText(error);
  await tx
    .updateTable("chat_deliveries")
    .set({ status: "failed", attempts, last_error: text })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", deliveryId)
    .execute();
  const channel = await tx
    .updateTable("chat_channels")
    .set((eb) => ({
      consecutive_failures: eb("consecutive_failures", "+", 1),
      last_error: text,
      last_failure_at: now,
    }))
    .where("tenant_id", "=", tenantId)
    .where("id", "=", channelId)
    .returning(["consecutive_failures", "status", "name", "provider"])
    .executeTakeFirstOrThrow();
  if (channel.status !== "active" || channel.consecutive_failures < CHAT_PAUSE_AFTER_FAILURES)
    return { status: "failed", error: text, paused: false };

  await tx
    .updateTable("chat_channels")
    .set({ status: "paused", paused_at: now })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", channelId)
    .execute();
  // SKIP LOCKED: a run claiming one of them holds it and waits for the channel's lock, which this
  // transaction holds (waiting for it in turn would deadlock); that run then finds the channel
  // paused and skips it itself
  const waiting = await tx
    .selectFrom("chat_deliveries")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("channel_id", "=", channelId)
    .where("status", "=", "pending")
    .forUpdate()
    .skipLocked()
    .execute();
  const skipped =
    waiting.length === 0
      ? []
      : await tx
          .updateTable("chat_deliveries")
          .set({ status: "skipped", skip_reason: "channel_paused" })
          .where("tenant_id", "=", tenantId)
          .where(
            "id",
            "in",
            waiting.map((w) => w.id),
          )
          .returning("id")
          .execute();
  await recordAudit(tx, {
    tenantId,
    actorUserId: null,
    action: "chat.channel_paused",
    subject: channelId,
    data: {
      channel: channel.name,
      provider: channel.provider,
      failures: channel.consecutive_failures,
      error: text,
      skipped: skipped.length,
    },
  });
  return { status: "failed", error: text, paused: true };
}

// ── the sweep ───────────────────────────────────────────────────────────────

/** A delivery due this long without being handled has lost its job: the sweep gives it a new one. */
export const CHAT_OVERDUE_MS = 2 * 60_000;
const SWEEP_BATCH = 500;

/**
 * Every minute: a job for each pending delivery that is due. Most have their own job already (the
 * same job id: the queue drops the copy); those whose moment was too far for a job
 * (CHAT_ENQUEUE_HORIZON_MS: quiet hours, a long Retry-After) get theirs now; and one overdue for
 * minutes (its job lost in a restart or with Redis's data, or failed before it claimed) gets a new
 * one each minute until it is handled. Across tenants, one transaction each.
 */
export async function sweepDueChatDeliveries(db: DB, now: Date = new Date()): Promise<number> {
  const tenants = await db.selectFrom("tenants").select("id").orderBy("id").execute();
  const minute = Math.floor(now.getTime() / 60_000);
  let queued = 0;
  for (const { id: tenantId } of tenants) {
    const due = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("chat_deliveries")
        .select(["id", "due_at", "attempts"])
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "pending")
        .where("due_at", "<=", now)
        .orderBy("due_at")
        .limit(SWEEP_BATCH)
        .execute(),
    );
    for (const d of due) {
      const late = now.getTime() - d.due_at.getTime() >= CHAT_OVERDUE_MS ? minute : undefined;
      if (await queueChatDelivery({ tenantId, id: d.id, dueAt: d.due_at, attempts: d.attempts }, { late }))
        queued++;
    }
  }
  return queued;
}
