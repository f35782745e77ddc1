import { sql } from "kysely";
import type { Logger } from "pino";
import type { DB } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { afterCommit, withTenant } from "~/db/tenant.ts";
import { addDays, todayIn } from "~/app/lib/days.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import { digestWeek } from "~/app/modules/reach/digest.server.ts";
import { queueChatDelivery } from "~/app/modules/chat/chat-delivery-queue.server.ts";
import { loadDigestMessage } from "~/app/modules/chat/post-message.server.ts";
import { quietHoursEnd } from "~/app/modules/chat/quiet-hours.ts";
import { postSlackDirectMessage } from "~/app/modules/chat/slack-send.server.ts";
import { openSlackBotToken } from "~/app/modules/chat/slack-installation.server.ts";

/*
 * The weekly digest in chat, on Monday from 08:00 tenant-local (the mail digest's moment,
 * reach/digest.server.ts), about the week that ended on Sunday. Opens its own transactions (on
 * eslint's withTenant list): it works through every tenant, and the personal Slack messages are
 * network calls made between transactions.
 *
 * - Channels with weekly_digest on get one digest delivery per week (unique index
 *   chat_deliveries_digest_once), sent by the delivery engine (deliver-chat-message.server.ts) with
 *   its quiet hours, retries and pausing; the daily limit does not apply to it.
 * - Members who asked for it (chat_digest_subscriptions, opt-in) get it as a Slack direct message in
 *   their language, once per week (last_sent_week), while they are active and the tenant's Slack
 *   installation is live.
 * A week without a post for everyone sends nothing: an empty digest teaches people to ignore it.
 * The hourly job looks all Monday from 08:00 on, so one missed tick loses nothing; later in the week
 * nothing goes out (a digest on Thursday is last week's news).
 */

export interface ChatDigestRunResult {
  channels: number;
  directMessages: number;
}

export async function sendChatDigests(
  db: DB,
  opts: { now?: Date | undefined; tenantId?: string; log?: Logger } = {},
): Promise<ChatDigestRunResult> {
  const now = opts.now ?? new Date();
  const log = opts.log ?? appLogger.child({ component: "chat-digest" });
  const result: ChatDigestRunResult = { channels: 0, directMessages: 0 };
  let q = db.selectFrom("tenants").select(["id", "default_locale", "time_zone"]).orderBy("id");
  if (opts.tenantId) q = q.where("id", "=", opts.tenantId);
  const failures: unknown[] = [];
  for (const tenant of await q.execute()) {
    const week = digestWeek(now, tenant.time_zone);
    // Monday, from 08:00: the covered week's Monday is 7 days before today
    if (!week || addDays(week.weekStart, 7) !== todayIn(tenant.time_zone, now)) continue;
    try {
      result.channels += await queueChannelDigests(db, tenant.id, tenant.time_zone, week.weekStart, now);
      result.directMessages += await sendDirectDigests(db, tenant, week.weekStart, now, log);
    } catch (err) {
      // one tenant's problem must not hold back the others; the job retries (both steps are idempotent)
      failures.push(err);
      log.error({ err, tenantId: tenant.id }, "chat digests of a tenant failed");
    }
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `chat digests failed for ${failures.length} tenant(s)`);
  return result;
}

