import { randomBytes } from "node:crypto";
import type { Tx } from "~/db/client.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { requireChatKeyring } from "~/app/modules/chat/chat-secrets.server.ts";
import {
  requireSlackApp,
  SLACK_BOT_SCOPES,
  slackAuthorizeUrl,
  slackRedirectUri,
} from "~/app/modules/chat/slack-config.server.ts";
import {
  SLACK_INSTALL_TTL_SECONDS,
  slackInstallCookie,
} from "~/app/modules/chat/slack-install-cookie.server.ts";

/**
 * "Add to Slack" (OAuth v2): Slack's consent page for the bot scopes, and the Set-Cookie carrying the
 * state (sealed, HttpOnly, 10 minutes, sent only to /integrations/slack/oauth). Admins only
 * (integrations.install): the workspace's bot acts for the whole company.
 */
export async function startSlackInstall(
  tx: Tx,
  actor: Member,
  opts: { now?: Date } = {},
): Promise<{ url: string; cookie: string }> {
  requirePermission(actor, "integrations.install");
  const app = requireSlackApp();
  const key = requireChatKeyring();
  const tenant = await tx
    .selectFrom("tenants")
    .select("slug")
    .where("id", "=", actor.tenantId)
    .executeTakeFirstOrThrow();
  const now = opts.now ?? new Date();
  const state = randomBytes(32).toString("base64url");
  const url = new URL(slackAuthorizeUrl());
  url.searchParams.set("client_id", app.clientId);
  url.searchParams.set("scope", SLACK_BOT_SCOPES.join(","));
  url.searchParams.set("redirect_uri", slackRedirectUri());
  url.searchParams.set("state", state);
  const cookie = slackInstallCookie(key, {
    state,
    tenantId: actor.tenantId,
    tenantSlug: tenant.slug,
    userId: actor.userId,
    expires: now.getTime() + SLACK_INSTALL_TTL_SECONDS * 1000,
  });
  return { url: url.toString(), cookie };
}
