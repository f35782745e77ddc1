import type { Tx } from "~/db/client.ts";
import { slackEnabled } from "~/app/modules/chat/slack-config.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/**
 * The member's own choice of the weekly digest as a personal Slack message (issue 17, opt-in), as
 * their profile page shows it. Helpers of subscribe-chat-digest.server.ts and
 * unsubscribe-chat-digest.server.ts.
 */
export interface ChatDigestChoice {
  /** Slack is set up on this server and the company's workspace is added with a live token */
  available: boolean;
  /** the workspace's name, while it is live */
  teamName: string | null;
  subscribed: boolean;
}

/** The tenant's Slack workspace while Chorus holds a live bot token for it (never the token). */
export async function liveSlackWorkspace(
  tx: Tx,
  tenantId: string,
): Promise<{ teamName: string } | undefined> {
  if (!slackEnabled()) return undefined;
  const row = await tx
    .selectFrom("slack_installations")
    .select("team_name")
    .where("tenant_id", "=", tenantId)
    .where("revoked_at", "is", null)
    .where("bot_token_encrypted", "is not", null)
    .executeTakeFirst();
  return row ? { teamName: row.team_name } : undefined;
}

/** Whether `member` asked for the personal Slack digest, and whether it can be sent at all. */
export async function getChatDigestChoice(tx: Tx, member: Member): Promise<ChatDigestChoice> {
  const workspace = await liveSlackWorkspace(tx, member.tenantId);
  const row = await tx
    .selectFrom("chat_digest_subscriptions")
    .select("created_at")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("provider", "=", "slack")
    .executeTakeFirst();
  return {
    available: workspace !== undefined,
    teamName: workspace?.teamName ?? null,
    subscribed: row !== undefined,
  };
}
