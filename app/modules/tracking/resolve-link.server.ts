import { LRUCache } from "lru-cache";
import { sql } from "kysely";
import { database, type Conn } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";

/** Same shape as the link_codes CHECK constraint: anything else is refused before any lookup. */
export const LINK_CODE = /^[A-Za-z0-9_-]{6,32}$/;

export interface ResolvedLink {
  code: string;
  tenantId: string;
  shareId: string;
  /** null once the sharer left the programme anonymised (their tracking is stopped then) */
  sharerUserId: string | null;
  /** the stored destination with its UTM tags: the only place a redirect may go */
  destination: string;
  trackingStopped: boolean;
}

const UNKNOWN = Symbol("unknown code");
type Entry = ResolvedLink | typeof UNKNOWN;

// 60 s: a code's destination never changes, but a stopped tracking (opt-out) must take effect soon.
const TTL_MS = 60_000;
// Unknown codes are cached too (a scanner must not turn every guess into a query), but briefly:
// a share created a moment ago must resolve.
const UNKNOWN_TTL_MS = 5_000;

const state = processSingleton("tracking.links", () => ({
  cache: new LRUCache<string, Entry>({ max: 50_000, ttl: TTL_MS }),
  // concurrent misses for one code share one query (a freshly shared link gets a burst of clicks)
  inflight: new Map<string, Promise<ResolvedLink | null>>(),
}));

/** The cached answer: a link, null for a known-unknown code, undefined when the database must be asked. */
export function cachedLink(code: string): ResolvedLink | null | undefined {
  const hit = state.cache.get(code);
  if (hit === undefined) return undefined;
  return hit === UNKNOWN ? null : hit;
}

/** code → link from the database (and into the cache); null when unknown or malformed. */
export function resolveLink(code: string): Promise<ResolvedLink | null> {
  if (!LINK_CODE.test(code)) return Promise.resolve(null);
  const cached = cachedLink(code);
  if (cached !== undefined) return Promise.resolve(cached);
  let pending = state.inflight.get(code);
  if (!pending) {
    pending = lookup(code).finally(() => state.inflight.delete(code));
    state.inflight.set(code, pending);
  }
  return pending;
}

export interface LinkCodeRow {
  code: string;
  tenant_id: string;
  share_id: string;
  sharer_user_id: string | null;
  destination: string;
  tracking_stopped_at: Date | null;
}

/**
 * The rows of exactly these codes, whatever their tenant. link_codes has row level security; this is
 * the one read past it (resolve_link_codes, migration 0015), for code → link before any tenant is known.
 */
export async function linkCodeRows(db: Conn, codes: string[]): Promise<LinkCodeRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql<LinkCodeRow>`select * from resolve_link_codes(${codes}::text[])`.execute(db);
  return rows;
}

async function lookup(code: string): Promise<ResolvedLink | null> {
  const { db } = await database();
  const [row] = await linkCodeRows(db, [code]);
  if (!row || !isSafeDestination(row.destination)) {
    if (row) logger.error({ code }, "link code has an unusable destination; answering 404");
    state.cache.set(code, UNKNOWN, { ttl: UNKNOWN_TTL_MS });
    return null;
  }
  const link: ResolvedLink = {
    code,
    tenantId: row.tenant_id,
    shareId: row.share_id,
    sharerUserId: row.sharer_user_id,
    destination: row.destination,
    trackingStopped: row.tracking_stopped_at !== null,
  };
  state.cache.set(code, link);
  return link;
}

/** Absolute http(s) and nothing a Location header could be split on (the DB CHECK only tests the prefix). */
function isSafeDestination(destination: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(destination)) return false;
  try {
    const url = new URL(destination);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Tests: forget cached codes (e.g. after stopping tracking directly in the database). */
export function clearLinkCache(): void {
  state.cache.clear();
}
