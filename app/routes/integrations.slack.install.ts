import { redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/integrations.slack.install";
import { withTenant } from "~/db/tenant.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { Slug } from "~/app/lib/validation.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { startSlackInstall } from "~/app/modules/chat/start-slack-install.server.ts";

const InstallTarget = z.object({ tenant: Slug });

/**
 * POST /integrations/slack/install?tenant=<slug>: "Add to Slack" (a form post, so the edge checks its
 * Origin). Admins only (integrations.install); off to Slack's consent page with the flow's cookie.
 */
export async function action({ request }: Route.ActionArgs) {
  const target = InstallTarget.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!target.success) throw new Response("not_found", { status: 404 });
  const { db, member, tenant } = await requireMember(request, target.data, "integrations.install");
  const page = `/t/${encodeURIComponent(tenant.slug)}/admin/chat`;
  try {
    const { url, cookie } = await withTenant(db, member.tenantId, (tx) => startSlackInstall(tx, member));
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    const code = codeOf(error, ["slack_not_configured", "chat_server_not_configured"]);
    if (!code) throw error;
    return redirect(`${page}?slack_error=${code}`);
  }
}

export function loader() {
  throw new Response("not_found", { status: 404 });
}
