import type { Tx } from "~/db/client.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";
import {
  appContext,
  LinkedInError,
  linkedInServerConfig,
  requireKey,
  type LinkedInServerConfig,
} from "~/app/modules/profiles/linkedin-config.server.ts";

// ── the tenant's LinkedIn app ───────────────────────────────────────────────

/** Whether the admin turned on member post analytics (the admin page's checkbox). */
export async function getPostAnalyticsEnabled(tx: Tx, tenantId: string): Promise<boolean> {
  const app = await tx
    .selectFrom("linkedin_apps")
    .select("post_analytics_enabled")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return app?.post_analytics_enabled ?? false;
}

/** The tenant's usable app (server configured, app present and enabled), with its secret, or undefined. */
export async function loadApp(
  tx: Tx,
  tenantId: string,
): Promise<
  { clientId: string; clientSecret: string; config: LinkedInServerConfig; key: Keyring } | undefined
> {
  const config = linkedInServerConfig();
  if (!config.key) return undefined;
  const app = await tx
    .selectFrom("linkedin_apps")
    .select(["client_id", "client_secret_encrypted", "enabled"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!app?.enabled) return undefined;
  return {
    clientId: app.client_id,
    clientSecret: open(config.key, app.client_secret_encrypted, appContext(tenantId)),
    config,
    key: config.key,
  };
}

export async function requireApp(tx: Tx, tenantId: string) {
  requireKey();
  const app = await loadApp(tx, tenantId);
  if (!app) throw new LinkedInError("linkedin_not_configured", "this tenant has no enabled LinkedIn app");
  return app;
}

/** Whether members of this tenant can connect LinkedIn at all (what the profiles page asks). */
export async function isLinkedInAvailable(tx: Tx, member: Member): Promise<boolean> {
  if (!linkedInServerConfig().key) return false;
  const app = await tx
    .selectFrom("linkedin_apps")
    .select("enabled")
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  return app?.enabled ?? false;
}
