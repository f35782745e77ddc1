import type { ColumnType, Generated } from "kysely";
import type { CreatedAt } from "~/db/columns.ts";

/** a nullable column inserts may leave out (rows written before 0017 have none) */
type OptionalKey = ColumnType<string | null, string | null | undefined, string | null>;

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
  /** 0017: sha256(daily salt, "ip", IP): one visitor whatever the user agent; null on older rows (use visitor_hash) */
  ip_key: OptionalKey;
  /** 0017: sha256(daily salt, "net", IPv4 /24 or IPv6 /48): the network, for bursts; null on older rows */
  net_key: OptionalKey;
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
  /** 0017: see ClickEventsTable; null from an older process */
  ip_key: OptionalKey;
  net_key: OptionalKey;
}

/** Daily visitor-hash salt when Redis is not configured (with Redis it lives there, with expiry). */
export interface ClickSaltsTable {
  /** UTC day, YYYY-MM-DD */
  day: string;
  salt: string;
  created_at: CreatedAt;
}

/** 0017 (global): the IP key of a signed-in member's requests per UTC day; clicks from it never count for them. */
export interface MemberIpKeysTable {
  user_id: string;
  /** UTC day whose salt made the key, YYYY-MM-DD */
  day: ColumnType<string, string, string>;
  ip_key: string;
  created_at: CreatedAt;
}

export const CLICK_HOLD_REASONS = ["burst", "too_soon", "same_visitor_many_shares"] as const;
export type ClickHoldReason = (typeof CLICK_HOLD_REASONS)[number];
export const CLICK_HOLD_STATUSES = ["held", "released", "discarded"] as const;
export type ClickHoldStatus = (typeof CLICK_HOLD_STATUSES)[number];

/** 0017: clicks of one share and tenant-local day held back from points for one reason, and a comms lead's decision. */
export interface ClickHoldsTable {
  id: Generated<string>;
  tenant_id: string;
  share_id: string;
  /** the sharer when the day was evaluated */
  membership_id: string | null;
  day: ColumnType<string, string, string>;
  reason: ClickHoldReason;
  clicks: number;
  /** distinct visitor keys held back: what a release can add (up to the cap) */
  distinct_keys: number;
  status: Generated<ClickHoldStatus>;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: CreatedAt;
}

export interface ClickTables {
  click_events: ClickEventsTable;
  click_inbox: ClickInboxTable;
  click_salts: ClickSaltsTable;
  member_ip_keys: MemberIpKeysTable;
  click_holds: ClickHoldsTable;
}
