import { sql } from "kysely";
import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { GROUP_SCHEMA } from "~/app/modules/scim/discovery.ts";
import { invalidValue, scimNotFound, uniqueness } from "~/app/modules/scim/errors.ts";
import { scimLocation, scimMeta } from "~/app/modules/scim/http.server.ts";
import { scimAuditData, scimUsers, type ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";
import type { GroupAction } from "~/app/modules/scim/group-schemas.ts";

/**
 * What the SCIM Group use cases share. A Group is a Chorus team (its id is the team's id); its
 * members are the memberships whose team_id is the team, as SCIM Users (membership ids), the same
 * people /Users shows (not deleted through SCIM, not erased; deactivated ones included).
 *
 * A member has ONE team in Chorus. Adding a member to a group sets their team, moving them out of
 * the team they were in; removing them clears it only while it is still this team — a remove that
 * arrives after the person was added to another group (directories send the two in either order)
 * leaves the new team alone and succeeds. A person in several directory groups thus ends up in
 * the one whose add came last; the audit event counts the moves.
 */

export interface ScimTeamRow {
  id: string;
  name: string;
  scim_external_id: string | null;
  created_at: Date;
}

export interface ScimGroupMember {
  value: string;
  display: string;
  $ref: string;
}

/** The Group resource (RFC 7643 §4.2); `members` left out when the request excluded them. */
export function toScimGroup(row: ScimTeamRow, members: ScimGroupMember[] | undefined) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.scim_external_id ? { externalId: row.scim_external_id } : {}),
    displayName: row.name,
    ...(members ? { members } : {}),
    // teams keep no modification time; lastModified is the creation until they do
    meta: scimMeta("Group", row.id, row.created_at, row.created_at),
  };
}
export type ScimGroup = ReturnType<typeof toScimGroup>;

export const SCIM_TEAM_COLUMNS = ["t.id", "t.name", "t.scim_external_id", "t.created_at"] as const;

export function scimTeams(tx: Tx, tenantId: string) {
  return tx.selectFrom("teams as t").where("t.tenant_id", "=", tenantId);
}

