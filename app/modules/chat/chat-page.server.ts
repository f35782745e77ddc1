import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { isErrorCode } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { listChatChannels } from "~/app/modules/chat/list-chat-channels.server.ts";
import { getSlackInstallationSummary } from "~/app/modules/chat/slack-installation.server.ts";
import { formatAgo } from "~/app/modules/freshness/format.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/**
 * What the Teams and Slack admin page shows (app/routes/admin.chat.tsx), shaped here so the page's
 * parts in app/ui/chat/ can name its type without importing the route.
 */
export async function loadChatPage(
  tx: Tx,
  member: Member,
  opts: {
    tenant: { slug: string; timeZone: string };
    locale: Locale;
    now: Date;
    /** the query of the page's URL: the answer of "Add to Slack" (?slack=installed, ?slack_error=<code>) */
    query: URLSearchParams;
  },
) {
  const { tenant, locale, now, query } = opts;
  const list = await listChatChannels(tx, member, { now });
  const slack = await getSlackInstallationSummary(tx, member.tenantId);
  const slackError = query.get("slack_error");
  // "2 hours ago": worded on the server in the company's time zone (server and browser render the same)
  const ago = (at: Date | null) => (at ? formatAgo(at, locale, tenant.timeZone, now) : null);
  return {
    timeZone: tenant.timeZone,
    topics: list.topics,
    channels: list.channels.map(({ lastSuccessAt, lastFailureAt, pausedAt, createdAt: _, ...c }) => ({
      ...c,
      lastSuccessAgo: ago(lastSuccessAt),
      lastFailureAgo: ago(lastFailureAt),
      pausedAgo: ago(pausedAt),
    })),
    // webhook URLs and tokens are sealed: without a keyring nothing can be added
    serverReady: secretsKeyring() !== null,
    canInstall: can(member.roles, "integrations.install"),
    teamsAppUrl: `/t/${tenant.slug}/admin/chat/teams-app.zip`,
    slack: {
      available: slack.available,
      teamName: slack.installation?.teamName ?? null,
      live: slack.installation?.live ?? false,
      installUrl: `/integrations/slack/install?tenant=${encodeURIComponent(tenant.slug)}`,
      installed: query.get("slack") === "installed" && (slack.installation?.live ?? false),
      error: slackError && isErrorCode(slackError) ? slackError : null,
    },
  };
}

export type ChatPageData = Awaited<ReturnType<typeof loadChatPage>>;
