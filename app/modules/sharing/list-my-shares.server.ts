import type { Tx } from "~/db/client.ts";
import type { Network } from "~/db/schema.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import type { ShareChannel } from "~/app/modules/sharing/schemas.ts";

export interface MyShare {
  id: string;
  postId: string;
  postTitle: string;
  network: Network;
  channel: ShareChannel;
  createdAt: Date;
  /** the tracked link's code; null for a text-only post */
  code: string | null;
  /** human clicks so far (bots never count; the sharer's own clicks are never stored) */
  clicks: number;
}

const MAX_SHARES = 500;

/**
 * The member's own shares, newest first, each with its clicks so far. One grouped query: the
 * click counts are aggregated in a join, not fetched per share.
 */
export async function listMyShares(
  tx: Tx,
  member: Member,
  { limit = MAX_SHARES }: { limit?: number } = {},
): Promise<MyShare[]> {
  const rows = await tx
    .selectFrom("shares")
    .innerJoin("posts", (j) =>
      j.onRef("posts.id", "=", "shares.post_id").onRef("posts.tenant_id", "=", "shares.tenant_id"),
    )
    .leftJoin("click_events", (j) =>
      j
        .onRef("click_events.share_id", "=", "shares.id")
        .onRef("click_events.tenant_id", "=", "shares.tenant_id")
        .on("click_events.is_bot", "=", false),
    )
    .select([
      "shares.id",
      "shares.post_id",
      "posts.title",
      "shares.network",
      "shares.channel",
      "shares.created_at",
      "shares.code",
      (eb) => eb.fn.count<string>("click_events.id").as("clicks"),
    ])
    .where("shares.tenant_id", "=", member.tenantId)
    .where("shares.membership_id", "=", member.id)
    // shares' primary key is (tenant_id, id) (0026): both, so the other shares columns may be selected
    .groupBy(["shares.tenant_id", "shares.id", "posts.title"])
    .orderBy("shares.created_at", "desc")
    .orderBy("shares.id", "desc")
    .limit(Math.min(Math.max(Math.trunc(limit), 1), MAX_SHARES))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    postId: r.post_id,
    postTitle: r.title,
    network: r.network,
    channel: r.channel,
    createdAt: r.created_at,
    code: r.code,
    clicks: Number(r.clicks),
  }));
}

/** Total human clicks over all of the member's shares (the page's summary line). */
export function totalClicks(shares: readonly MyShare[]): number {
  return shares.reduce((sum, s) => sum + s.clicks, 0);
}
