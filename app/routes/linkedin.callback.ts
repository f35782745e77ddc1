import { redirect } from "react-router";
import type { Route } from "./+types/linkedin.callback";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { clearLinkedInOAuthCookie } from "~/app/modules/profiles/linkedin-oauth-cookie.server.ts";
import { completeLinkedInAuthorization } from "~/app/modules/profiles/complete-linkedin-authorization.server.ts";
import { LinkedInError } from "~/app/modules/profiles/linkedin-config.server.ts";

/** LinkedIn sends the member back here: finish connecting, then back to "My networks" with a notice. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params);
  const profiles = `/t/${encodeURIComponent(tenant.slug)}/profiles`;
  const headers = { "Set-Cookie": clearLinkedInOAuthCookie(tenant.slug), "Cache-Control": "no-store" };
  try {
    await withTenant(db, member.tenantId, (tx) =>
      completeLinkedInAuthorization(tx, member, { request, tenantSlug: tenant.slug }),
    );
    return redirect(`${profiles}?linkedin=connected`, { headers });
  } catch (error) {
    if (!(error instanceof LinkedInError)) throw error;
    logger.warn(
      { tenantId: member.tenantId, membershipId: member.id, code: error.code, err: error.message },
      "linkedin connect failed",
    );
    return redirect(`${profiles}?linkedin_error=${error.code}`, { headers });
  }
}
