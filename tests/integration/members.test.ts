import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role, Tenant, User } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { listOutbox, readOutboxMessage } from "~/emails/send.ts";
import { drainInProcessJobs, listFailedInProcessJobs } from "~/jobs/queue.ts";
import { ConflictError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { createSession, validateSessionToken } from "~/app/modules/auth/session.server.ts";
import { generateToken, hashToken } from "~/app/modules/auth/tokens.server.ts";
import { acceptInvitation, findInvitation } from "~/app/modules/tenancy/accept-invitation.server.ts";
import { deactivateMember, reactivateMember } from "~/app/modules/tenancy/deactivate-member.server.ts";
import { findMembership } from "~/app/modules/tenancy/find-membership.server.ts";
import { importMembersCsv } from "~/app/modules/tenancy/import-members-csv.server.ts";
import { inviteMember } from "~/app/modules/tenancy/invite-member.server.ts";
import { listMembers } from "~/app/modules/tenancy/list-members.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import {
  createTeam as createTeamUseCase,
  deleteTeam,
  renameTeam,
} from "~/app/modules/tenancy/teams.server.ts";
import { updateMember } from "~/app/modules/tenancy/update-member.server.ts";
import {
  addMember,
  asMember,
  createCompany,
  createTeam,
  createUser,
  uniqueId,
} from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

let db: DB;

// In-process jobs and the file outbox: what a trial install without Redis or Resend does.
useFileOutbox("members", { quiet: false });
beforeAll(async () => {
  db = (await database()).db;
});

beforeEach(async () => {
  await drainInProcessJobs();
});

interface Company {
  tenant: TenantInfo;
  row: Tenant;
  admin: Member;
  adminUser: User;
}

/** Every test gets its own company with one admin, so tests never see each other's people. */
async function company(): Promise<Company> {
  const { tenant: row, info: tenant, person } = await createCompany(db);
  const admin = await person({ roles: ["admin", "employee"], name: "Ada Admin" });
  return { tenant, row, admin: admin.member, adminUser: admin.user };
}

async function memberIn(c: Company, roles: Role[] = ["employee"], opts: { managerId?: string } = {}) {
  const user = await createUser(db);
  const m = await addMember(db, c.tenant.id, user.id, roles, opts);
  return { user, membership: m, member: asMember(c.tenant.id, m, user) };
}

/** The token from the newest invitation mail to `to` in the outbox (after the send-email job ran). */
async function invitationTokenFor(to: string, slug: string): Promise<string> {
  await drainInProcessJobs();
  expect(listFailedInProcessJobs()).toEqual([]);
  for (const summary of await listOutbox()) {
    if (summary.to !== to) continue;
    const message = await readOutboxMessage(summary.id);
    const match = message?.text.match(new RegExp(`/t/${slug}/join\\?token=([a-z2-7]{32})`));
    if (match?.[1]) return match[1];
  }
  throw new Error(`no invitation mail to ${to}`);
}

async function invitationsOf(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.selectFrom("invitations").selectAll().where("tenant_id", "=", tenantId).execute(),
  );
}