async function queueChannelDigests(
  db: DB,
  tenantId: string,
  timeZone: string,
  weekStart: string,
  now: Date,
): Promise<number> {
  return withTenant(db, tenantId, async (tx) => {
    const channels = await tx
      .selectFrom("chat_channels")
      .select(["id", "quiet_from", "quiet_until"])
      .where("tenant_id", "=", tenantId)
      .where("status", "=", "active")
      .where("weekly_digest", "=", true)
      .execute();
    if (channels.length === 0) return 0;
    // at least one post: the language does not matter for that
    const digest = await loadDigestMessage(tx, tenantId, weekStart, "en", now);
    if (!digest) return 0;
    const created = await tx
      .insertInto("chat_deliveries")
      .values(
        channels.map((c) => ({
          tenant_id: tenantId,
          channel_id: c.id,
          kind: "digest" as const,
          digest_week: weekStart,
          due_at: quietHoursEnd(now, timeZone, { from: c.quiet_from, until: c.quiet_until }),
          created_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["tenant_id", "channel_id", "digest_week"])
          .where("kind", "=", sql.lit("digest"))
          .doNothing(),
      )
      .returning(["id", "due_at", "attempts"])
      .execute();
    afterCommit(tx, async () => {
      for (const d of created)
        await queueChatDelivery({ tenantId, id: d.id, dueAt: d.due_at, attempts: d.attempts });
    });
    return created.length;
  });
}

/**
 * The personal digests: each subscriber is claimed (last_sent_week) in a transaction, sent to after
 * it, and released again when Slack could not take it for now (a later hourly run tries again); a
 * refusal for good (no Slack user with that address) stays claimed for the week.
 */
async function sendDirectDigests(
  db: DB,
  tenant: { id: string; default_locale: Locale },
  weekStart: string,
  now: Date,
  log: Logger,
): Promise<number> {
  const tenantId = tenant.id;
  const setup = await withTenant(db, tenantId, async (tx) => {
    // H3's: the live installation with its token opened (undefined: none, revoked, no keyring)
    const installation = await openSlackBotToken(tx, tenantId);
    if (!installation) return undefined;
    const people = await tx
      .selectFrom("chat_digest_subscriptions")
      .innerJoin("memberships", (j) =>
        j
          .onRef("memberships.id", "=", "chat_digest_subscriptions.membership_id")
          .onRef("memberships.tenant_id", "=", "chat_digest_subscriptions.tenant_id"),
      )
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "users.email", "users.locale", "chat_digest_subscriptions.last_sent_week"])
      .where("chat_digest_subscriptions.tenant_id", "=", tenantId)
      .where("chat_digest_subscriptions.provider", "=", "slack")
      .where("memberships.status", "=", "active")
      .where((eb) =>
        eb.or([
          eb("chat_digest_subscriptions.last_sent_week", "is", null),
          eb("chat_digest_subscriptions.last_sent_week", "<", weekStart),
        ]),
      )
      .orderBy("memberships.id")
      .execute();
    if (people.length === 0) return undefined;
    return { token: installation.botToken, teamId: installation.teamId, people };
  });
  if (!setup) return 0;

  let sent = 0;
  for (const person of setup.people) {
    const locale = person.locale ?? tenant.default_locale;
    const claimed = await withTenant(db, tenantId, async (tx) => {
      const digest = await loadDigestMessage(tx, tenantId, weekStart, locale, now);
      if (!digest) return undefined;
      const row = await tx
        .updateTable("chat_digest_subscriptions")
        .set({ last_sent_week: weekStart })
        .where("tenant_id", "=", tenantId)
        .where("membership_id", "=", person.id)
        .where("provider", "=", "slack")
        .where((eb) => eb.or([eb("last_sent_week", "is", null), eb("last_sent_week", "<", weekStart)]))
        .returning("membership_id")
        .executeTakeFirst();
      return row ? digest : undefined;
    });
    if (!claimed) continue;
    let outcome;
    try {
      outcome = await postSlackDirectMessage(setup.token, person.email, claimed, { teamId: setup.teamId });
    } catch (err) {
      outcome = { ok: false as const, permanent: false, retryAfterMs: null, error: String(err) };
    }
    if (outcome.ok) {
      sent++;
      continue;
    }
    log.warn(
      { tenantId, membershipId: person.id, error: outcome.error, permanent: outcome.permanent },
      "personal chat digest not sent",
    );
    if (!outcome.permanent)
      await withTenant(db, tenantId, (tx) =>
        tx
          .updateTable("chat_digest_subscriptions")
          .set({ last_sent_week: person.last_sent_week })
          .where("tenant_id", "=", tenantId)
          .where("membership_id", "=", person.id)
          .where("provider", "=", "slack")
          .where("last_sent_week", "=", weekStart)
          .execute(),
      );
  }
  return sent;
}