/** The team as a Group row, or 404 (unknown, another tenant's, not an id). */
export async function findScimTeam(
  tx: Tx,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ScimTeamRow> {
  if (!z.uuid().safeParse(id).success) throw scimNotFound("Group", id);
  let query = scimTeams(tx, tenantId).select(SCIM_TEAM_COLUMNS).where("t.id", "=", id);
  if (opts.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw scimNotFound("Group", id);
  return row;
}

/** The members of these teams as SCIM member references, by team id, ordered by name. */
export async function membersOf(
  tx: Tx,
  tenantId: string,
  teamIds: readonly string[],
): Promise<Map<string, ScimGroupMember[]>> {
  const byTeam = new Map<string, ScimGroupMember[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await scimUsers(tx, tenantId)
    .select(["m.id", "m.team_id", "u.name"])
    .where("m.team_id", "in", [...teamIds])
    .orderBy("u.name")
    .orderBy("m.id")
    .execute();
  for (const row of rows)
    byTeam.get(row.team_id!)?.push({ value: row.id, display: row.name, $ref: scimLocation("Users", row.id) });
  return byTeam;
}

/** The Group as it is now, with its members unless excluded. */
export async function readScimGroup(
  tx: Tx,
  tenantId: string,
  id: string,
  opts: { members: boolean },
): Promise<ScimGroup> {
  const row = await findScimTeam(tx, tenantId, id);
  const members = opts.members ? (await membersOf(tx, tenantId, [row.id])).get(row.id) : undefined;
  return toScimGroup(row, members);
}

/**
 * Whether a response carries `members`: not with `excludedAttributes=members` (Entra asks so on
 * every lookup), nor when `attributes=` names others only (RFC 7644 §3.9).
 */
export function includesMembers(query: { attributes: string[]; excludedAttributes: string[] }): boolean {
  if (query.excludedAttributes.includes("members")) return false;
  return query.attributes.length === 0 || query.attributes.includes("members");
}

/**
 * Team names clash without regard to case (the admin's rule, teams.server.ts); the unique index
 * (tenant_id, name) decides a race on the exact spelling (handleScim answers it 409 uniqueness).
 */
export async function assertTeamNameFree(tx: Tx, tenantId: string, name: string, exceptId?: string) {
  let query = scimTeams(tx, tenantId)
    .select("t.id")
    .where(sql<boolean>`lower(t.name) = lower(${name})`);
  if (exceptId) query = query.where("t.id", "<>", exceptId);
  const clash = await query.executeTakeFirst();
  if (clash)
    throw uniqueness(
      `A team named "${name}" exists already (id ${clash.id}); find it with filter=displayName eq and update it.`,
    );
}

async function assertExternalIdFree(tx: Tx, tenantId: string, externalId: string, exceptId?: string) {
  let query = scimTeams(tx, tenantId).select("t.id").where("t.scim_external_id", "=", externalId);
  if (exceptId) query = query.where("t.id", "<>", exceptId);
  if (await query.executeTakeFirst()) throw uniqueness(`Another group already has externalId ${externalId}.`);
}

/** What applying a change did, for the audit event and the tests. */
export interface GroupChangeOutcome {
  changed: string[];
  membersAdded: number;
  /** of membersAdded, those taken out of another team */
  membersMoved: number;
  membersRemoved: number;
}

/**
 * Applies the actions in order to a locked team. Every member id must be a User of this tenant
 * (400 invalidValue naming the unknown ones otherwise); a member who is already in the team is not
 * added again, and one who is not in it is not removed (both succeed). Records one
 * team.scim_updated event when anything changed.
 */
export async function applyGroupActions(
  tx: Tx,
  actor: ScimActor,
  team: ScimTeamRow,
  actions: readonly GroupAction[],
  opts: { audit?: boolean } = {},
): Promise<GroupChangeOutcome> {
  const { tenantId } = actor;
  const outcome: GroupChangeOutcome = { changed: [], membersAdded: 0, membersMoved: 0, membersRemoved: 0 };
  let name = team.name;
  let externalId = team.scim_external_id;
  const mark = (what: string) => {
    if (!outcome.changed.includes(what)) outcome.changed.push(what);
  };
  for (const action of actions) {
    switch (action.kind) {
      case "displayName":
        if (action.value === name) break;
        await assertTeamNameFree(tx, tenantId, action.value, team.id);
        await tx
          .updateTable("teams")
          .set({ name: action.value })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", team.id)
          .execute();
        name = action.value;
        mark("displayName");
        break;
      case "externalId":
        if (action.value === externalId) break;
        if (action.value !== null) await assertExternalIdFree(tx, tenantId, action.value, team.id);
        await tx
          .updateTable("teams")
          .set({ scim_external_id: action.value })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", team.id)
          .execute();
        externalId = action.value;
        mark("externalId");
        break;
      case "addMembers": {
        const { added, moved } = await addMembers(tx, tenantId, team.id, action.ids);
        outcome.membersAdded += added;
        outcome.membersMoved += moved;
        if (added > 0) mark("members");
        break;
      }
      case "removeMembers": {
        const ids = action.ids.filter((id) => z.uuid().safeParse(id).success);
        if (ids.length === 0) break;
        const removed = await clearTeam(tx, tenantId, team.id, (q) => q.where("m.id", "in", ids));
        outcome.membersRemoved += removed;
        if (removed > 0) mark("members");
        break;
      }
      case "removeAllMembers": {
        const removed = await clearTeam(tx, tenantId, team.id, (q) => q);
        outcome.membersRemoved += removed;
        if (removed > 0) mark("members");
        break;
      }
      case "setMembers": {
        const { added, moved } = await addMembers(tx, tenantId, team.id, action.ids);
        const keep = action.ids;
        const removed = await clearTeam(tx, tenantId, team.id, (q) =>
          keep.length > 0 ? q.where("m.id", "not in", keep) : q,
        );
        outcome.membersAdded += added;
        outcome.membersMoved += moved;
        outcome.membersRemoved += removed;
        if (added + removed > 0) mark("members");
        break;
      }
    }
  }
  if (opts.audit !== false && outcome.changed.length > 0)
    await recordAudit(tx, {
      tenantId,
      actorUserId: null,
      action: "team.scim_updated",
      subject: team.id,
      data: scimAuditData(actor, { ...outcome, name }),
    });
  return outcome;
}

/** Puts these Users into the team (moving them from theirs); 400 invalidValue for ids that are no User here. */
async function addMembers(
  tx: Tx,
  tenantId: string,
  teamId: string,
  ids: readonly string[],
): Promise<{ added: number; moved: number }> {
  if (ids.length === 0) return { added: 0, moved: 0 };
  const notIds = ids.filter((id) => !z.uuid().safeParse(id).success);
  const valid = ids.filter((id) => z.uuid().safeParse(id).success);
  const found =
    valid.length === 0
      ? []
      : await scimUsers(tx, tenantId)
          .select(["m.id", "m.team_id"])
          .where("m.id", "in", valid)
          .forUpdate("m")
          .execute();
  const known = new Set(found.map((r) => r.id));
  const unknown = [...notIds, ...valid.filter((id) => !known.has(id))];
  if (unknown.length > 0)
    throw invalidValue(
      `members: no User with id ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""} here.`,
    );
  const joining = found.filter((r) => r.team_id !== teamId);
  if (joining.length === 0) return { added: 0, moved: 0 };
  await tx
    .updateTable("memberships")
    .set({ team_id: teamId })
    .where("tenant_id", "=", tenantId)
    .where(
      "id",
      "in",
      joining.map((r) => r.id),
    )
    .execute();
  return { added: joining.length, moved: joining.filter((r) => r.team_id !== null).length };
}

/** Clears the team of those SCIM-visible members (narrowed by `narrow`) whose team is still this one. */
async function clearTeam(
  tx: Tx,
  tenantId: string,
  teamId: string,
  narrow: (q: ReturnType<typeof visibleIn>) => ReturnType<typeof visibleIn>,
): Promise<number> {
  const result = await tx
    .updateTable("memberships")
    .set({ team_id: null })
    .where("tenant_id", "=", tenantId)
    .where("team_id", "=", teamId)
    .where("id", "in", narrow(visibleIn(tx, tenantId, teamId)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

const visibleIn = (tx: Tx, tenantId: string, teamId: string) =>
  scimUsers(tx, tenantId).select("m.id").where("m.team_id", "=", teamId);
