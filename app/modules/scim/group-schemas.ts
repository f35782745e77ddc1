import { z } from "zod";
import { TeamName } from "~/app/modules/tenancy/member-schemas.ts";
import { invalidPath, invalidValue, noTarget } from "~/app/modules/scim/errors.ts";
import { parseScimPath, pathValuePairs, type ScimPatchOperation } from "~/app/modules/scim/patch.ts";

/**
 * The Group resource as Chorus reads it: a team (displayName = the team's name, externalId = the
 * directory's id of the group) and its members, whose `value`s are SCIM User ids (membership ids).
 * A member has one team in Chorus (memberships.team_id), so adding them to a group moves them
 * there; see scim-group-records.server.ts.
 */

/** What `filter=` may compare on Groups (Entra: `displayName eq`, `id eq … and members[value eq …]`). */
export const GROUP_FILTER_ATTRIBUTES = ["id", "displayName", "externalId", "members.value"] as const;

/** More members than this in one request is refused (Entra sends at most a few hundred per PATCH). */
export const MAX_GROUP_MEMBERS_PER_REQUEST = 10_000;

export const GroupExternalId = z.string().trim().min(1).max(255);

/** A member reference as Entra (`{"$ref": null, "value": "<id>"}`) and Okta (`{"value", "display"}`) send it. */
const MemberRef = z.object({ value: z.string().trim().min(1).max(200) }).loose();
const MemberRefs = z
  .union([z.array(MemberRef).max(MAX_GROUP_MEMBERS_PER_REQUEST), MemberRef.transform((m) => [m])])
  .transform((refs) => [...new Set(refs.map((r) => r.value))]);

/** An absent or null optional attribute: directories send both. */
const optional = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? undefined);

export const ScimGroupInput = z
  .object({
    displayName: TeamName,
    externalId: optional(GroupExternalId),
    members: optional(MemberRefs),
  })
  .loose();
export type ScimGroupInput = z.output<typeof ScimGroupInput>;

/** A PUT body: the JSON object as sent (which attributes it names matters, see groupActionsFromResource). */
export const ScimGroupBody = z.record(z.string(), z.unknown());

/**
 * One step of a group change, applied in order (RFC 7644 §3.5.2: operations are applied in
 * sequence). `setMembers` makes the team's members exactly these; the others keep their team
 * unless it is this one.
 */
export type GroupAction =
  | { kind: "displayName"; value: string }
  | { kind: "externalId"; value: string | null }
  | { kind: "addMembers"; ids: string[] }
  | { kind: "removeMembers"; ids: string[] }
  | { kind: "removeAllMembers" }
  | { kind: "setMembers"; ids: string[] };

const parse = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidValue(`${what} has an invalid value.`);
  return parsed.data;
};

/**
 * A full resource (PUT) as actions. Attributes the body leaves out are not asserted (RFC 7644
 * §3.5.1 lets the provider keep them): without `members` the membership stays as it is; with
 * `"members": []` the team is emptied. The same for externalId.
 */
export function groupActionsFromResource(raw: Record<string, unknown>): GroupAction[] {
  const parsed = ScimGroupInput.safeParse(raw);
  if (!parsed.success) {
    const paths = parsed.error.issues.slice(0, 5).map((i) => i.path.map(String).join(".") || "body");
    throw invalidValue(`The group is invalid: ${[...new Set(paths)].join(", ")}.`);
  }
  const input = parsed.data;
  const actions: GroupAction[] = [{ kind: "displayName", value: input.displayName }];
  if ("externalId" in raw) actions.push({ kind: "externalId", value: input.externalId ?? null });
  if ("members" in raw) actions.push({ kind: "setMembers", ids: input.members ?? [] });
  return actions;
}

/**
 * A PATCH's operations as actions, in order. Entra: `Add`/`Remove` on path `members` with a value
 * array, `Replace` on `displayName` or `externalId`; Okta: lower-case ops, `remove` with path
 * `members[value eq "<id>"]`, and a path-less `replace` whose value is `{id, displayName}`.
 * Attributes a team does not have are accepted and ignored, like the User's. Removing displayName
 * is refused (a team needs a name); a remove without a path is 400 noTarget (§3.5.2.2).
 */
export function groupActionsFromPatch(
  groupId: string,
  operations: readonly ScimPatchOperation[],
): GroupAction[] {
  const actions: GroupAction[] = [];
  for (const operation of operations) {
    if (operation.op === "remove" && operation.path === undefined)
      throw noTarget("A remove operation needs a path.");
    for (const [rawPath, value] of pathValuePairs(operation)) {
      const path = parseScimPath(rawPath, ["value"]);
      if (path.schema !== "core") continue;
      const remove = operation.op === "remove";
      switch (path.attribute) {
        case "displayname":
          if (remove) throw invalidValue("displayName is required and cannot be removed.");
          actions.push({ kind: "displayName", value: parse(TeamName, value, "displayName") });
          break;
        case "externalid":
          actions.push({
            kind: "externalId",
            value: remove ? null : (parse(optional(GroupExternalId), value, "externalId") ?? null),
          });
          break;
        case "members":
          actions.push(membersAction(operation.op, path, value));
          break;
        case "id":
          // Okta's path-less replace repeats the id; another one is not ours to change
          if (value !== groupId) throw invalidValue("id is read-only.");
          break;
        default:
        // not stored for a team (meta, description, …): accepted and ignored
      }
    }
  }
  return actions;
}

function membersAction(
  op: ScimPatchOperation["op"],
  path: ReturnType<typeof parseScimPath>,
  value: unknown,
): GroupAction {
  if (path.subAttribute !== undefined && path.subAttribute !== "value")
    throw invalidPath(`members.${path.subAttribute} cannot be changed; add or remove members by value.`);
  if (path.filter) {
    // members[value eq "<id>"]: only a remove names its target this way
    if (op !== "remove") throw invalidPath("A members filter is only supported in a remove operation.");
    const ids = new Set(path.filter.filter((c) => c.attribute === "value").map((c) => String(c.value)));
    // `value eq "a" and value eq "b"` matches no member
    return { kind: "removeMembers", ids: ids.size === 1 ? [...ids] : [] };
  }
  if (op === "remove")
    return value === undefined || value === null
      ? { kind: "removeAllMembers" }
      : { kind: "removeMembers", ids: parse(MemberRefs, value, "members") };
  const ids = value === null ? [] : parse(MemberRefs, value, "members");
  return op === "add" ? { kind: "addMembers", ids } : { kind: "setMembers", ids };
}
