import type { DB, Tx } from "~/db/client.ts";
import type { PostStatus } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { announcePosts } from "~/app/modules/chat/announce-post.server.ts";

/**
 * The scheduler's part of the workflow, for every tenant: approved posts whose publish time has
 * come are published, published posts past their expiry expire. Each move is guarded by the old
 * status, so a second run (or two workers at once) changes nothing.
 */
export async function publishDuePosts(
  db: DB,
  now = new Date(),
): Promise<{ published: number; expired: number }> {
  const tenants = await db.selectFrom("tenants").select("id").orderBy("id").execute();
  let published = 0;
  let expired = 0;
  for (const { id: tenantId } of tenants) {
    await withTenant(db, tenantId, async (tx) => {
      published += await move(tx, tenantId, "approved", "published", "publish", now);
      expired += await move(tx, tenantId, "published", "expired", "expire", now);
    });
  }
  return { published, expired };
}

async function move(
  tx: Tx,
  tenantId: string,
  from: PostStatus,
  to: PostStatus,
  action: "publish" | "expire",
  now: Date,
): Promise<number> {
  let q = tx
    .updateTable("posts")
    .set({ status: to, updated_at: now, ...(action === "publish" ? { published_at: now } : {}) })
    .where("tenant_id", "=", tenantId)
    .where("status", "=", from);
  q =
    action === "publish"
      ? q.where((eb) => eb.or([eb("publish_at", "is", null), eb("publish_at", "<=", now)]))
      : q.where("expires_at", "is not", null).where("expires_at", "<=", now);
  const moved = await q.returning(["id", "version"]).execute();
  if (moved.length === 0) return 0;
  await tx
    .insertInto("post_transitions")
    .values(
      moved.map((p) => ({
        tenant_id: tenantId,
        post_id: p.id,
        version: p.version,
        from_status: from,
        to_status: to,
        action,
        actor_id: null,
        reason: null,
        created_at: now,
      })),
    )
    .execute();
  await recordAudit(tx, {
    tenantId,
    actorUserId: null,
    action: `post.${action}`,
    data: { posts: moved.map((p) => p.id), at: now.toISOString() },
  });
  // Teams and Slack channels: rows only, sent after the commit; never fails or delays the publish
  if (action === "publish")
    await announcePosts(
      tx,
      tenantId,
      moved.map((p) => p.id),
      now,
    );
  return moved.length;
}
