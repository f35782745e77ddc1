import type { Generated } from "kysely";
import type { CreatedAt } from "../schema.ts";

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

/**
 * Global hand-off buffer (no Redis, or Redis failing): the redirect appends, the drain job moves
 * rows into click_events (resolving code → tenant) and deletes them. No tenant_id: see 0007.
 */
export interface ClickInboxTable {
  event_key: string;
  code: string;
  clicked_at: Date;
  visitor_hash: string;
  referrer_host: string | null;
  /** sessions.id (sha256 of the cookie token) of a signed-in clicker: the drain drops self-clicks */
  session_id: string | null;
}

/** Daily visitor-hash salt when Redis is not configured (with Redis it lives there, with expiry). */
export interface ClickSaltsTable {
  /** UTC day, YYYY-MM-DD */
  day: string;
  salt: string;
  created_at: CreatedAt;
}

export interface ClickTables {
  click_events: ClickEventsTable;
  click_inbox: ClickInboxTable;
  click_salts: ClickSaltsTable;
}
