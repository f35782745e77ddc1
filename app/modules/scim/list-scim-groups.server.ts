import { sql } from "kysely";
import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { conditionValues, type ScimCondition } from "~/app/modules/scim/filter.ts";
import {
  membersOf,
  SCIM_TEAM_COLUMNS,
  scimTeams,
  toScimGroup,
  type ScimGroup,
} from "~/app/modules/scim/scim-group-records.server.ts";
import { scimUsers, type ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";

export { GROUP_FILTER_ATTRIBUTES } from "~/app/modules/scim/group-schemas.ts";

/**
 * GET /Groups: the tenant's teams, oldest first, a page at a time. displayName compares without
 * case (a team's name is unique that way), externalId exactly; `members[value eq "<id>"]` (Entra
 * asks `id eq "…" and members[value eq "…"]` to check one membership) keeps the teams that User
 * is in — one at most, a member having one team.
 */
export async function listScimGroups(
  tx: Tx,
  actor: ScimActor,
  query: { conditions: readonly ScimCondition[]; startIndex: number; count: number; members: boolean },
): Promise<{ groups: ScimGroup[]; totalResults: number }> {
  const c = query.conditions;
  const ids = conditionValues(c, "id");
  const names = conditionValues(c, "displayName").map((n) => n.toLowerCase());
  const externalIds = conditionValues(c, "externalId");
  const memberIds = conditionValues(c, "members.value");
  const isUuid = (id: string) => z.uuid().safeParse(id).success;
  // a condition nothing can meet: no query (an id that is no uuid would be a cast error)
  const impossible =
    [...ids, ...memberIds].some((id) => !isUuid(id)) ||
    [ids, names, externalIds, memberIds].some((values) => new Set(values).size > 1);
  if (impossible) return { groups: [], totalResults: 0 };

  let base = scimTeams(tx, actor.tenantId);
  if (ids[0] !== undefined) base = base.where("t.id", "=", ids[0]);
  if (names[0] !== undefined) base = base.where(sql<boolean>`lower(t.name) = ${names[0]}`);
  if (externalIds[0] !== undefined) base = base.where("t.scim_external_id", "=", externalIds[0]);
  if (memberIds[0] !== undefined) {
    const member = memberIds[0];
    base = base.where(
      "t.id",
      "in",
      scimUsers(tx, actor.tenantId).select("m.team_id").where("m.id", "=", member),
    );
  }

  const { total } = await base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow();
  const rows =
    query.count === 0
      ? []
      : await base
          .select(SCIM_TEAM_COLUMNS)
          .orderBy("t.created_at")
          .orderBy("t.id")
          .offset(query.startIndex - 1)
          .limit(query.count)
          .execute();
  const members = query.members
    ? await membersOf(
        tx,
        actor.tenantId,
        rows.map((r) => r.id),
      )
    : undefined;
  return { groups: rows.map((r) => toScimGroup(r, members?.get(r.id))), totalResults: Number(total) };
}
