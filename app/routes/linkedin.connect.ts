import { redirect } from "react-router";
import type { Route } from "./+types/linkedin.connect";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { LinkedInError } from "~/app/modules/profiles/linkedin-config.server.ts";
import { linkedInAuthorizationUrl } from "~/app/modules/profiles/linkedin-authorization-url.server.ts";

/** Starts connecting LinkedIn: to LinkedIn's consent page, with state and PKCE in a short-lived cookie. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params);
  try {
    const { url, setCookie } = await withTenant(db, member.tenantId, (tx) =>
      linkedInAuthorizationUrl(tx, member, { tenantSlug: tenant.slug }),
    );
    return redirect(url.toString(), { headers: { "Set-Cookie": setCookie, "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof LinkedInError)
      return redirect(`/t/${encodeURIComponent(tenant.slug)}/profiles?linkedin_error=${error.code}`);
    throw error;
  }
}
