import type { Generated } from "kysely";

/** A recorded click on a tracked link, drained from the hand-off buffer in batches. */
export interface ClickEventsTable {
  id: Generated<string>;
  tenant_id: string;
  share_id: string;
  /** unique per click, assigned at the redirect: a replayed batch adds nothing */
  event_key: string;
  clicked_at: Date;
  /** sha256(daily salt, IP, user agent), hex: never the raw IP */
  visitor_hash: string;
  is_bot: boolean;
  referrer_host: string | null;
}

export interface ClickTables {
  click_events: ClickEventsTable;
}
