import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, DomainError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { logger } from "~/runtime/logger.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { requireChatKeyring, slackBotTokenContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { requireSlackApp, slackClient, slackRedirectUri } from "~/app/modules/chat/slack-config.server.ts";
import type { SlackInstallFlow } from "~/app/modules/chat/slack-install-cookie.server.ts";
import { pauseSlackChannels, revokeSlackToken } from "~/app/modules/chat/slack-token-ending.server.ts";

/** What oauth.v2.access answers for a bot install (https://api.slack.com/methods/oauth.v2.access). */
const SlackOAuthAccess = z.object({
  ok: z.literal(true),
  access_token: z.string().startsWith("xoxb-").max(512),
  token_type: z.literal("bot"),
  scope: z.string().max(2000),
  bot_user_id: z.string().regex(/^[A-Z0-9]{1,32}$/),
  app_id: z.string().regex(/^[A-Z0-9]{1,32}$/),
  team: z.object({ id: z.string().regex(/^[A-Z0-9]{1,32}$/), name: z.string().min(1).max(200) }),
  enterprise: z.object({ id: z.string().max(32) }).nullish(),
});

/**
 * The callback's work, after the route checked the flow's cookie and state: exchanges the code
 * (oauth.v2.access, between transactions), then stores the installation with the bot token sealed.
 * A workspace another company holds is refused (resolve_slack_team, under a lock on the team id so
 * two companies cannot install the same workspace at once); the token is then left alone, since it is
 * the same bot's token that company uses. Installing into another workspace replaces the old one
 * (its token revoked after the commit).
 */
export async function completeSlackInstall(
  db: DB,
  actor: Member,
  input: { flow: SlackInstallFlow; code: string },
): Promise<{ teamName: string }> {
  requirePermission(actor, "integrations.install");
  const app = requireSlackApp();
  const key = requireChatKeyring();
  let answer: z.infer<typeof SlackOAuthAccess>;
  try {
    const raw = await slackClient().oauth.v2.access({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: input.code,
      redirect_uri: slackRedirectUri(),
    });
    answer = SlackOAuthAccess.parse(raw);
  } catch (err) {
    logger.warn(
      { err: err instanceof Error ? err.message : String(err), tenantId: actor.tenantId },
      "slack oauth failed",
    );
    throw new DomainError("Slack did not complete the installation", "slack_oauth_failed");
  }
  const teamId = answer.team.id;
  const replaced = await withTenant(db, actor.tenantId, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`slack_team:${teamId}`}))`.execute(tx);
    const { rows } = await sql<{
      tenant_id: string;
    }>`select tenant_id from resolve_slack_team(${teamId})`.execute(tx);
    if (rows.some((r) => r.tenant_id !== actor.tenantId))
      throw new ConflictError("the Slack workspace belongs to another company", "slack_team_taken");
    const existing = await tx
      .selectFrom("slack_installations")
      .select(["id", "team_id", "bot_token_encrypted"])
      .where("tenant_id", "=", actor.tenantId)
      .forUpdate()
      .executeTakeFirst();
    const id = existing?.id ?? randomUUID();
    const values = {
      team_id: teamId,
      team_name: answer.team.name,
      enterprise_id: answer.enterprise?.id ?? null,
      app_id: answer.app_id,
      bot_user_id: answer.bot_user_id,
      bot_token_encrypted: seal(key, answer.access_token, slackBotTokenContext(actor.tenantId, id)),
      scopes: answer.scope,
      installed_by: actor.id,
      revoked_at: null,
    };
    // a re-install replaces the row (installed_at is the latest install's); the id stays, so does the sealing context
    if (existing)
      await tx
        .deleteFrom("slack_installations")
        .where("tenant_id", "=", actor.tenantId)
        .where("id", "=", id)
        .execute();
    await tx
      .insertInto("slack_installations")
      .values({ tenant_id: actor.tenantId, id, ...values })
      .execute();
    // Another workspace than before: its channels are not this workspace's
    const otherWorkspace = existing !== undefined && existing.team_id !== teamId;
    if (otherWorkspace) await pauseSlackChannels(tx, actor.tenantId, "the Slack workspace was replaced");
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: "chat.slack_installed",
      subject: id,
      data: { teamId, teamName: answer.team.name, scopes: answer.scope },
    });
    return otherWorkspace && existing.bot_token_encrypted
      ? { sealed: existing.bot_token_encrypted, id: existing.id }
      : undefined;
  });
  if (replaced)
    await revokeSlackToken(key, replaced.sealed, slackBotTokenContext(actor.tenantId, replaced.id));
  return { teamName: answer.team.name };
}
