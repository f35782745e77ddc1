import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { resolveSlackTeam } from "~/app/modules/chat/slack-installation.server.ts";
import { dropSlackToken, pauseSlackChannels } from "~/app/modules/chat/slack-token-ending.server.ts";

export interface SlackEventWork {
  eventId: string;
  teamId: string;
  appId: string | null;
  type: "app_uninstalled" | "tokens_revoked";
  /** tokens_revoked: the user ids whose bot tokens Slack revoked */
  botUserIds: string[];
  /** Slack's event_time, Unix seconds; undefined only for jobs enqueued before it was passed */
  eventTime?: number;
}

export type SlackEventOutcome = "token_removed" | "no_installation" | "not_ours" | "before_install";

/**
 * An uninstall or a token revocation Slack told us about (events route → handle-slack-event job):
 * the workspace's tenant comes from resolve_slack_team (a request from Slack names no tenant), its
 * token is forgotten and its Slack channels paused, as when an admin removes the workspace.
 * Idempotent: a second run (Slack's retry, a job retry) finds no live installation and does nothing.
 * An event from before the live installation's installed_at (Slack retries after about 1 and 5
 * minutes; an admin may have re-installed in between, and the retry's new event id escapes the job
 * id dedupe) is about the old installation: ignored, and logged by the job.
 * Opens its own transaction: the tenant is known only after the lookup by team id.
 */
export async function handleSlackEvent(
  db: DB,
  work: SlackEventWork,
  now = new Date(),
): Promise<SlackEventOutcome> {
  const tenantId = await resolveSlackTeam(db, work.teamId);
  if (!tenantId) return "no_installation";
  return withTenant(db, tenantId, async (tx) => {
    const current = await tx
      .selectFrom("slack_installations")
      .select(["id", "app_id", "bot_user_id", "installed_at"])
      .where("tenant_id", "=", tenantId)
      .where("team_id", "=", work.teamId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!current) return "no_installation";
    // Slack's event_time is whole seconds: compare with installed_at floored to the second
    if (work.eventTime !== undefined && work.eventTime < Math.floor(current.installed_at.getTime() / 1000))
      return "before_install";
    // another Slack app's event (the same workspace may hold several), or a user token's revocation
    if (work.appId && current.app_id && work.appId !== current.app_id) return "not_ours";
    if (
      work.type === "tokens_revoked" &&
      (work.botUserIds.length === 0 ||
        (current.bot_user_id !== null && !work.botUserIds.includes(current.bot_user_id)))
    )
      return "not_ours";
    const dropped = await dropSlackToken(tx, tenantId, { teamId: work.teamId }, now);
    if (!dropped) return "no_installation";
    const pausedChannels = await pauseSlackChannels(
      tx,
      tenantId,
      work.type === "app_uninstalled" ? "Chorus was uninstalled in Slack" : "Slack revoked Chorus's token",
      now,
    );
    await recordAudit(tx, {
      tenantId,
      actorUserId: null,
      action: "chat.slack_uninstalled",
      subject: dropped.id,
      data: { teamId: work.teamId, event: work.type, eventId: work.eventId, pausedChannels },
    });
    // No auth.revoke: Slack ended the token itself before telling us.
    return "token_removed";
  });
}
