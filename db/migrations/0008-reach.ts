import { sql, type Kysely } from "kysely";
import { enableTenantRls, grantToApp } from "~/db/rls.ts";

const now = sql`now()`;

/**
 * Reach: daily rollups of shares and clicks, the tenant's reach settings, provider-reported metrics,
 * the weekly digest, and a record of failed jobs.
 *
 * Shares get two snapshots taken when they are made, so a rollup re-run a year later attributes
 * them the same way: the sharer's follower count on that network (estimated impressions) and their
 * team (team figures). They also keep the network's id for the post when Chorus posted it through
 * the network's API (provider metrics ask for it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("shares")
    .addColumn("followers_at_share", "integer", (c) => c.check(sql`followers_at_share >= 0`))
    .addColumn("team_id", "uuid", (c) => c.references("teams.id").onDelete("set null"))
    .addColumn("external_id", "text")
    .execute();
  // shares made before this migration: today's figures are the best snapshot there is
  await sql`UPDATE shares s SET followers_at_share = p.follower_count
            FROM social_profiles p
            WHERE p.tenant_id = s.tenant_id AND p.membership_id = s.membership_id AND p.network = s.network`.execute(
    db,
  );
  await sql`UPDATE shares s SET team_id = m.team_id FROM memberships m WHERE m.id = s.membership_id`.execute(
    db,
  );
  await db.schema
    .createIndex("shares_created_idx")
    .on("shares")
    .columns(["tenant_id", "created_at"])
    .execute();

  // the rollup reads one day of one tenant's clicks at a time
  await db.schema
    .createIndex("click_events_time_idx")
    .on("click_events")
    .columns(["tenant_id", "clicked_at"])
    .execute();

  await db.schema
    .createTable("reach_settings")
    .addColumn("tenant_id", "uuid", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
    // per network: estimated impressions = followers at share time × factor; missing networks use the defaults
    .addColumn("impression_factors", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("cpm", "numeric(10, 2)", (c) =>
      c
        .notNull()
        .defaultTo(8)
        .check(sql`cpm >= 0`),
    )
    .addColumn("cpc", "numeric(10, 2)", (c) =>
      c
        .notNull()
        .defaultTo(1.2)
        .check(sql`cpc >= 0`),
    )
    .addColumn("currency", "text", (c) =>
      c
        .notNull()
        .defaultTo("EUR")
        .check(sql`currency ~ '^[A-Z]{3}$'`),
    )
    .addColumn("min_group_size", "integer", (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`min_group_size between 2 and 1000`),
    )
    .addColumn("click_retention_days", "integer", (c) =>
      c
        .notNull()
        .defaultTo(90)
        .check(sql`click_retention_days between 7 and 730`),
    )
    // raw clicks of days before this (tenant-local) day have been deleted: only rollups remain
    .addColumn("clicks_purged_before", "date")
    .addColumn("updated_by", "uuid", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await enableTenantRls(db, "reach_settings");

  await db.schema
    .createTable("reach_daily")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    // the tenant-local calendar day
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("dimension", "text", (c) =>
      c.notNull().check(sql`dimension in ('tenant', 'team', 'post', 'network', 'member', 'share')`),
    )
    // '' = the whole tenant; a team id = post and network rows restricted to that team's shares
    .addColumn("team_scope", "text", (c) => c.notNull().defaultTo(""))
    // the dimension's id (share, post, membership, team) or network name; '' for the tenant row
    // and for shares without a member (anonymised) or team
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("shares", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("clicks", "integer", (c) => c.notNull().defaultTo(0))
    // distinct visitor hashes that day (the salt rotates daily, so days cannot be combined)
    .addColumn("unique_visitors", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("impressions_estimated", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("impressions_measured", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("reactions", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("earned_media", "numeric(14, 2)", (c) => c.notNull().defaultTo(0))
    .addColumn("rolled_up_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint("reach_daily_pk", ["tenant_id", "dimension", "team_scope", "key", "day"])
    .execute();
  // the rollup deletes and rewrites whole days
  await db.schema
    .createIndex("reach_daily_day_idx")
    .on("reach_daily")
    .columns(["tenant_id", "day"])
    .execute();
  // the analytics page sums one dimension over a date range: an index-only scan in day order
  await sql`CREATE INDEX reach_daily_range_idx ON reach_daily (tenant_id, dimension, team_scope, day)
            INCLUDE (key, shares, clicks, unique_visitors, impressions_estimated, impressions_measured, earned_media)`.execute(
    db,
  );
  await enableTenantRls(db, "reach_daily");

  // days whose rollup is out of date (new or late clicks, new shares, new metrics); the scheduled
  // rollup takes and deletes them in the transaction that rewrites the day
  await db.schema
    .createTable("reach_dirty_days")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("marked_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint("reach_dirty_days_pk", ["tenant_id", "day"])
    .execute();
  await enableTenantRls(db, "reach_dirty_days");

  await db.schema
    .createTable("share_metrics")
    .addColumn("share_id", "uuid", (c) => c.primaryKey().references("shares.id").onDelete("cascade"))
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("impressions", "bigint", (c) => c.notNull().check(sql`impressions >= 0`))
    .addColumn("reactions", "bigint", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`reactions >= 0`),
    )
    .addColumn("comments", "bigint", (c) => c.check(sql`comments >= 0`))
    .addColumn("reshares", "bigint", (c) => c.check(sql`reshares >= 0`))
    .addColumn("fetched_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await enableTenantRls(db, "share_metrics");

  await db.schema
    .alterTable("linkedin_apps")
    .addColumn("post_analytics_enabled", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  // missing row = no digest (privacy by default: the member asks for it)
  await db.schema
    .createTable("digest_preferences")
    .addColumn("membership_id", "uuid", (c) =>
      c.primaryKey().references("memberships.id").onDelete("cascade"),
    )
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("weekly_digest", "boolean", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await enableTenantRls(db, "digest_preferences");

  // one digest per member and week, however often the job runs
  await db.schema
    .createTable("digest_sends")
    .addColumn("tenant_id", "uuid", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("membership_id", "uuid", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("week_start", "date", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('advocate', 'comms')`))
    .addColumn("sent_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint("digest_sends_pk", ["tenant_id", "membership_id", "week_start", "kind"])
    .execute();
  await enableTenantRls(db, "digest_sends");

  // Global: a job that used up its attempts, with its error, for admins (their tenant's jobs) and
  // the CLI (all). tenant_id is the payload's tenantId when it has one.
  await db.schema
    .createTable("job_failures")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("tenant_id", "uuid", (c) => c.references("tenants.id").onDelete("cascade"))
    .addColumn("job_name", "text", (c) => c.notNull())
    .addColumn("job_id", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("error", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("failed_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("job_failures_tenant_idx")
    .on("job_failures")
    .columns(["tenant_id", "failed_at"])
    .execute();
  await grantToApp(db, "job_failures");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "job_failures",
    "digest_sends",
    "digest_preferences",
    "share_metrics",
    "reach_dirty_days",
    "reach_daily",
    "reach_settings",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable("linkedin_apps").dropColumn("post_analytics_enabled").execute();
  await db.schema.dropIndex("click_events_time_idx").ifExists().execute();
  await db.schema.dropIndex("shares_created_idx").ifExists().execute();
  await db.schema
    .alterTable("shares")
    .dropColumn("followers_at_share")
    .dropColumn("team_id")
    .dropColumn("external_id")
    .execute();
}
