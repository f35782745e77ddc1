import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { NETWORKS, type Network } from "~/db/schema.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput, safeString, safeText } from "~/app/lib/validation.ts";

/** A follower count older than this earns a reminder: reach estimates are built on it. */
export const FOLLOWERS_STALE_AFTER_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_FOLLOWERS = 100_000_000;

export interface SocialProfile {
  network: Network;
  handle: string;
  followerCount: number | null;
  followersRecordedAt: Date | null;
  mastodonInstance: string | null;
}

// ── validation ──────────────────────────────────────────────────────────────
// Messages are i18n keys under "profiles.errors." so server and browser speak the reader's language.

/** RFC 1123 host name with at least one dot; lower-cased. A pasted "https://host/" is reduced to the host. */
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const MastodonInstance = safeString()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^https:\/\//, "").replace(/\/$/, ""))
  .refine((v) => HOST.test(v), "instance");

/** What a handle may look like per network, after a leading "@" or a pasted profile URL is stripped. */
const HANDLE_PATTERNS: Record<Network, RegExp> = {
  // the vanity name of linkedin.com/in/<name>
  linkedin: /^[\p{L}\p{N}-]{3,100}$/u,
  x: /^[A-Za-z0-9_]{1,15}$/,
  facebook: /^[A-Za-z0-9.]{1,50}$/,
  xing: /^[A-Za-z0-9_.-]{1,100}$/,
  // a domain handle: name.bsky.social or the person's own domain
  bluesky: /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i,
  // the user name; the instance is a separate field
  mastodon: /^[A-Za-z0-9_]{1,30}$/,
  threads: /^[A-Za-z0-9._]{1,30}$/,
};

