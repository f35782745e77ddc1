import { z } from "zod";
import { Checkbox, safeText } from "~/app/lib/validation.ts";

/*
 * Input schemas of the recognition pages (browser-safe). Messages are keys under
 * "recognition.errors.".
 */

export const KUDOS_MAX = 280;

export const KudosInput = z.object({
  toMembershipId: z.uuid({ error: "recipient" }),
  reason: safeText({ max: KUDOS_MAX, required: "reason_required", tooLong: "reason_too_long" }),
});
export type KudosInput = z.infer<typeof KudosInput>;

export const PreferencesInput = z.object({
  leaderboardOptIn: Checkbox,
  kudosInDigest: Checkbox,
  autoReleaseConsent: Checkbox,
});
export type PreferencesInput = z.infer<typeof PreferencesInput>;

export const LEADERBOARD_PERIODS = ["this_quarter", "last_quarter", "this_year"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/** ?period&team of the leaderboard; anything unknown falls back to this quarter, all teams. */
export const LeaderboardQuery = z.object({
  period: z.enum(LEADERBOARD_PERIODS).catch("this_quarter"),
  team: z.uuid().optional().catch(undefined),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuery>;

/** Inclusive tenant-local days of a period around `today` ("YYYY-MM-DD"). */
export function periodRange(period: LeaderboardPeriod, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarter = Math.floor((month - 1) / 3);
  const quarterRange = (y: number, q: number) => {
    const startMonth = q * 3 + 1;
    const endMonth = startMonth + 2;
    const lastDay = new Date(Date.UTC(y, endMonth, 0)).getUTCDate();
    const pad = (n: number) => String(n).padStart(2, "0");
    return { from: `${y}-${pad(startMonth)}-01`, to: `${y}-${pad(endMonth)}-${pad(lastDay)}` };
  };
  switch (period) {
    case "this_quarter":
      return quarterRange(year, quarter);
    case "last_quarter":
      return quarter === 0 ? quarterRange(year - 1, 3) : quarterRange(year, quarter - 1);
    case "this_year":
      return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
}
