import { sql } from "kysely";
import type { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { CreateTeamInput, DeleteTeamInput, RenameTeamInput } from "~/app/modules/tenancy/member-schemas.ts";
import { parseInput } from "~/app/lib/validation.ts";

export {
  CreateTeamInput,
  DeleteTeamInput,
  RenameTeamInput,
  TeamName,
} from "~/app/modules/tenancy/member-schemas.ts";

/**
 * "Sales" and "sales" would look like one team in every select, so names clash case-insensitively.
 * The unique index (tenant_id, name) still decides races on the exact spelling.
 */
async function assertNameFree(tx: Tx, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = tx
    .selectFrom("teams")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) throw new ConflictError("team name taken", "team_exists");
}

/** The unique index decides a race on the exact spelling; the violation aborts the transaction, so it is only translated and thrown on. */
async function mapUniqueViolation<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "23505")
      throw new ConflictError("team name taken", "team_exists");
    throw error;
  }
}

export async function createTeam(
  tx: Tx,
  actor: Member,
  raw: z.input<typeof CreateTeamInput>,
): Promise<{ teamId: string }> {
  const { name } = parseInput(CreateTeamInput, raw);
  await assertNameFree(tx, actor.tenantId, name);
  const team = await mapUniqueViolation(
    tx
      .insertInto("teams")
      .values({ tenant_id: actor.tenantId, name })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "team.created",
    subject: team.id,
    data: { name },
  });
  return { teamId: team.id };
}

export async function renameTeam(tx: Tx, actor: Member, raw: z.input<typeof RenameTeamInput>): Promise<void> {
  const { teamId, name } = parseInput(RenameTeamInput, raw);
  await assertNameFree(tx, actor.tenantId, name, teamId);
  const result = await mapUniqueViolation(
    tx
      .updateTable("teams")
      .set({ name })
      .where("tenant_id", "=", actor.tenantId)
      .where("id", "=", teamId)
      .executeTakeFirst(),
  );
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("team");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "team.renamed",
    subject: teamId,
    data: { name },
  });
}

/** Deletes a team; its members and pending invitations keep going without one (team_id null). */
export async function deleteTeam(tx: Tx, actor: Member, raw: z.input<typeof DeleteTeamInput>): Promise<void> {
  const { teamId } = parseInput(DeleteTeamInput, raw);
  // Explicit rather than left to ON DELETE SET NULL, so the audit event can say how many moved.
  const moved = await tx
    .updateTable("memberships")
    .set({ team_id: null })
    .where("tenant_id", "=", actor.tenantId)
    .where("team_id", "=", teamId)
    .executeTakeFirst();
  await tx
    .updateTable("invitations")
    .set({ team_id: null })
    .where("tenant_id", "=", actor.tenantId)
    .where("team_id", "=", teamId)
    .execute();
  const gone = await tx
    .deleteFrom("teams")
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", teamId)
    .returning("name")
    .executeTakeFirst();
  if (!gone) throw new NotFoundError("team");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "team.deleted",
    subject: teamId,
    data: { name: gone.name, members: Number(moved.numUpdatedRows) },
  });
}
