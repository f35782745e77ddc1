import type { Tx } from "~/db/client.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";
import { LinkedInError, tokenContext } from "~/app/modules/profiles/linkedin-config.server.ts";
import { loadApp } from "~/app/modules/profiles/linkedin-app.server.ts";

/**
 * What a server-side reader of the member's LinkedIn data needs (app/modules/reach/linkedin-metrics.server.ts):
 * the member's access token and the API configuration. Throws linkedin_not_configured (no usable
 * app), linkedin_not_connected or linkedin_expired.
 */
export async function linkedInMemberAccess(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  now: Date = new Date(),
): Promise<{ accessToken: string; scopes: string[]; apiBase: string; version: string }> {
  const app = await loadApp(tx, tenantId);
  if (!app) throw new LinkedInError("linkedin_not_configured", "this tenant has no enabled LinkedIn app");
  const connection = await tx
    .selectFrom("linkedin_connections")
    .select(["access_token_encrypted", "expires_at", "scope"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
  if (!connection) throw new LinkedInError("linkedin_not_connected", "LinkedIn is not connected");
  if (connection.expires_at.getTime() <= now.getTime())
    throw new LinkedInError("linkedin_expired", "the LinkedIn grant has expired");
  return {
    accessToken: open(app.key, connection.access_token_encrypted, tokenContext(tenantId, membershipId)),
    scopes: connection.scope.split(/[\s,]+/).filter(Boolean),
    apiBase: app.config.apiBase,
    version: app.config.version,
  };
}
