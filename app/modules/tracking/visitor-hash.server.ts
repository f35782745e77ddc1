import { hash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { database } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { processSingleton } from "~/runtime/process-singleton.ts";
import { readyClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig } from "~/app/modules/tracking/config.server.ts";

/**
 * visitor hash = sha256(salt of the UTC day, IP, user agent). The salt is random per day and shared
 * by every process of the deployment, so one visitor hashes alike everywhere that day (unique
 * visitors) and differently the next day (no tracking across days). It is forgotten after two days:
 * without it, nobody — us included — can test an IP against stored hashes.
 *
 * Where the salt lives: in Redis when configured (SET NX with a 2-day expiry: the first process of
 * the day wins, Redis forgets it for us), otherwise in click_salts (insert … on conflict do nothing;
 * the drain job deletes old days). If Redis fails while fetching, the database salt is used: that
 * day a visitor may count twice across the switch, which is the price of not losing the click.
 */
const DAY_MS = 86_400_000;

const state = processSingleton("tracking.salt", () => ({
  salt: "",
  validUntil: 0,
  pending: undefined as Promise<string> | undefined,
  pendingDay: -1,
}));

/** The salt for `now`'s day if this process already has it (the hot path's synchronous case). */
export function cachedSalt(now: number): string | undefined {
  return now < state.validUntil && now >= state.validUntil - DAY_MS ? state.salt : undefined;
}

export function dailySalt(now: number): Promise<string> {
  const cached = cachedSalt(now);
  if (cached !== undefined) return Promise.resolve(cached);
  const dayNumber = Math.floor(now / DAY_MS);
  if (!state.pending || state.pendingDay !== dayNumber) {
    state.pendingDay = dayNumber;
    state.pending = fetchSalt(dayNumber).then(
      ({ salt, fallback }) => {
        state.salt = salt;
        // A fallback salt (Redis briefly away) may differ from the one other processes hold: keep it
        // only a minute, so the same visitor does not hash differently for the rest of the day.
        state.validUntil = fallback
          ? Math.min(now + FALLBACK_SALT_MS, (dayNumber + 1) * DAY_MS)
          : (dayNumber + 1) * DAY_MS;
        return salt;
      },
      (error: unknown) => {
        state.pending = undefined; // the next click tries again
        throw error;
      },
    );
  }
  return state.pending;
}

// crypto.hash: one call, no Hash object (createHash per click cost several µs and garbage on the hot path).
export function visitorHash(salt: string, ip: string, userAgent: string): string {
  return hash("sha256", `${salt}\n${ip}\n${userAgent}`, "hex");
}

/**
 * Credit keys (issue 11): a visitor cannot multiply them by changing headers. The IP key is one per
 * address and day; the network key one per IPv4 /24 or IPv6 /48 and day (bursts from one network).
 * The labels keep either from ever equalling the other or a visitor hash. 128 bits of the sha256,
 * base64url (22 characters): unique enough within a day, and each click carries two of them
 * through Redis.
 */
export function ipKey(salt: string, ip: string): string {
  return key128(`${salt}\nip\n${visitorAddress(ip)}`);
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The first 128 bits of sha256(data), base64url: 22 characters. The same as
 * `createHash(…).digest().toString("base64url", 0, 16)` — which costs ~5× more (a Hash object and a
 * Buffer range encode per click) — from the whole digest's base64url: its first 21 characters are
 * bytes 0–14 and the top 6 bits of byte 15; the 22nd carries byte 15's low 2 bits, then (in the
 * whole digest) byte 16's top 4, which the 16-byte encoding pads with zeros.
 */
export function key128(data: string): string {
  const whole = hash("sha256", data, "base64url");
  return whole.slice(0, 21) + BASE64URL[BASE64URL.indexOf(whole[21]!) & 0x30]!;
}

/**
 * The part of an address that stands for one visitor: an IPv4 address, or an IPv6 /64. A phone or
 * a household gets a whole /64 from its provider and may use any address in it (privacy extensions
 * pick a new one every day or on demand), so one person could otherwise click as many "visitors"
 * as they like. An IPv4-mapped IPv6 address is its IPv4 address. Anything unparsable stays as is.
 */
export function visitorAddress(ip: string): string {
  if (!ip.includes(":")) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const parts = ip.split("%")[0]!.toLowerCase().split("::");
  if (parts.length > 2) return ip;
  const head = parts[0] ? parts[0].split(":") : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(":") : [];
  // "::" stands for as many zero groups as are missing (an embedded IPv4 tail sits past /64 anyway)
  const groups =
    parts.length === 2
      ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail]
      : head;
  if (groups.length < 4) return ip;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":");
}

