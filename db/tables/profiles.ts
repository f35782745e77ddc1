import type { Generated } from "kysely";
import type { CreatedAt, Network, Timestamp } from "~/db/columns.ts";

/** A member's own account on one network: handle and (self-reported, dated) follower count. */
export interface SocialProfilesTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  network: Network;
  handle: string;
  follower_count: number | null;
  /** when follower_count was last set to a different value (estimates age; a reminder after 90 days) */
  followers_recorded_at: Timestamp | null;
  /** Mastodon only: the member's instance, a bare host name (e.g. "mastodon.social") */
  mastodon_instance: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** The tenant's own LinkedIn app ("Share on LinkedIn" product). Off unless a tenant configures one. */
export interface LinkedInAppsTable {
  /** one app per tenant: the primary key */
  tenant_id: string;
  client_id: string;
  /** AES-256-GCM, "v2.<key id>.<base64url iv‖tag‖ciphertext>" (older rows: "v1.…", key k0); see secret-box.server.ts */
  client_secret_encrypted: string;
  enabled: Generated<boolean>;
  /** member post analytics (needs LinkedIn's approval of the app): off unless the admin turns it on; 0008-reach */
  post_analytics_enabled: Generated<boolean>;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A member's LinkedIn OAuth grant (w_member_social) so Chorus can post when they ask it to. */
export interface LinkedInConnectionsTable {
  id: Generated<string>;
  tenant_id: string;
  membership_id: string;
  /** the OpenID `sub`: the person id in urn:li:person:{id} */
  linkedin_member_id: string;
  /** AES-256-GCM with a SECRETS_KEYS key (format as client_secret_encrypted); never stored in clear */
  access_token_encrypted: string;
  expires_at: Date;
  scope: string;
  connected_at: Timestamp;
}

/** Table types of the profiles module (migration db/migrations/0005-profiles.ts). */
export interface ProfileTables {
  social_profiles: SocialProfilesTable;
  linkedin_apps: LinkedInAppsTable;
  linkedin_connections: LinkedInConnectionsTable;
}
