import type { Tx } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import {
  appContext,
  linkedInServerConfig,
  tokenContext,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { open } from "~/app/modules/profiles/secret-box.server.ts";

/** What revoking a member's LinkedIn grant needs, read before the erasure deletes the row. */
export interface LinkedInGrant {
  revokeUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

/**
 * The member's stored LinkedIn grant with the tenant app's credentials, or null: no grant, or none
 * that can be revoked (no key on the server to open it, no app). `unrevocable` counts grants that
 * exist but cannot be revoked from here; the erasure deletes them all the same.
 */
export async function readLinkedInGrant(
  tx: Tx,
  tenantId: string,
  membershipId: string,
): Promise<{ grant: LinkedInGrant | null; unrevocable: number }> {
  const connection = await tx
    .selectFrom("linkedin_connections")
    .select("access_token_encrypted")
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
  if (!connection) return { grant: null, unrevocable: 0 };
  const config = linkedInServerConfig();
  const app = await tx
    .selectFrom("linkedin_apps")
    .select(["client_id", "client_secret_encrypted"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!config.key || !app) return { grant: null, unrevocable: 1 };
  try {
    return {
      grant: {
        revokeUrl: `${config.authBase}/oauth/v2/revoke`,
        clientId: app.client_id,
        clientSecret: open(config.key, app.client_secret_encrypted, appContext(tenantId)),
        accessToken: open(
          config.key,
          connection.access_token_encrypted,
          tokenContext(tenantId, membershipId),
        ),
      },
      unrevocable: 0,
    };
  } catch (err) {
    logger.warn({ err, tenantId }, "erasure: a LinkedIn grant could not be opened to revoke it");
    return { grant: null, unrevocable: 1 };
  }
}

/**
 * Revokes the token at LinkedIn (POST /oauth/v2/revoke with the app's client credentials, form
 * encoded, as LinkedIn's token endpoints want). True when LinkedIn confirmed it; false on any
 * failure, logged without the token (the token expires within 60 days anyway, and is deleted here).
 */
export async function revokeLinkedInGrant(grant: LinkedInGrant): Promise<boolean> {
  try {
    const res = await fetch(grant.revokeUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({
        client_id: grant.clientId,
        client_secret: grant.clientSecret,
        token: grant.accessToken,
      }),
      signal: AbortSignal.timeout(10_000),
      redirect: "error",
    });
    if (!res.ok) logger.warn({ status: res.status }, "erasure: LinkedIn refused to revoke a token");
    return res.ok;
  } catch (err) {
    logger.warn({ err: (err as Error).message }, "erasure: revoking a LinkedIn token failed");
    return false;
  }
}
