import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { ChatProvider } from "~/db/tables/chat.ts";
import { DAY_MS } from "~/app/lib/days.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { clockText } from "~/app/modules/chat/chat-schemas.ts";

/** How far back the page counts a channel's messages. */
export const CHAT_RECENT_DAYS = 7;

export interface ChatChannelView {
  id: string;
  provider: ChatProvider;
  name: string;
  /** teams: the webhook's host only; the URL is the credential and never leaves the server */
  teamsHost: string | null;
  slackChannelId: string | null;
  allTopics: boolean;
  /** the chosen topics (allTopics false), by name */
  topics: { id: string; name: string }[];
  /** "HH:MM" in the tenant's time zone; both null: no quiet hours */
  quietFrom: string | null;
  quietUntil: string | null;
  dailyLimit: number;
  weeklyDigest: boolean;
  status: "active" | "paused";
  consecutiveFailures: number;
  lastError: string | null;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
  pausedAt: Date | null;
  createdAt: Date;
  /** messages of the last CHAT_RECENT_DAYS days by outcome (pending ones are not counted) */
  recent: { sent: number; failed: number; skipped: number };
}

export interface ChatChannelList {
  channels: ChatChannelView[];
  /** the tenant's topics, for the channels' topic choice */
  topics: { id: string; name: string }[];
}

/** The tenant's Teams and Slack channels for the admin page, oldest first, with their last week. */
export async function listChatChannels(
  tx: Tx,
  actor: Member,
  opts: { now?: Date } = {},
): Promise<ChatChannelList> {
  requirePermission(actor, "integrations.manage");
  const tenantId = actor.tenantId;
  const since = new Date((opts.now ?? new Date()).getTime() - CHAT_RECENT_DAYS * DAY_MS);
  const [rows, chosen, counts, topics] = await Promise.all([
    tx
      .selectFrom("chat_channels")
      .select([
        "id",
        "provider",
        "name",
        "webhook_host",
        "slack_channel_id",
        "all_topics",
        "quiet_from",
        "quiet_until",
        "daily_limit",
        "weekly_digest",
        "status",
        "consecutive_failures",
        "last_error",
        "last_failure_at",
        "last_success_at",
        "paused_at",
        "created_at",
      ])
      .where("tenant_id", "=", tenantId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    tx
      .selectFrom("chat_channel_topics as ct")
      .innerJoin("topics as t", (j) =>
        j.onRef("t.tenant_id", "=", "ct.tenant_id").onRef("t.id", "=", "ct.topic_id"),
      )
      .select(["ct.channel_id", "t.id", "t.name"])
      .where("ct.tenant_id", "=", tenantId)
      .orderBy("t.name")
      .execute(),
    tx
      .selectFrom("chat_deliveries")
      .select(["channel_id", "status", sql<number>`count(*)::int`.as("n")])
      .where("tenant_id", "=", tenantId)
      .where("status", "in", ["sent", "failed", "skipped"])
      .where(sql<Date>`coalesce(sent_at, created_at)`, ">=", since)
      .groupBy(["channel_id", "status"])
      .execute(),
    tx
      .selectFrom("topics")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute(),
  ]);
  return {
    topics,
    channels: rows.map((r) => {
      const recent = { sent: 0, failed: 0, skipped: 0 };
      for (const c of counts) if (c.channel_id === r.id && c.status !== "pending") recent[c.status] = c.n;
      return {
        id: r.id,
        provider: r.provider,
        name: r.name,
        teamsHost: r.provider === "teams" ? r.webhook_host : null,
        slackChannelId: r.provider === "slack" ? r.slack_channel_id : null,
        allTopics: r.all_topics,
        topics: r.all_topics
          ? []
          : chosen.filter((t) => t.channel_id === r.id).map((t) => ({ id: t.id, name: t.name })),
        quietFrom: r.quiet_from === null ? null : clockText(r.quiet_from),
        quietUntil: r.quiet_until === null ? null : clockText(r.quiet_until),
        dailyLimit: r.daily_limit,
        weeklyDigest: r.weekly_digest,
        status: r.status,
        consecutiveFailures: r.consecutive_failures,
        lastError: r.last_error,
        lastFailureAt: r.last_failure_at,
        lastSuccessAt: r.last_success_at,
        pausedAt: r.paused_at,
        createdAt: r.created_at,
        recent,
      };
    }),
  };
}
