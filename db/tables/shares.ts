import type { Generated } from "kysely";
import type { CreatedAt, Network } from "~/db/columns.ts";

/** One share: an employee's post of a Chorus post on one network, with its own tracked link. */
export interface SharesTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  /** the sharer's membership; null once they left the programme and chose to be anonymised */
  membership_id: string | null;
  network: Network;
  /** the caption variant it started from (null: own words) */
  caption_id: string | null;
  /** the text as the employee shared it (after their edits) */
  text: string;
  /** how it left Chorus: a network's share page, its API, or copied text */
  channel: "intent" | "api" | "copy";
  /** the tracked link's code (link_codes.code); null for a text-only post (nothing to track) */
  code: string | null;
  /** the sharer's follower count on that network when they shared (estimated impressions); 0008-reach */
  followers_at_share: number | null;
  /** the sharer's team when they shared (team figures) */
  team_id: string | null;
  /** the network's id for the post when Chorus posted it through the API (LinkedIn: the post URN) */
  external_id: string | null;
  created_at: CreatedAt;
}

/**
 * Global (no tenant_id, no RLS): the /s/:code hot path resolves a code before it knows the tenant.
 * It holds nothing personal: the destination (with UTM tags) and ids.
 */
export interface LinkCodesTable {
  code: string;
  tenant_id: string;
  share_id: string;
  /** the sharer's user id: clicks by the sharer themself do not count; null once they left anonymised */
  sharer_user_id: string | null;
  /** the post's URL with utm_source/utm_medium/utm_campaign: the only possible redirect target */
  destination: string;
  created_at: CreatedAt;
  /** set when the sharer left the programme: no new tracking (the redirect keeps working) */
  tracking_stopped_at: Date | null;
}

export interface ShareTables {
  shares: SharesTable;
  link_codes: LinkCodesTable;
}
