import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { getRecognitionPreferences } from "~/app/modules/recognition/preferences.server.ts";

export interface LeaderboardRow {
  /** 1, 2, 2, 4…: equal points share a rank */
  rank: number;
  membershipId: string;
  name: string;
  teamName: string | null;
  points: number;
  isMe: boolean;
}

export type LeaderboardResult =
  | { kind: "ranked"; rows: LeaderboardRow[] }
  /** a team filter with fewer opted-in people than the tenant's minimum group size */
  | { kind: "too_few"; minGroupSize: number }
  /** the strict works-council mode is on: no ranks or points of anyone (privacy/strict-mode.ts) */
  | { kind: "off" };

export interface Leaderboard {
  viewerOptedIn: boolean;
  teams: { id: string; name: string }[];
  result: LeaderboardResult;
}

const MAX_ROWS = 100;

/**
 * Points per person for fromDay..toDay. Only active members who opted in
 * (recognition_preferences.leaderboard_opt_in) are ranked or named; everyone else is left out
 * entirely, not shown as "anonymous". A team filter needs at least the tenant's minimum group size
 * (reach settings) of opted-in people in that team, or nothing is shown. Teams are the members'
 * current teams. In the strict works-council mode the leaderboard is off: nothing is read.
 */
export async function leaderboard(
  tx: Tx,
  viewer: Member,
  opts: { fromDay: string; toDay: string; teamId?: string | undefined },
): Promise<Leaderboard> {
  const tenantId = viewer.tenantId;
  const [prefs, teams] = await Promise.all([
    getRecognitionPreferences(tx, viewer),
    tx.selectFrom("teams").select(["id", "name"]).where("tenant_id", "=", tenantId).orderBy("name").execute(),
  ]);
  if (!(await loadFigurePolicy(tx, tenantId)).leaderboard)
    return { viewerOptedIn: prefs.leaderboardOptIn, teams: [], result: { kind: "off" } };
  const teamId = opts.teamId && teams.some((t) => t.id === opts.teamId) ? opts.teamId : undefined;

  let people = tx
    .selectFrom("memberships as m")
    .innerJoin("recognition_preferences as p", (j) =>
      j.onRef("p.membership_id", "=", "m.id").onRef("p.tenant_id", "=", "m.tenant_id"),
    )
    .where("m.tenant_id", "=", tenantId)
    .where("m.status", "=", "active")
    .where("p.leaderboard_opt_in", "=", true);
  if (opts.teamId) people = people.where("m.team_id", "=", teamId ?? sql<string>`NULL`);

  if (opts.teamId) {
    const { minGroupSize } = await getReachSettings(tx, tenantId);
    const counted = await people.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    if (Number(counted.n) < minGroupSize)
      return { viewerOptedIn: prefs.leaderboardOptIn, teams, result: { kind: "too_few", minGroupSize } };
  }

  const rows = await people
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("teams as t", (j) => j.onRef("t.id", "=", "m.team_id").onRef("t.tenant_id", "=", "m.tenant_id"))
    .select([
      "m.id",
      "u.name",
      "t.name as team_name",
      (eb) =>
        eb
          .selectFrom("points_ledger as l")
          .select(sql<string>`coalesce(sum(l.points), 0)`.as("s"))
          .whereRef("l.membership_id", "=", "m.id")
          .where("l.tenant_id", "=", tenantId)
          .where("l.occurred_on", ">=", opts.fromDay)
          .where("l.occurred_on", "<=", opts.toDay)
          .as("points"),
    ])
    .orderBy("points", "desc")
    .orderBy("u.name")
    .orderBy("m.id")
    .limit(MAX_ROWS)
    .execute();

  const ranked: LeaderboardRow[] = [];
  rows.forEach((r, i) => {
    const points = Number(r.points ?? 0);
    const previous = ranked[i - 1];
    const rank = previous && previous.points === points ? previous.rank : i + 1;
    ranked.push({
      rank,
      membershipId: r.id,
      name: r.name,
      teamName: r.team_name,
      points,
      isMe: r.id === viewer.id,
    });
  });
  return { viewerOptedIn: prefs.leaderboardOptIn, teams, result: { kind: "ranked", rows: ranked } };
}
