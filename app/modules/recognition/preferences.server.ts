import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { PreferencesInput } from "~/app/modules/recognition/schemas.ts";

export interface RecognitionPreferences {
  /** ranked and named on the leaderboard */
  leaderboardOptIn: boolean;
  /** the week's kudos in the weekly digest */
  kudosInDigest: boolean;
  /** locked credit statements go to the manager without a separate release (if the tenant enables automatic release) */
  autoReleaseConsent: boolean;
}

/** The member's own choices; no row = every choice off (privacy by default). */
export async function getRecognitionPreferences(
  tx: Tx,
  member: Pick<Member, "id" | "tenantId">,
): Promise<RecognitionPreferences> {
  const row = await tx
    .selectFrom("recognition_preferences")
    .select(["leaderboard_opt_in", "kudos_in_digest", "auto_release_consent"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  return {
    leaderboardOptIn: row?.leaderboard_opt_in ?? false,
    kudosInDigest: row?.kudos_in_digest ?? false,
    autoReleaseConsent: row?.auto_release_consent ?? false,
  };
}

/** Saves the member's own choices (only ever their own: the member comes from the session). */
export async function saveRecognitionPreferences(
  tx: Tx,
  member: Member,
  raw: PreferencesInput,
  now: Date = new Date(),
): Promise<RecognitionPreferences> {
  const input = parseInput(PreferencesInput, raw);
  const values = {
    leaderboard_opt_in: input.leaderboardOptIn,
    kudos_in_digest: input.kudosInDigest,
    auto_release_consent: input.autoReleaseConsent,
    updated_at: now,
  };
  await tx
    .insertInto("recognition_preferences")
    .values({ membership_id: member.id, tenant_id: member.tenantId, ...values })
    .onConflict((oc) =>
      oc
        .columns(["tenant_id", "membership_id"])
        .doUpdateSet(values)
        .where("recognition_preferences.tenant_id", "=", member.tenantId),
    )
    .execute();
  return input;
}
