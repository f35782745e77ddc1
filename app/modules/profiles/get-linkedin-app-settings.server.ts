import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { linkedInRedirectUri, linkedInServerConfig } from "~/app/modules/profiles/linkedin-config.server.ts";

export interface LinkedInAppSettings {
  /** SECRETS_KEYS or SECRETS_KEY is set: without a key nothing can be stored or used */
  serverConfigured: boolean;
  /** the tenant entered a client id and secret */
  configured: boolean;
  enabled: boolean;
  clientId: string | null;
  /** the address to register as the app's redirect URL in LinkedIn's developer portal */
  redirectUri: string;
}

/** What the admin page shows. The client secret is write-only: it never leaves this module. */
export async function getLinkedInAppSettings(
  tx: Tx,
  member: Member,
  tenantSlug: string,
): Promise<LinkedInAppSettings> {
  const app = await tx
    .selectFrom("linkedin_apps")
    .select(["client_id", "enabled"])
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  return {
    serverConfigured: linkedInServerConfig().key !== undefined,
    configured: app !== undefined,
    enabled: app?.enabled ?? false,
    clientId: app?.client_id ?? null,
    redirectUri: linkedInRedirectUri(tenantSlug),
  };
}
