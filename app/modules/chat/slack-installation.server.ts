import { sql } from "kysely";
import type { Conn, Tx } from "~/db/client.ts";
import { slackBotTokenContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { slackEnabled } from "~/app/modules/chat/slack-config.server.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";

export interface SlackInstallationSummary {
  /** Slack is set up on this server (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET) */
  available: boolean;
  installation: {
    teamId: string;
    teamName: string;
    installedAt: Date;
    /** the bot token is held; false once uninstalled or revoked (then revokedAt is set) */
    live: boolean;
    revokedAt: Date | null;
  } | null;
}

/** What the admin page shows about the tenant's Slack workspace. Never the token. */
export async function getSlackInstallationSummary(
  tx: Tx,
  tenantId: string,
): Promise<SlackInstallationSummary> {
  const row = await tx
    .selectFrom("slack_installations")
    .select(["team_id", "team_name", "installed_at", "revoked_at", "bot_token_encrypted"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return {
    available: slackEnabled(),
    installation: row
      ? {
          teamId: row.team_id,
          teamName: row.team_name,
          installedAt: row.installed_at,
          live: row.bot_token_encrypted !== null,
          revokedAt: row.revoked_at,
        }
      : null,
  };
}

export interface OpenedSlackInstallation {
  installationId: string;
  teamId: string;
  teamName: string;
  botUserId: string | null;
  botToken: string;
}

/**
 * The tenant's live installation with its bot token opened, or undefined (none, uninstalled, or no
 * keyring to open it with). The token lives only in memory: use it between transactions, never
 * store or log it.
 */
export async function openSlackBotToken(
  tx: Tx,
  tenantId: string,
): Promise<OpenedSlackInstallation | undefined> {
  const row = await tx
    .selectFrom("slack_installations")
    .select(["id", "team_id", "team_name", "bot_user_id", "bot_token_encrypted"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  const keys = secretsKeyring();
  if (!row?.bot_token_encrypted || !keys) return undefined;
  return {
    installationId: row.id,
    teamId: row.team_id,
    teamName: row.team_name,
    botUserId: row.bot_user_id,
    botToken: open(keys, row.bot_token_encrypted, slackBotTokenContext(tenantId, row.id)),
  };
}

/**
 * The tenant holding Slack workspace `teamId` with a live token, or undefined. Slack's requests name
 * the workspace before any tenant is known: resolve_slack_team(text), the one SECURITY DEFINER door
 * to slack_installations, answers exactly that (the earliest installation, should two ever exist).
 */
export async function resolveSlackTeam(conn: Conn, teamId: string): Promise<string | undefined> {
  if (!/^[A-Z0-9]{1,32}$/.test(teamId)) return undefined;
  const { rows } = await sql<{
    tenant_id: string;
  }>`select tenant_id from resolve_slack_team(${teamId})`.execute(conn);
  return rows[0]?.tenant_id;
}
