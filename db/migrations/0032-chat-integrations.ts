import { sql, type Kysely } from "kysely";
import { enableTenantRls } from "~/db/rls.ts";

/**
 * Microsoft Teams and Slack (issue 17): new posts and the weekly programme digest as messages in the
 * channels people already read, with one-tap share links back to Chorus.
 *
 * chat_channels: one destination a comms lead or admin configured. A Teams channel is a Workflows
 * webhook URL ("Post to a channel when a webhook request is received"), sealed with the secrets
 * keyring since the URL itself is the credential; a Slack channel is a channel id of the tenant's
 * Slack installation. Per channel: which topics go there (all_topics, or the rows of
 * chat_channel_topics — a deleted topic then narrows the channel, never widens it), quiet hours in
 * the tenant's time zone, a daily limit, the weekly digest on or off. Failures are counted; after
 * CHAT_PAUSE_AFTER_FAILURES in a row the channel is paused and admins see why. Publishing never
 * waits for a channel.
 *
 * chat_deliveries: one message to one channel (a post's announcement, a week's digest, a test). The
 * unique keys make fan-out idempotent (a post is announced once per channel, a digest once per
 * channel and week); the delivery job sends, retries and records.
 *
 * slack_installations: the tenant's Slack workspace ("Add to Slack", OAuth v2), its bot token sealed.
 * Slack's requests name the workspace (team_id) before any tenant is known, so the one read past RLS
 * is resolve_slack_team(text) (SECURITY DEFINER, installations with a live token only). One
 * workspace serves one tenant at a time; the install refuses a workspace another tenant holds.
 *
 * chat_digest_subscriptions: members who asked for the weekly digest as a personal Slack message.
 * Nobody gets a direct message without a row here (privacy: opt-in only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ owner: string }>`select current_user as owner`.execute(db);
  const owner = `"${rows[0]!.owner.replaceAll('"', '""')}"`;

  await db.schema
    .createTable("slack_installations")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("id", "uuid", (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn("team_id", "text", (c) => c.notNull().check(sql`team_id ~ '^[A-Z0-9]{1,32}$'`))
    .addColumn("team_name", "text", (c) => c.notNull())
    .addColumn("enterprise_id", "text")
    .addColumn("app_id", "text")
    .addColumn("bot_user_id", "text")
    .addColumn("bot_token_encrypted", "text")
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("installed_by", "uuid")
    .addColumn("installed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addPrimaryKeyConstraint("slack_installations_pkey", ["tenant_id", "id"])
    .addUniqueConstraint("slack_installations_one_per_tenant", ["tenant_id"])
    .addCheckConstraint(
      "slack_installations_token_or_revoked",
      sql`(bot_token_encrypted is null) = (revoked_at is not null)`,
    )
    .execute();
  await sql`ALTER TABLE slack_installations ADD CONSTRAINT slack_installations_installed_by_fkey
    FOREIGN KEY (tenant_id, installed_by) REFERENCES memberships (tenant_id, id) ON DELETE SET NULL (installed_by)`.execute(
    db,
  );
  await enableTenantRls(db, "slack_installations");
  await sql`CREATE INDEX slack_installations_team ON slack_installations (team_id) WHERE revoked_at IS NULL`.execute(
    db,
  );
  await sql
    .raw(
      `CREATE FUNCTION resolve_slack_team(wanted text)
         RETURNS TABLE (tenant_id uuid)
         LANGUAGE sql STABLE SECURITY DEFINER
         SET search_path = pg_catalog, pg_temp
       AS $$
         SELECT i.tenant_id FROM public.slack_installations i
         WHERE i.team_id = wanted AND i.revoked_at IS NULL
         ORDER BY i.installed_at
       $$`,
    )
    .execute(db);
  await sql.raw(`REVOKE ALL ON FUNCTION resolve_slack_team(text) FROM PUBLIC`).execute(db);
  await sql.raw(`GRANT EXECUTE ON FUNCTION resolve_slack_team(text) TO chorus_app`).execute(db);
  await sql
    .raw(`CREATE POLICY operators ON slack_installations FOR SELECT TO ${owner} USING (true)`)
    .execute(db);

  await db.schema
    .createTable("chat_channels")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("id", "uuid", (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn("provider", "text", (c) => c.notNull().check(sql`provider in ('teams', 'slack')`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn("webhook_url_encrypted", "text")
    .addColumn("webhook_host", "text")
    .addColumn("slack_channel_id", "text", (c) => c.check(sql`slack_channel_id ~ '^[A-Z0-9]{1,32}$'`))
    .addColumn("all_topics", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("quiet_from", "smallint", (c) => c.check(sql`quiet_from between 0 and 1439`))
    .addColumn("quiet_until", "smallint", (c) => c.check(sql`quiet_until between 0 and 1439`))
    .addColumn("daily_limit", "smallint", (c) =>
      c
        .notNull()
        .defaultTo(3)
        .check(sql`daily_limit between 1 and 50`),
    )
    .addColumn("weekly_digest", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("active")
        .check(sql`status in ('active', 'paused')`),
    )
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("last_failure_at", "timestamptz")
    .addColumn("last_success_at", "timestamptz")
    .addColumn("paused_at", "timestamptz")
    .addColumn("created_by", "uuid")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("chat_channels_pkey", ["tenant_id", "id"])
    .addCheckConstraint(
      "chat_channels_provider_fields",
      sql`(provider = 'teams' and webhook_url_encrypted is not null and webhook_host is not null and slack_channel_id is null)
        or (provider = 'slack' and slack_channel_id is not null and webhook_url_encrypted is null)`,
    )
    .addCheckConstraint("chat_channels_quiet_both", sql`(quiet_from is null) = (quiet_until is null)`)
    .addCheckConstraint("chat_channels_paused_at", sql`(status = 'paused') = (paused_at is not null)`)
    .execute();
  await sql`ALTER TABLE chat_channels ADD CONSTRAINT chat_channels_created_by_fkey
    FOREIGN KEY (tenant_id, created_by) REFERENCES memberships (tenant_id, id) ON DELETE SET NULL (created_by)`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX chat_channels_slack_channel ON chat_channels (tenant_id, slack_channel_id) WHERE provider = 'slack'`.execute(
    db,
  );
  await enableTenantRls(db, "chat_channels");

  await db.schema
    .createTable("chat_channel_topics")
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("channel_id", "uuid", (c) => c.notNull())
    .addColumn("topic_id", "uuid", (c) => c.notNull())
    .addPrimaryKeyConstraint("chat_channel_topics_pkey", ["tenant_id", "channel_id", "topic_id"])
    .addForeignKeyConstraint(
      "chat_channel_topics_channel_fkey",
      ["tenant_id", "channel_id"],
      "chat_channels",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "chat_channel_topics_topic_fkey",
      ["tenant_id", "topic_id"],
      "topics",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await enableTenantRls(db, "chat_channel_topics");

  await db.schema
    .createTable("chat_deliveries")
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("id", "uuid", (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn("channel_id", "uuid", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('post', 'digest', 'test')`))
    .addColumn("post_id", "uuid")
    .addColumn("digest_week", "date")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn("skip_reason", "text", (c) =>
      c.check(sql`skip_reason in ('daily_limit', 'channel_paused', 'post_gone')`),
    )
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("sent_at", "timestamptz")
    .addColumn("sent_day", "date")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("chat_deliveries_pkey", ["tenant_id", "id"])
    .addForeignKeyConstraint(
      "chat_deliveries_channel_fkey",
      ["tenant_id", "channel_id"],
      "chat_channels",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "chat_deliveries_post_fkey",
      ["tenant_id", "post_id"],
      "posts",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addCheckConstraint(
      "chat_deliveries_kind_fields",
      sql`(kind = 'post' and post_id is not null and digest_week is null)
        or (kind = 'digest' and post_id is null and digest_week is not null)
        or (kind = 'test' and post_id is null and digest_week is null)`,
    )
    .addCheckConstraint(
      "chat_deliveries_sent",
      sql`(status = 'sent') = (sent_at is not null and sent_day is not null)`,
    )
    .execute();
  await sql`CREATE UNIQUE INDEX chat_deliveries_post_once ON chat_deliveries (tenant_id, channel_id, post_id) WHERE kind = 'post'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX chat_deliveries_digest_once ON chat_deliveries (tenant_id, channel_id, digest_week) WHERE kind = 'digest'`.execute(
    db,
  );
  await sql`CREATE INDEX chat_deliveries_sent_day ON chat_deliveries (tenant_id, channel_id, sent_day) WHERE status = 'sent'`.execute(
    db,
  );
  await sql`CREATE INDEX chat_deliveries_pending ON chat_deliveries (due_at) WHERE status = 'pending'`.execute(
    db,
  );
  await enableTenantRls(db, "chat_deliveries");

  await db.schema
    .createTable("chat_digest_subscriptions")
    .addColumn("tenant_id", "uuid", (c) => c.notNull())
    .addColumn("membership_id", "uuid", (c) => c.notNull())
    .addColumn("provider", "text", (c) => c.notNull().check(sql`provider in ('slack')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_sent_week", "date")
    .addPrimaryKeyConstraint("chat_digest_subscriptions_pkey", ["tenant_id", "membership_id", "provider"])
    .addForeignKeyConstraint(
      "chat_digest_subscriptions_member_fkey",
      ["tenant_id", "membership_id"],
      "memberships",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await enableTenantRls(db, "chat_digest_subscriptions");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("chat_digest_subscriptions").execute();
  await db.schema.dropTable("chat_deliveries").execute();
  await db.schema.dropTable("chat_channel_topics").execute();
  await db.schema.dropTable("chat_channels").execute();
  await sql`DROP FUNCTION resolve_slack_team(text)`.execute(db);
  await db.schema.dropTable("slack_installations").execute();
}