/** Network keys of the current salt, by network: addresses of one network share one sha256. */
const networkKeys = processSingleton("tracking.network-keys", () => ({
  salt: "",
  keys: new Map<string, string>(),
}));
const NETWORK_KEYS_MAX = 20_000;

export function networkKey(salt: string, ip: string): string {
  const network = networkOf(ip);
  const cache = networkKeys;
  if (cache.salt !== salt || cache.keys.size >= NETWORK_KEYS_MAX) {
    cache.salt = salt;
    cache.keys.clear();
  }
  let key = cache.keys.get(network);
  if (key === undefined) {
    key = key128(`${salt}\nnet\n${network}`);
    cache.keys.set(network, key);
  }
  return key;
}

/**
 * The network an address belongs to: IPv4 /24 ("203.0.113"), IPv6 /48 (the first three groups,
 * expanded). An IPv4-mapped IPv6 address ("::ffff:203.0.113.7", how Node reports IPv4 peers on a
 * dual-stack socket) is its IPv4 network. Anything unparsable is its own network.
 */
export function networkOf(ip: string): string {
  // the hot path's usual case first, without a regex: a plain IPv4 address
  if (!ip.includes(":")) {
    const dot = ip.lastIndexOf(".");
    return dot > 0 && IPV4.test(ip) ? ip.slice(0, dot) : ip;
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+)\.\d+$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const zoneless = ip.split("%")[0]!.toLowerCase();
  const [head = "", tail] = zoneless.split("::");
  const headGroups = head ? head.split(":") : [];
  // "a:b::c" — the groups before "::" are the leading ones; with fewer than 3, the gap is zeros
  const groups = tail === undefined ? headGroups : [...headGroups, "0", "0", "0"];
  return groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":");
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

const FALLBACK_SALT_MS = 60_000;

async function fetchSalt(dayNumber: number): Promise<{ salt: string; fallback: boolean }> {
  const day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
  const candidate = randomBytes(32).toString("hex");
  const { redisUrl, saltKeyPrefix } = clickConfig();
  if (redisUrl) {
    try {
      // off the response path: a process that just started may wait a moment for its connection
      const client = await readyClickRedis(redisUrl, 1_000);
      const key = saltKeyPrefix + day;
      await client.set(key, candidate, "EX", 2 * 86_400, "NX");
      const salt = await client.get(key);
      if (salt) return { salt, fallback: false };
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "click salt: Redis unavailable, using the database salt");
    }
  }
  const { db } = await database();
  await db
    .insertInto("click_salts")
    .values({ day, salt: candidate })
    .onConflict((oc) => oc.column("day").doNothing())
    .execute();
  const row = await db
    .selectFrom("click_salts")
    .select("salt")
    .where("day", "=", day)
    .executeTakeFirstOrThrow();
  return { salt: row.salt, fallback: Boolean(redisUrl) };
}

/** Forgets database salts older than yesterday (Redis expires its own). Called by the drain job. */
export async function purgeOldSalts(): Promise<void> {
  const { db } = await database();
  await db
    .deleteFrom("click_salts")
    .where("day", "<", sql<string>`current_date - 1`)
    .execute();
}

/** Tests: the next click fetches the salt again. */
export function forgetSalt(): void {
  state.salt = "";
  state.validUntil = 0;
  state.pending = undefined;
}
