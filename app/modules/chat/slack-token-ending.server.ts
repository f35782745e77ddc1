import type { Tx } from "~/db/client.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";
import { slackClient } from "~/app/modules/chat/slack-config.server.ts";

/**
 * What happens to a tenant's Slack channels when its workspace goes (removed by an admin, uninstalled
 * or revoked in Slack, replaced by another workspace): they are PAUSED, not deleted. Their settings
 * (topics, quiet hours, limits) stay for a re-install into the same workspace, where an admin resumes
 * them; nothing is posted meanwhile (the delivery engine skips paused channels). Returns how many.
 */
export async function pauseSlackChannels(
  tx: Tx,
  tenantId: string,
  reason: string,
  now = new Date(),
): Promise<number> {
  const result = await tx
    .updateTable("chat_channels")
    .set({ status: "paused", paused_at: now, last_error: reason })
    .where("tenant_id", "=", tenantId)
    .where("provider", "=", "slack")
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The installation's token forgotten: bot_token_encrypted null, revoked_at set (the table's check
 * keeps both together). Idempotent: an installation already without a token is left as it is.
 * Returns the sealed token it held, for auth.revoke after the commit, or undefined.
 */
export async function dropSlackToken(
  tx: Tx,
  tenantId: string,
  where: { teamId?: string },
  now = new Date(),
): Promise<
  { id: string; sealed: string; teamId: string; botUserId: string | null; appId: string | null } | undefined
> {
  let query = tx
    .selectFrom("slack_installations")
    .select(["id", "team_id", "bot_user_id", "app_id", "bot_token_encrypted"])
    .where("tenant_id", "=", tenantId)
    .where("revoked_at", "is", null);
  if (where.teamId) query = query.where("team_id", "=", where.teamId);
  const row = await query.forUpdate().executeTakeFirst();
  if (!row?.bot_token_encrypted) return undefined;
  await tx
    .updateTable("slack_installations")
    .set({ bot_token_encrypted: null, revoked_at: now })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", row.id)
    .execute();
  return {
    id: row.id,
    sealed: row.bot_token_encrypted,
    teamId: row.team_id,
    botUserId: row.bot_user_id,
    appId: row.app_id,
  };
}

/**
 * Tells Slack to end a token (auth.revoke), best effort: called after the commit, so a Slack outage
 * never keeps a token in our database; a failure is logged (the token is gone on our side anyway).
 */
export async function revokeSlackToken(keys: Keyring, sealed: string, context: string): Promise<boolean> {
  try {
    const token = open(keys, sealed, context);
    await slackClient(token).auth.revoke();
    return true;
  } catch (err) {
    logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      "slack token not revoked at Slack",
    );
    return false;
  }
}