/** Profile URLs people paste instead of the handle, and where the handle sits in them. */
const URL_HANDLE: Partial<Record<Network, RegExp>> = {
  linkedin: /^(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/in\/([^/?#]+)\/?(?:[?#].*)?$/i,
  x: /^(?:https?:\/\/)?(?:www\.)?(?:x|twitter)\.com\/([^/?#]+)\/?(?:[?#].*)?$/i,
  facebook: /^(?:https?:\/\/)?(?:www\.|m\.)?facebook\.com\/([^/?#]+)\/?(?:[?#].*)?$/i,
  xing: /^(?:https?:\/\/)?(?:www\.)?xing\.com\/profile\/([^/?#]+)\/?(?:[?#].*)?$/i,
  bluesky: /^(?:https?:\/\/)?bsky\.app\/profile\/([^/?#]+)\/?(?:[?#].*)?$/i,
  threads: /^(?:https?:\/\/)?(?:www\.)?threads\.(?:net|com)\/@([^/?#]+)\/?(?:[?#].*)?$/i,
};

/** Reduces what a person typed to the bare handle (and, for Mastodon's "@user@host", the instance). */
export function normaliseHandle(network: Network, raw: string): { handle: string; instance?: string } {
  let value = raw.trim();
  const fromUrl = URL_HANDLE[network]?.exec(value)?.[1];
  if (fromUrl) value = safeDecode(fromUrl);
  if (network === "mastodon") {
    const full = /^@?([^@\s]+)@([^@\s]+)$/.exec(value);
    if (full?.[1] && full[2]) return { handle: full[1], instance: full[2].toLowerCase() };
  }
  value = value.replace(/^@/, "");
  return { handle: network === "bluesky" ? value.toLowerCase() : value };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const UpsertProfileInput = z
  .object({
    network: z.enum(NETWORKS, { error: "network" }),
    handle: safeText({ max: 200 }),
    /** empty: not known (clears the count) */
    followerCount: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: "followers" })
        .int("followers")
        .min(0, "followers")
        .max(MAX_FOLLOWERS, "followers")
        .optional(),
    ),
    mastodonInstance: z.preprocess(emptyToUndefined, safeString().optional()),
    /** "the count is still right": re-dates an unchanged count (the reminder's answer) */
    confirmFollowers: z
      .preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean())
      .optional(),
  })
  .transform((input, ctx) => {
    const { handle, instance } = normaliseHandle(input.network, input.handle);
    if (!HANDLE_PATTERNS[input.network].test(handle)) {
      ctx.addIssue({ code: "custom", path: ["handle"], message: "handle" });
      return z.NEVER;
    }
    let mastodonInstance: string | null = null;
    if (input.network === "mastodon") {
      const parsed = MastodonInstance.safeParse(input.mastodonInstance ?? instance ?? "");
      if (!parsed.success) {
        ctx.addIssue({
          code: "custom",
          path: ["mastodonInstance"],
          message: input.mastodonInstance || instance ? "instance" : "instanceRequired",
        });
        return z.NEVER;
      }
      mastodonInstance = parsed.data;
    }
    return {
      network: input.network,
      handle,
      followerCount: input.followerCount ?? null,
      mastodonInstance,
      confirmFollowers: input.confirmFollowers ?? false,
    };
  });
export type UpsertProfileInput = z.input<typeof UpsertProfileInput>;

export const DeleteProfileInput = z.object({ network: z.enum(NETWORKS, { error: "network" }) });

// ── reads ───────────────────────────────────────────────────────────────────

const columns = [
  "network",
  "handle",
  "follower_count",
  "followers_recorded_at",
  "mastodon_instance",
] as const;

function toProfile(row: {
  network: Network;
  handle: string;
  follower_count: number | null;
  followers_recorded_at: Date | null;
  mastodon_instance: string | null;
}): SocialProfile {
  return {
    network: row.network,
    handle: row.handle,
    followerCount: row.follower_count,
    followersRecordedAt: row.followers_recorded_at,
    mastodonInstance: row.mastodon_instance,
  };
}

/** The member's own profiles, in the order of NETWORKS. */
export async function listProfiles(tx: Tx, member: Member): Promise<SocialProfile[]> {
  const rows = await tx
    .selectFrom("social_profiles")
    .select(columns)
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .execute();
  return rows.map(toProfile).sort((a, b) => NETWORKS.indexOf(a.network) - NETWORKS.indexOf(b.network));
}

/** The member's profile on one network (the share flow reads the Mastodon instance and follower count). */
export async function getProfile(
  tx: Tx,
  member: Member,
  network: Network,
): Promise<
  | {
      handle: string;
      followerCount: number | null;
      mastodonInstance: string | null;
      followersRecordedAt: Date | null;
    }
  | undefined
> {
  const row = await tx
    .selectFrom("social_profiles")
    .select(columns)
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("network", "=", network)
    .executeTakeFirst();
  if (!row) return undefined;
  const { network: _network, ...profile } = toProfile(row);
  return profile;
}

/** Profiles whose follower count is older than 90 days (or was never dated) at `now`: the UI reminds. */
export function staleProfiles<P extends { followerCount: number | null; followersRecordedAt: Date | null }>(
  profiles: readonly P[],
  now: Date = new Date(),
): P[] {
  const cutoff = now.getTime() - FOLLOWERS_STALE_AFTER_DAYS * DAY_MS;
  return profiles.filter(
    (p) =>
      p.followerCount !== null &&
      (p.followersRecordedAt === null || p.followersRecordedAt.getTime() < cutoff),
  );
}

// ── writes ──────────────────────────────────────────────────────────────────

/**
 * Creates or updates the member's profile on one network. The follower count is dated: the date
 * moves only when the count changes (or the member confirms an unchanged count), so "recorded on"
 * keeps meaning when it was last true.
 */
export async function upsertProfile(
  tx: Tx,
  member: Member,
  input: UpsertProfileInput,
  now: Date = new Date(),
): Promise<SocialProfile> {
  const value = parseInput(UpsertProfileInput, input, "invalid profile");

  const existing = await tx
    .selectFrom("social_profiles")
    .select(["follower_count", "followers_recorded_at"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("network", "=", value.network)
    .forUpdate()
    .executeTakeFirst();

  let recordedAt: Date | null;
  if (value.followerCount === null) recordedAt = null;
  else if (
    !existing ||
    existing.follower_count !== value.followerCount ||
    value.confirmFollowers ||
    !existing.followers_recorded_at
  )
    recordedAt = now;
  else recordedAt = existing.followers_recorded_at;

  const row = await tx
    .insertInto("social_profiles")
    .values({
      tenant_id: member.tenantId,
      membership_id: member.id,
      network: value.network,
      handle: value.handle,
      follower_count: value.followerCount,
      followers_recorded_at: recordedAt,
      mastodon_instance: value.mastodonInstance,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.constraint("social_profiles_member_network").doUpdateSet({
        handle: value.handle,
        follower_count: value.followerCount,
        followers_recorded_at: recordedAt,
        mastodon_instance: value.mastodonInstance,
        updated_at: now,
      }),
    )
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toProfile(row);
}

/** Removes the member's profile on one network; true when there was one. */
export async function deleteProfile(tx: Tx, member: Member, network: Network): Promise<boolean> {
  const result = await tx
    .deleteFrom("social_profiles")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("network", "=", network)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