describe("invitations", () => {
  it("mails a link whose token signs the person up exactly once", async () => {
    const c = await company();
    const email = `nina-${uniqueId()}@example.test`;
    await withTenant(db, c.admin.tenantId, (tx) =>
      inviteMember(tx, c.admin, c.tenant, {
        name: "Nina Neu",
        email: email.toUpperCase(),
        roles: ["employee", "manager"],
      }),
    );

    const token = await invitationTokenFor(email, c.tenant.slug);
    const view = await findInvitation(db, c.tenant.slug, token);
    expect(view).toMatchObject({
      tenantName: c.tenant.name,
      inviterName: "Ada Admin",
      inviteeName: "Nina Neu",
      roles: ["employee", "manager"],
    });

    const first = await acceptInvitation(db, c.tenant.slug, token);
    expect(first.ok).toBe(true);
    const second = await acceptInvitation(db, c.tenant.slug, token);
    expect(second).toEqual({ ok: false });
    expect(await findInvitation(db, c.tenant.slug, token)).toBeUndefined();

    if (!first.ok) throw new Error("unreachable");
    const joined = await findMembership(db, c.tenant.slug, first.userId);
    expect(joined?.member).toMatchObject({ email, name: "Nina Neu", roles: ["employee", "manager"] });
  });

  it("two concurrent accepts of one link: exactly one wins", async () => {
    const c = await company();
    const email = `race-${uniqueId()}@example.test`;
    await withTenant(db, c.admin.tenantId, (tx) =>
      inviteMember(tx, c.admin, c.tenant, { name: "Race", email, roles: ["employee"] }),
    );
    const token = await invitationTokenFor(email, c.tenant.slug);
    const results = await Promise.all([
      acceptInvitation(db, c.tenant.slug, token),
      acceptInvitation(db, c.tenant.slug, token),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses an expired invitation", async () => {
    const c = await company();
    const token = generateToken();
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("invitations")
        .values({
          tenant_id: c.tenant.id,
          email: `late-${uniqueId()}@example.test`,
          name: "Late",
          roles: ["employee"],
          token_hash: hashToken(token),
          invited_by: c.adminUser.id,
          expires_at: new Date(Date.now() - 1000),
        })
        .execute(),
    );
    expect(await findInvitation(db, c.tenant.slug, token)).toBeUndefined();
    expect(await acceptInvitation(db, c.tenant.slug, token)).toEqual({ ok: false });
  });

  it("re-inviting replaces the pending invitation: only the newest link works", async () => {
    const c = await company();
    const email = `twice-${uniqueId()}@example.test`;
    await withTenant(db, c.admin.tenantId, (tx) =>
      inviteMember(tx, c.admin, c.tenant, { name: "Twice", email, roles: ["employee"] }),
    );
    const oldToken = await invitationTokenFor(email, c.tenant.slug);
    await withTenant(db, c.admin.tenantId, (tx) =>
      inviteMember(tx, c.admin, c.tenant, { name: "Twice", email, roles: ["comms_lead"] }),
    );
    expect((await invitationsOf(c.tenant.id)).filter((i) => i.email === email)).toHaveLength(1);
    expect(await acceptInvitation(db, c.tenant.slug, oldToken)).toEqual({ ok: false });
  });

  it("rejects inviting someone who already is an active member", async () => {
    const c = await company();
    await expect(
      withTenant(db, c.admin.tenantId, (tx) =>
        inviteMember(tx, c.admin, c.tenant, { name: "Me", email: c.adminUser.email, roles: ["employee"] }),
      ),
    ).rejects.toMatchObject({ code: "already_member" });
  });
});

describe("CSV import", () => {
  it("imports nothing when one row is bad, and names that row", async () => {
    const c = await company();
    const csv = [
      "name,email,team,manager_email,roles",
      `Good One,good-${uniqueId()}@example.test,Sales,,employee`,
      "Bad Two,not-an-email,Sales,,employee",
      `Good Three,three-${uniqueId()}@example.test,,,wizard`,
    ].join("\n");
    const result = await withTenant(db, c.admin.tenantId, (tx) =>
      importMembersCsv(tx, c.admin, c.tenant, csv),
    );
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error("unreachable");
    expect(result.errors).toEqual([
      { row: 3, field: "email", message: "email" },
      { row: 4, field: "roles", message: "roleUnknown" },
    ]);
    expect(await invitationsOf(c.tenant.id)).toEqual([]);
    expect((await withTenant(db, c.admin.tenantId, (tx) => listMembers(tx, c.admin))).teams).toEqual([]);
  });

  it("refuses a manager who is neither a member nor in the file", async () => {
    const c = await company();
    const csv = `name,email,team,manager_email,roles\nSolo,solo-${uniqueId()}@example.test,,ghost@example.test,employee\n`;
    const result = await withTenant(db, c.admin.tenantId, (tx) =>
      importMembersCsv(tx, c.admin, c.tenant, csv),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          row: 2,
          field: "manager_email",
          message: "managerUnknown",
          params: { email: "ghost@example.test" },
        },
      ],
    });
  });

  it("creates invitations with teams and managers, linking a manager from the same file when they join", async () => {
    const c = await company();
    const existingTeam = await createTeam(db, c.tenant.id, { name: "Vertrieb" });
    const [boss, report, other] = [
      `boss-${uniqueId()}@example.test`,
      `report-${uniqueId()}@example.test`,
      `other-${uniqueId()}@example.test`,
    ];
    // German Excel: semicolons between cells, so roles use "|"; header spelled in German.
    const csv = [
      "\uFEFFName;E-Mail;Team;Führungskraft;Rollen",
      `Bea Boss;${boss};vertrieb;${c.adminUser.email};manager|employee`,
      `Rob Report;${report};Marketing;${boss};`,
      `Olga Other;${other};Marketing;${c.adminUser.email};Mitarbeiterin`,
      `Ada Admin;${c.adminUser.email};;;admin`,
      "",
    ].join("\r\n");
    const result = await withTenant(db, c.admin.tenantId, (tx) =>
      importMembersCsv(tx, c.admin, c.tenant, csv),
    );
    expect(result).toEqual({ ok: true, invited: 3, skipped: [c.adminUser.email], teamsCreated: 1 });

    const { teams } = await withTenant(db, c.admin.tenantId, (tx) => listMembers(tx, c.admin));
    const marketing = teams.find((t) => t.name === "Marketing");
    expect(teams.map((t) => t.name).sort()).toEqual(["Marketing", "Vertrieb"]);
    const byEmail = new Map((await invitationsOf(c.tenant.id)).map((i) => [i.email, i]));
    expect(byEmail.get(boss)).toMatchObject({
      team_id: existingTeam.id,
      manager_id: c.admin.id,
      roles: ["manager", "employee"],
    });
    expect(byEmail.get(other)).toMatchObject({
      team_id: marketing?.id,
      manager_id: c.admin.id,
      roles: ["employee"],
    });
    // The boss is not a member yet: the line is resolved when they join.
    expect(byEmail.get(report)).toMatchObject({
      team_id: marketing?.id,
      manager_id: null,
      roles: ["employee"],
    });

    // The report joins first, the boss afterwards: the report's membership gets the boss as manager.
    const reportJoin = await acceptInvitation(
      db,
      c.tenant.slug,
      await invitationTokenFor(report, c.tenant.slug),
    );
    const bossJoin = await acceptInvitation(db, c.tenant.slug, await invitationTokenFor(boss, c.tenant.slug));
    if (!reportJoin.ok || !bossJoin.ok) throw new Error("accept failed");
    const bossMember = await findMembership(db, c.tenant.slug, bossJoin.userId);
    const reportMember = await findMembership(db, c.tenant.slug, reportJoin.userId);
    expect(bossMember?.member.managerId).toBe(c.admin.id);
    expect(reportMember?.member.managerId).toBe(bossMember?.member.id);
    expect(reportMember?.member.teamId).toBe(marketing?.id);
  });
});

