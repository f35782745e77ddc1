import type { Tx } from "~/db/client.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { uniqueness } from "~/app/modules/scim/errors.ts";
import type { ScimGroupInput } from "~/app/modules/scim/group-schemas.ts";
import {
  applyGroupActions,
  assertTeamNameFree,
  findScimTeam,
  readScimGroup,
  scimTeams,
  type ScimGroup,
} from "~/app/modules/scim/scim-group-records.server.ts";
import { scimAuditData, type ScimActor } from "~/app/modules/scim/scim-user-records.server.ts";

/**
 * POST /Groups: the directory creates a team with its members. A team of that name (any case)
 * is 409 uniqueness, as RFC 7644 §3.3 says, and is not adopted silently: the directory finds it
 * with `filter=displayName eq "…"` (Entra and Okta match existing groups that way before creating
 * one) and then manages it by id. The same externalId twice is 409 too.
 */
export async function createScimGroup(tx: Tx, actor: ScimActor, input: ScimGroupInput): Promise<ScimGroup> {
  const { tenantId } = actor;
  await assertTeamNameFree(tx, tenantId, input.displayName);
  if (
    input.externalId &&
    (await scimTeams(tx, tenantId)
      .select("t.id")
      .where("t.scim_external_id", "=", input.externalId)
      .executeTakeFirst())
  )
    throw uniqueness(`A group with externalId ${input.externalId} exists already.`);
  const team = await tx
    .insertInto("teams")
    .values({ tenant_id: tenantId, name: input.displayName, scim_external_id: input.externalId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const outcome = await applyGroupActions(
    tx,
    actor,
    await findScimTeam(tx, tenantId, team.id, { forUpdate: true }),
    [{ kind: "addMembers", ids: input.members ?? [] }],
    { audit: false },
  );
  await recordAudit(tx, {
    tenantId,
    actorUserId: null,
    action: "team.scim_created",
    subject: team.id,
    data: scimAuditData(actor, {
      name: input.displayName,
      externalId: input.externalId ?? null,
      membersAdded: outcome.membersAdded,
      membersMoved: outcome.membersMoved,
    }),
  });
  return readScimGroup(tx, tenantId, team.id, { members: true });
}
