import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  status: "active" | "deactivated";
  teamId: string | null;
  teamName: string | null;
  managerId: string | null;
  managerName: string | null;
}

export interface PendingInvitationRow {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  teamName: string | null;
  managerName: string | null;
  inviterName: string | null;
  expiresAt: Date;
}

export interface TeamRow {
  id: string;
  name: string;
  /** active members only: what an admin means by "people in this team" */
  memberCount: number;
}

export interface MembersOverview {
  members: MemberRow[];
  invitations: PendingInvitationRow[];
  teams: TeamRow[];
}

/** Everything the members page shows, read in one tenant transaction (one consistent snapshot). */
export async function listMembers(tx: Tx, actor: Member, now = new Date()): Promise<MembersOverview> {
  const tenantId = actor.tenantId;
  const members = await tx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("teams as t", (j) => j.onRef("t.id", "=", "m.team_id").on("t.tenant_id", "=", tenantId))
    .leftJoin("memberships as mgr", (j) =>
      j.onRef("mgr.id", "=", "m.manager_id").on("mgr.tenant_id", "=", tenantId),
    )
    .leftJoin("users as mu", "mu.id", "mgr.user_id")
    .select([
      "m.id",
      "u.name",
      "u.email",
      "m.roles",
      "m.status",
      "m.team_id as teamId",
      "t.name as teamName",
      "m.manager_id as managerId",
      "mu.name as managerName",
    ])
    .where("m.tenant_id", "=", tenantId)
    // active first, then by name: the people an admin works with most
    .orderBy(sql`m.status = 'active'`, "desc")
    .orderBy(sql`lower(u.name)`)
    .execute();

  const invitations = await tx
    .selectFrom("invitations as i")
    .leftJoin("teams as t", (j) => j.onRef("t.id", "=", "i.team_id").on("t.tenant_id", "=", tenantId))
    .leftJoin("memberships as mgr", (j) =>
      j.onRef("mgr.id", "=", "i.manager_id").on("mgr.tenant_id", "=", tenantId),
    )
    .leftJoin("users as mu", "mu.id", "mgr.user_id")
    .leftJoin("users as inviter", "inviter.id", "i.invited_by")
    .select([
      "i.id",
      "i.name",
      "i.email",
      "i.roles",
      "i.expires_at as expiresAt",
      "t.name as teamName",
      "mu.name as managerName",
      "inviter.name as inviterName",
    ])
    .where("i.tenant_id", "=", tenantId)
    .where("i.accepted_at", "is", null)
    .where("i.expires_at", ">", now)
    .orderBy("i.created_at", "desc")
    .execute();

  const teams = await tx
    .selectFrom("teams as t")
    .leftJoin("memberships as m", (j) =>
      j.onRef("m.team_id", "=", "t.id").on("m.tenant_id", "=", tenantId).on("m.status", "=", "active"),
    )
    .select(["t.id", "t.name", (eb) => eb.fn.count<string>("m.id").as("memberCount")])
    .where("t.tenant_id", "=", tenantId)
    .groupBy(["t.id", "t.name"])
    .orderBy(sql`lower(t.name)`)
    .execute();

  return { members, invitations, teams: teams.map((t) => ({ ...t, memberCount: Number(t.memberCount) })) };
}

export interface MemberDetails {
  member: MemberRow;
  /** who may be picked as this member's manager: active members other than themself */
  managerOptions: { id: string; name: string }[];
  teams: { id: string; name: string }[];
}

/** One member for the edit page; another tenant's member id is not found. */
export async function getMemberDetails(tx: Tx, actor: Member, memberId: string): Promise<MemberDetails> {
  const { members, teams } = await listMembers(tx, actor);
  const member = members.find((m) => m.id === memberId);
  if (!member) throw new NotFoundError("member");
  const managerOptions = members
    .filter((m) => m.status === "active" && m.id !== memberId)
    .map((m) => ({ id: m.id, name: m.name }));
  return { member, managerOptions, teams: teams.map((t) => ({ id: t.id, name: t.name })) };
}
