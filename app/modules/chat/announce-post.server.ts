import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { queueChatDelivery } from "~/app/modules/chat/chat-delivery-queue.server.ts";
import { quietHoursEnd } from "~/app/modules/chat/quiet-hours.ts";

/**
 * Posts that have just been published, announced in the tenant's Teams and Slack channels: one
 * chat_deliveries row per (matching channel, post), due now or when the channel's quiet hours end;
 * the delivery job sends it after the commit (jobs/definitions/deliver-chat-message.ts). Runs inside
 * the publishing transaction (approvePost, publishDuePosts) and only writes rows: publishing never
 * waits for a channel, and a channel's failure never fails a publish.
 *
 * A channel gets a post when the channel is active and takes all topics or one of the post's topics
 * (chat_channel_topics). Only posts for everyone (target_all): a channel's audience is unknown to
 * us, so a post meant for some teams would reach people outside them (and tell them about it).
 * Such posts stay in those teams' hub.
 *
 * Idempotent: the unique index chat_deliveries_post_once makes a second publish (a post expired and
 * published again, a repeated run) announce nothing twice.
 */
export async function announcePosts(
  tx: Tx,
  tenantId: string,
  postIds: readonly string[],
  now: Date,
): Promise<number> {
  if (postIds.length === 0) return 0;
  const channels = await tx
    .selectFrom("chat_channels")
    .select(["id", "all_topics", "quiet_from", "quiet_until"])
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "active")
    .execute();
  if (channels.length === 0) return 0;

  const posts = await tx
    .selectFrom("posts")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "in", [...postIds])
    .where("status", "=", "published")
    .where("target_all", "=", true)
    .execute();
  if (posts.length === 0) return 0;
  const ids = posts.map((p) => p.id);

  const postTopics = await tx
    .selectFrom("post_topics")
    .select(["post_id", "topic_id"])
    .where("tenant_id", "=", tenantId)
    .where("post_id", "in", ids)
    .execute();
  const filtered = channels.filter((c) => !c.all_topics).map((c) => c.id);
  const channelTopics =
    filtered.length === 0
      ? []
      : await tx
          .selectFrom("chat_channel_topics")
          .select(["channel_id", "topic_id"])
          .where("tenant_id", "=", tenantId)
          .where("channel_id", "in", filtered)
          .execute();
  const { time_zone: timeZone } = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();

  const rows = [];
  for (const channel of channels) {
    const wanted = new Set(channelTopics.filter((t) => t.channel_id === channel.id).map((t) => t.topic_id));
    const dueAt = quietHoursEnd(now, timeZone, { from: channel.quiet_from, until: channel.quiet_until });
    for (const postId of ids) {
      const matches =
        channel.all_topics || postTopics.some((t) => t.post_id === postId && wanted.has(t.topic_id));
      if (matches)
        rows.push({
          tenant_id: tenantId,
          channel_id: channel.id,
          kind: "post" as const,
          post_id: postId,
          due_at: dueAt,
          created_at: now,
        });
    }
  }
  if (rows.length === 0) return 0;
  const created = await tx
    .insertInto("chat_deliveries")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["tenant_id", "channel_id", "post_id"]).where("kind", "=", sql.lit("post")).doNothing(),
    )
    .returning(["id", "due_at", "attempts"])
    .execute();
  afterCommit(tx, async () => {
    for (const d of created)
      await queueChatDelivery({ tenantId, id: d.id, dueAt: d.due_at, attempts: d.attempts });
  });
  return created.length;
}
