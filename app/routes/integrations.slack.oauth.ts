import { redirect } from "react-router";
import type { Route } from "./+types/integrations.slack.oauth";
import { codeOf } from "~/app/lib/errors.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { completeSlackInstall } from "~/app/modules/chat/complete-slack-install.server.ts";
import {
  clearSlackInstallCookie,
  readSlackInstallFlow,
} from "~/app/modules/chat/slack-install-cookie.server.ts";

/**
 * GET /integrations/slack/oauth: Slack sends the admin back here. The flow's cookie names the company
 * and the admin; the state must match it, the admin must still be signed in as the one who started,
 * and still hold integrations.install. Then the code is exchanged and the workspace stored; back to
 * the admin page with a notice (`?slack=installed`) or the reason (`?slack_error=<code>`).
 */
export async function loader({ request }: Route.LoaderArgs) {
  const headers = { "Set-Cookie": clearSlackInstallCookie(), "Cache-Control": "no-store" };
  const key = secretsKeyring();
  const flow = key ? readSlackInstallFlow(request, key) : undefined;
  // no flow of ours: nothing to go back to (another browser, expired cookie, a forged link)
  if (!flow) throw new Response("slack_state_mismatch", { status: 400, headers });
  const { db, member, tenant } = await requireMember(
    request,
    { tenant: flow.tenantSlug },
    "integrations.install",
  );
  const page = `/t/${encodeURIComponent(tenant.slug)}/admin/chat`;
  const params = new URL(request.url).searchParams;
  const state = params.get("state");
  if (
    !state ||
    state !== flow.state ||
    flow.expires < Date.now() ||
    flow.userId !== member.userId ||
    flow.tenantId !== member.tenantId
  )
    return redirect(`${page}?slack_error=slack_state_mismatch`, { headers });
  // after the state check: a forged "denied" cannot be told from any other forged answer
  if (params.get("error")) return redirect(`${page}?slack_error=slack_denied`, { headers });
  const code = params.get("code");
  if (!code || code.length > 512) return redirect(`${page}?slack_error=slack_oauth_failed`, { headers });
  try {
    const { teamName } = await completeSlackInstall(db, member, { flow, code });
    return redirect(`${page}?slack=installed&team=${encodeURIComponent(teamName)}`, { headers });
  } catch (error) {
    const known = codeOf(error, [
      "slack_oauth_failed",
      "slack_team_taken",
      "slack_not_configured",
      "chat_server_not_configured",
    ]);
    if (!known) throw error;
    logger.warn({ tenantId: member.tenantId, code: known }, "slack install refused");
    return redirect(`${page}?slack_error=${known}`, { headers });
  }
}
