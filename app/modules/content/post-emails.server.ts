import type { Tx } from "~/db/client.ts";
import type { Post } from "~/db/schema.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { afterCommit } from "~/db/tenant.ts";
import { commsLeadRecipients, mailTenant } from "~/app/modules/notifications/comms-leads.server.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/** Review and decision emails of the post workflow; each goes out through the send-email job. */

function postUrl(tenantSlug: string, postId: string): string {
  return `${appUrl()}/t/${tenantSlug}/content/${postId}`;
}

/** Every active comms lead of the tenant except the author: they may review the post. */
export async function queueReviewRequested(
  tx: Tx,
  post: Pick<Post, "id" | "tenant_id" | "title" | "version" | "author_id">,
  authorName: string,
): Promise<number> {
  const tenant = await mailTenant(tx, post.tenant_id);
  const reviewers = await commsLeadRecipients(tx, { id: post.tenant_id, ...tenant }, post.author_id);
  for (const r of reviewers) {
    afterCommit(tx, () =>
      queueEmail({
        to: r.email,
        locale: r.locale,
        template: "review-requested",
        idempotencyKey: `review-requested:${post.id}:${post.version}:${r.id}`,
        props: {
          url: postUrl(tenant.slug, post.id),
          postTitle: post.title,
          authorName,
          tenantName: tenant.name,
        },
      }),
    );
  }
  return reviewers.length;
}

/** Tells the author (if still an active member) that their post was approved or rejected. */
export async function queuePostDecision(
  tx: Tx,
  post: Pick<Post, "id" | "tenant_id" | "title" | "version" | "author_id">,
  decision: "approved" | "rejected",
  decider: Member,
  reason?: string,
): Promise<void> {
  if (!post.author_id) return;
  const author = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "users.email", "users.locale"])
    .where("memberships.tenant_id", "=", post.tenant_id)
    .where("memberships.id", "=", post.author_id)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
  if (!author) return;
  const tenant = await mailTenant(tx, post.tenant_id);
  // mail only about decisions that were really saved
  afterCommit(tx, () =>
    queueEmail({
      to: author.email,
      locale: author.locale ?? tenant.default_locale,
      template: "post-decision",
      idempotencyKey: `post-decision:${post.id}:${post.version}:${decision}:${decider.id}`,
      props: {
        url: postUrl(tenant.slug, post.id),
        postTitle: post.title,
        decision,
        ...(reason ? { reason } : {}),
        deciderName: decider.name,
      },
    }),
  );
}
