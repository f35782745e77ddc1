import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "~/db/columns.ts";

/** a tenant-local calendar day: written and read as "YYYY-MM-DD" (see db/client.ts type parsers) */
type Day = ColumnType<string, string, string>;

export const CHAT_PROVIDERS = ["teams", "slack"] as const;
export type ChatProvider = (typeof CHAT_PROVIDERS)[number];

export const CHAT_DELIVERY_KINDS = ["post", "digest", "test"] as const;
export type ChatDeliveryKind = (typeof CHAT_DELIVERY_KINDS)[number];

export const CHAT_SKIP_REASONS = ["daily_limit", "channel_paused", "post_gone"] as const;
export type ChatSkipReason = (typeof CHAT_SKIP_REASONS)[number];

/** The tenant's Slack workspace, one per tenant (migration 0032-chat-integrations). */
export interface SlackInstallationsTable {
  tenant_id: string;
  id: Generated<string>;
  /** Slack's workspace id (T…): requests from Slack name it before any tenant is known */
  team_id: string;
  team_name: string;
  enterprise_id: string | null;
  app_id: string | null;
  bot_user_id: string | null;
  /** sealed with the secrets keyring; null once uninstalled or revoked (then revoked_at is set) */
  bot_token_encrypted: string | null;
  /** the scopes Slack granted, comma-separated as Slack sends them */
  scopes: string;
  installed_by: string | null;
  installed_at: CreatedAt;
  revoked_at: Timestamp | null;
}

/** One Teams or Slack channel Chorus posts to. */
export interface ChatChannelsTable {
  tenant_id: string;
  id: Generated<string>;
  provider: ChatProvider;
  /** the admin's label, e.g. "Marketing · General" */
  name: string;
  /** teams: the Workflows webhook URL, sealed (the URL is the credential) */
  webhook_url_encrypted: string | null;
  /** teams: the webhook's host, shown to admins instead of the URL */
  webhook_host: string | null;
  /** slack: the channel id (C…/G…) in the tenant's workspace */
  slack_channel_id: string | null;
  /** every topic goes here; false: only posts with a topic of chat_channel_topics */
  all_topics: Generated<boolean>;
  /** quiet hours in minutes after local midnight (tenant's time zone); both null: none */
  quiet_from: number | null;
  quiet_until: number | null;
  /** at most this many post messages a tenant-local day */
  daily_limit: Generated<number>;
  weekly_digest: Generated<boolean>;
  status: Generated<"active" | "paused">;
  consecutive_failures: Generated<number>;
  last_error: string | null;
  last_failure_at: Timestamp | null;
  last_success_at: Timestamp | null;
  paused_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ChatChannelTopicsTable {
  tenant_id: string;
  channel_id: string;
  topic_id: string;
}

/** One message to one channel: a post's announcement, a week's digest or a test. */
export interface ChatDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  channel_id: string;
  kind: ChatDeliveryKind;
  post_id: string | null;
  /** kind digest: the Monday of the week it covers */
  digest_week: Day | null;
  status: Generated<"pending" | "sent" | "failed" | "skipped">;
  skip_reason: ChatSkipReason | null;
  /** not before: the end of quiet hours, or a Retry-After */
  due_at: ColumnType<Date, Date | string, Date | string>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
  /** the tenant-local day it was sent: what the daily limit counts */
  sent_day: Day | null;
  created_at: CreatedAt;
}

/** A member who asked for the weekly digest as a personal message (opt-in; nobody else gets one). */
export interface ChatDigestSubscriptionsTable {
  tenant_id: string;
  membership_id: string;
  provider: "slack";
  created_at: CreatedAt;
  last_sent_week: Day | null;
}

export interface ChatTables {
  slack_installations: SlackInstallationsTable;
  chat_channels: ChatChannelsTable;
  chat_channel_topics: ChatChannelTopicsTable;
  chat_deliveries: ChatDeliveriesTable;
  chat_digest_subscriptions: ChatDigestSubscriptionsTable;
}
