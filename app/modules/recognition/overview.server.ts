import type { Tx } from "~/db/client.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { type KudosItem, kudosReceived } from "~/app/modules/recognition/kudos.server.ts";
import { pointsEntries, pointsTotal, type PointsEntry } from "~/app/modules/recognition/ledger.server.ts";
import {
  getRecognitionPreferences,
  type RecognitionPreferences,
} from "~/app/modules/recognition/preferences.server.ts";
import { tenantToday } from "~/app/modules/recognition/rules-admin.server.ts";
import { periodRange } from "~/app/modules/recognition/schemas.ts";

const EVER = { from: "1900-01-01", to: "9999-12-31" };
const ENTRIES_SHOWN = 200;

export interface MyRecognition {
  quarter: { from: string; to: string; points: number };
  allTimePoints: number;
  /** newest first; share entries carry the post's title */
  entries: (PointsEntry & { postTitle: string | null; network: string | null })[];
  badges: { badge: string; awardedAt: Date }[];
  kudos: KudosItem[];
  preferences: RecognitionPreferences;
  /** the tenant's statement release mode: auto-release consent only matters under "automatic" */
  releaseMode: "employee" | "automatic";
}

/** Everything of the member's own recognition page. */
export async function myRecognition(tx: Tx, member: Member, now: Date = new Date()): Promise<MyRecognition> {
  const today = await tenantToday(tx, member.tenantId, now);
  const quarter = periodRange("this_quarter", today);
  const [quarterPoints, allTimePoints, entries, badges, kudos, preferences, settings] = await Promise.all([
    pointsTotal(tx, member.tenantId, member.id, quarter.from, quarter.to),
    pointsTotal(tx, member.tenantId, member.id, EVER.from, EVER.to),
    pointsEntries(tx, member.tenantId, member.id, EVER.from, EVER.to, ENTRIES_SHOWN),
    tx
      .selectFrom("badges")
      .select(["badge", "awarded_at"])
      .where("tenant_id", "=", member.tenantId)
      .where("membership_id", "=", member.id)
      .orderBy("awarded_at")
      .execute(),
    kudosReceived(tx, member, { limit: 50 }),
    getRecognitionPreferences(tx, member),
    getRecognitionSettings(tx, member.tenantId),
  ]);
  const shareIds = [
    ...new Set(
      entries
        .map((e) =>
          e.sourceType === "share" ? e.sourceId : e.sourceType === "unique_clicks" ? e.detail.shareId : null,
        )
        .filter((id): id is string => typeof id === "string"),
    ),
  ];
  const shares = shareIds.length
    ? await tx
        .selectFrom("shares")
        .innerJoin("posts", (j) =>
          j.onRef("posts.id", "=", "shares.post_id").onRef("posts.tenant_id", "=", "shares.tenant_id"),
        )
        .select(["shares.id", "posts.title", "shares.network"])
        .where("shares.tenant_id", "=", member.tenantId)
        .where("shares.id", "in", shareIds)
        .execute()
    : [];
  const byShare = new Map(shares.map((s) => [s.id, s]));
  return {
    quarter: { ...quarter, points: quarterPoints },
    allTimePoints,
    entries: entries.map((e) => {
      const shareId =
        e.sourceType === "share"
          ? e.sourceId
          : typeof e.detail.shareId === "string"
            ? e.detail.shareId
            : null;
      const share = shareId ? byShare.get(shareId) : undefined;
      return { ...e, postTitle: share?.title ?? null, network: share?.network ?? null };
    }),
    badges: badges.map((b) => ({ badge: b.badge, awardedAt: b.awarded_at })),
    kudos,
    preferences,
    releaseMode: settings.releaseMode,
  };
}