describe("managing members", () => {
  it("deactivation ends every session of the person and their access", async () => {
    const c = await company();
    const { user, member } = await memberIn(c);
    const phone = await createSession(db, user.id);
    const laptop = await createSession(db, user.id);
    expect(await validateSessionToken(db, phone.token)).not.toBeNull();

    await withTenant(db, c.admin.tenantId, (tx) => deactivateMember(tx, c.admin, member.id));
    expect(await validateSessionToken(db, phone.token)).toBeNull();
    expect(await validateSessionToken(db, laptop.token)).toBeNull();
    expect(await findMembership(db, c.tenant.slug, user.id)).toBeUndefined();

    await withTenant(db, c.admin.tenantId, (tx) => reactivateMember(tx, c.admin, member.id));
    expect((await findMembership(db, c.tenant.slug, user.id))?.member.roles).toEqual(["employee"]);
  });

  it("a deactivated member rejoins only through a new invitation", async () => {
    const c = await company();
    const { user, member } = await memberIn(c);
    // An invitation still open from before (say, sent while an admin also added them by hand).
    const oldToken = generateToken();
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("invitations")
        .values({
          tenant_id: c.tenant.id,
          email: user.email,
          name: user.name,
          roles: ["admin"],
          token_hash: hashToken(oldToken),
          invited_by: c.adminUser.id,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .execute(),
    );
    await withTenant(db, c.admin.tenantId, (tx) => deactivateMember(tx, c.admin, member.id));
    expect(await acceptInvitation(db, c.tenant.slug, oldToken)).toEqual({ ok: false });
    expect(await findMembership(db, c.tenant.slug, user.id)).toBeUndefined();

    await withTenant(db, c.admin.tenantId, (tx) =>
      inviteMember(tx, c.admin, c.tenant, { name: user.name, email: user.email, roles: ["comms_lead"] }),
    );
    const joined = await acceptInvitation(
      db,
      c.tenant.slug,
      await invitationTokenFor(user.email, c.tenant.slug),
    );
    expect(joined).toMatchObject({ ok: true, userId: user.id });
    expect((await findMembership(db, c.tenant.slug, user.id))?.member).toMatchObject({
      id: member.id,
      roles: ["comms_lead"],
    });
  });

  it("the last admin cannot lose the admin role or be deactivated, and nobody deactivates themself", async () => {
    const c = await company();
    await expect(
      withTenant(db, c.admin.tenantId, (tx) =>
        updateMember(tx, c.admin, {
          memberId: c.admin.id,
          roles: ["employee"],
          teamId: null,
          managerId: null,
        }),
      ),
    ).rejects.toMatchObject({ code: "last_admin" });
    await expect(
      withTenant(db, c.admin.tenantId, (tx) => deactivateMember(tx, c.admin, c.admin.id)),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await findMembership(db, c.tenant.slug, c.adminUser.id))?.member.roles).toEqual([
      "admin",
      "employee",
    ]);

    // With a second admin, stepping down works.
    await memberIn(c, ["admin"]);
    await withTenant(db, c.admin.tenantId, (tx) =>
      updateMember(tx, c.admin, {
        memberId: c.admin.id,
        roles: ["employee"],
        teamId: null,
        managerId: null,
      }),
    );
    expect((await findMembership(db, c.tenant.slug, c.adminUser.id))?.member.roles).toEqual(["employee"]);
  });

  it("rejects a manager from another tenant, the member themself, and a loop", async () => {
    const c = await company();
    const elsewhere = await company();
    const { member } = await memberIn(c);
    const base = { memberId: member.id, roles: ["employee"] as Role[], teamId: null };
    const foreign = withTenant(db, c.admin.tenantId, (tx) =>
      updateMember(tx, c.admin, { ...base, managerId: elsewhere.admin.id }),
    );
    await expect(foreign).rejects.toBeInstanceOf(ValidationError);
    await expect(foreign).rejects.toMatchObject({ fieldErrors: { managerId: ["managerUnknown"] } });
    await expect(
      withTenant(db, c.admin.tenantId, (tx) => updateMember(tx, c.admin, { ...base, managerId: member.id })),
    ).rejects.toMatchObject({
      fieldErrors: { managerId: ["managerSelf"] },
    });

    const { member: lead } = await memberIn(c, ["manager"], { managerId: member.id });
    await expect(
      withTenant(db, c.admin.tenantId, (tx) => updateMember(tx, c.admin, { ...base, managerId: lead.id })),
    ).rejects.toMatchObject({
      fieldErrors: { managerId: ["managerCycle"] },
    });
    expect((await findMembership(db, c.tenant.slug, member.userId))?.member.managerId).toBeNull();
  });

  it("updating a member id of another tenant changes nothing", async () => {
    const c = await company();
    const elsewhere = await company();
    const { member: victim, user } = await memberIn(elsewhere);
    await expect(
      withTenant(db, c.admin.tenantId, (tx) =>
        updateMember(tx, c.admin, { memberId: victim.id, roles: ["admin"], teamId: null, managerId: null }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withTenant(db, c.admin.tenantId, (tx) => deactivateMember(tx, c.admin, victim.id)),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await findMembership(db, elsewhere.tenant.slug, user.id))?.member.roles).toEqual(["employee"]);
  });

  it("updates roles, team and manager within the tenant", async () => {
    const c = await company();
    const team = await createTeam(db, c.tenant.id);
    const { member, user } = await memberIn(c);
    await withTenant(db, c.admin.tenantId, (tx) =>
      updateMember(tx, c.admin, {
        memberId: member.id,
        roles: ["employee", "comms_lead"],
        teamId: team.id,
        managerId: c.admin.id,
      }),
    );
    expect((await findMembership(db, c.tenant.slug, user.id))?.member).toMatchObject({
      roles: ["employee", "comms_lead"],
      teamId: team.id,
      managerId: c.admin.id,
    });
  });
});

describe("teams", () => {
  it("names are unique per tenant, and deleting a team keeps its members without one", async () => {
    const c = await company();
    const other = await company();
    const { teamId } = await withTenant(db, c.admin.tenantId, (tx) =>
      createTeamUseCase(tx, c.admin, { name: "Vertrieb" }),
    );
    await expect(
      withTenant(db, c.admin.tenantId, (tx) => createTeamUseCase(tx, c.admin, { name: "vertrieb " })),
    ).rejects.toMatchObject({
      code: "team_exists",
    });
    // The same name in another company is fine: uniqueness is per tenant.
    await withTenant(db, other.admin.tenantId, (tx) =>
      createTeamUseCase(tx, other.admin, { name: "Vertrieb" }),
    );
    await expect(
      withTenant(db, other.admin.tenantId, (tx) => renameTeam(tx, other.admin, { teamId, name: "Stolen" })),
    ).rejects.toBeInstanceOf(NotFoundError);

    const { member, user } = await memberIn(c);
    await withTenant(db, c.admin.tenantId, (tx) =>
      updateMember(tx, c.admin, { memberId: member.id, roles: ["employee"], teamId, managerId: null }),
    );
    await withTenant(db, c.admin.tenantId, (tx) => deleteTeam(tx, c.admin, { teamId }));
    expect((await findMembership(db, c.tenant.slug, user.id))?.member.teamId).toBeNull();
    expect((await withTenant(db, c.admin.tenantId, (tx) => listMembers(tx, c.admin))).teams).toEqual([]);
  });
});
