import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { ConflictError } from "~/app/lib/errors.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { requireApiToken } from "~/app/modules/api/http.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { createSession, validateSessionToken } from "~/app/modules/auth/session.server.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { acceptAgreement } from "~/app/modules/goals/accept-agreement.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import {
  appContext,
  linkedInServerConfig,
  tokenContext,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { deactivateMember, reactivateMember } from "~/app/modules/tenancy/deactivate-member.server.ts";
import {
  deprovisionMember,
  reprovisionMember,
  type Deprovisioner,
} from "~/app/modules/tenancy/deprovision-member.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { startFakeLinkedIn, type FakeLinkedIn } from "~/tests/fakes/linkedin.ts";
import { createCompany, createPerson, uniqueId, type TestPerson } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

/**
 * Issue 16: a leaver loses access at once — whether the directory (SCIM) or an admin ends the
 * membership, by the one set of steps in deprovision-member.server.ts.
 */

let db: DB;
let linkedin: FakeLinkedIn;
useFileOutbox("deprovision-member");

beforeAll(async () => {
  db = (await database()).db;
  linkedin = await startFakeLinkedIn();
  process.env.LINKEDIN_AUTH_BASE_URL = linkedin.url;
  process.env.LINKEDIN_API_BASE_URL = linkedin.url;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
});
afterAll(async () => {
  await linkedin.close();
});
beforeEach(async () => {
  await drainInProcessJobs();
});

const AGREED_IN_JUNE = { today: "2026-06-15" };
const objectives = [{ metric: "manual" as const, title: "Team-Austausch", weight: 100 }];

interface Scenario {
  tenantId: string;
  slug: string;
  admin: Member;
  manager: Member;
  leaver: TestPerson;
  report: Member;
  colleague: Member;
  /** proposals still open: leaver as employee, and leaver as manager of `report` */
  openAsEmployee: string;
  openAsManager: string;
  accepted: string;
  statementId: string;
  sessions: string[];
  apiToken: string;
  linkedinToken: string;
}

/** A company where the leaver has sessions, an API token, a LinkedIn grant, agreements and a released statement. */
async function scenario(): Promise<Scenario> {
  const c = await createCompany(db, { team: true });
  const admin = await c.member({ roles: ["admin", "employee"], name: "Ada Admin" });
  const manager = await c.member({ roles: ["manager", "employee"] });
  const leaver = await c.person({
    roles: ["manager", "employee"],
    managerId: manager.id,
    name: "Lea Leaver",
  });
  const report = await c.member({ managerId: leaver.member.id });
  const colleague = await c.member({ managerId: manager.id });
  const t = c.tenantId;
  const key = linkedInServerConfig().key!;

  const sessions = [
    (await createSession(db, leaver.user.id)).token,
    (await createSession(db, leaver.user.id)).token,
  ];
  const { token: apiToken } = await withTenant(db, t, (tx) =>
    createApiToken(tx, {
      name: "Lea's script",
      scopes: ["content"],
      tenantId: t,
      tenantSlug: c.tenant.slug,
      createdBy: leaver.user.id,
    }),
  );
  const linkedinToken = `AQ-leaver-${uniqueId()}`;
  await withTenant(db, t, async (tx) => {
    await tx
      .insertInto("linkedin_apps")
      .values({
        tenant_id: t,
        client_id: linkedin.clientId,
        client_secret_encrypted: seal(key, linkedin.clientSecret, appContext(t)),
        enabled: true,
        updated_at: new Date(),
      })
      .execute();
    await tx
      .insertInto("linkedin_connections")
      .values({
        tenant_id: t,
        membership_id: leaver.member.id,
        linkedin_member_id: "li-lea",
        access_token_encrypted: seal(key, linkedinToken, tokenContext(t, leaver.member.id)),
        expires_at: new Date(Date.now() + 86_400_000),
        scope: "openid profile w_member_social",
      })
      .execute();
  });

  const propose = (actor: Member, employeeId: string, period: string) =>
    withTenant(db, t, (tx) =>
      proposeAgreement(tx, actor, { employeeId, period, objectives }, AGREED_IN_JUNE),
    );
  const openAsEmployee = (await propose(manager, leaver.member.id, "2026-Q3")).id;
  const openAsManager = (await propose(leaver.member, report.id, "2026-Q3")).id;
  // accepted: not pending, stays (it settles with its period)
  const accepted = (await propose(manager, leaver.member.id, "2026-Q4")).id;
  await withTenant(db, t, (tx) => acceptAgreement(tx, leaver.member, accepted, AGREED_IN_JUNE));
  // a released statement of an earlier period (as the period close writes it)
  const statementId = await withTenant(db, t, async (tx) => {
    const earlier = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: t,
        employee_id: leaver.member.id,
        manager_id: manager.id,
        period_kind: "quarter",
        period_label: "2026-Q1",
        starts_on: "2026-01-01",
        ends_on: "2026-03-31",
        status: "closed",
        closed_at: new Date("2026-04-03T00:00:00Z"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const s = await tx
      .insertInto("credit_statements")
      .values({
        tenant_id: t,
        agreement_id: earlier.id,
        employee_id: leaver.member.id,
        manager_id: manager.id,
        period_label: "2026-Q1",
        starts_on: "2026-01-01",
        ends_on: "2026-03-31",
        content: JSON.stringify({ employee: "Lea Leaver", attainment: 87 }),
        content_hash: "a".repeat(64),
        released_at: new Date("2026-04-05T00:00:00Z"),
        release_mode: "employee",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return s.id;
  });
  linkedin.clear();
  return {
    tenantId: t,
    slug: c.tenant.slug,
    admin,
    manager,
    leaver,
    report,
    colleague,
    openAsEmployee,
    openAsManager,
    accepted,
    statementId,
    sessions,
    apiToken,
    linkedinToken,
  };
}

const scim = (s: Scenario, tokenId = "00000000-0000-4000-8000-000000000016"): Deprovisioner => ({
  tenantId: s.tenantId,
  actorUserId: null,
  via: "scim",
  tokenId,
});

function pageRequest(s: Scenario, sessionToken: string): Request {
  return new Request(`http://chorus.test/t/${s.slug}`, {
    headers: { Cookie: `${sessionCookieName()}=${encodeURIComponent(sessionToken)}` },
  });
}
const apiRequest = (token: string) =>
  new Request("http://chorus.test/api/v1/posts", { headers: { Authorization: `Bearer ${token}` } });

async function refused(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a refusal");
}

async function statusesOf(s: Scenario) {
  return withTenant(db, s.tenantId, async (tx) => {
    const rows = await tx
      .selectFrom("goal_agreements")
      .select(["id", "status"])
      .where("tenant_id", "=", s.tenantId)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.id, r.status]));
  });
}

async function statementOf(s: Scenario) {
  return withTenant(db, s.tenantId, (tx) =>
    tx.selectFrom("credit_statements").selectAll().where("id", "=", s.statementId).executeTakeFirstOrThrow(),
  );
}

async function auditOf(s: Scenario, action: string) {
  return withTenant(db, s.tenantId, (tx) =>
    tx
      .selectFrom("audit_events")
      .select(["actor_user_id", "subject", "data"])
      .where("tenant_id", "=", s.tenantId)
      .where("action", "=", action)
      .execute(),
  );
}

describe("deprovisioning a member (SCIM)", () => {
  it("ends access at once: membership, sessions, API tokens, LinkedIn grant, open agreements; statements stay", async () => {
    const s = await scenario();
    // before: everything works
    expect(await validateSessionToken(db, s.sessions[0]!)).not.toBeNull();
    await expect(requireMember(pageRequest(s, s.sessions[0]!), { tenant: s.slug })).resolves.toBeTruthy();
    await expect(requireApiToken(apiRequest(s.apiToken), "content")).resolves.toBeTruthy();
    const statementBefore = await statementOf(s);

    const outcome = await withTenant(db, s.tenantId, (tx) =>
      deprovisionMember(tx, scim(s), s.leaver.member.id),
    );
    expect(outcome).toEqual({
      deactivated: true,
      sessionsEnded: 2,
      tokensRevoked: 1,
      agreementsWithdrawn: 2,
      linkedinRevoked: 1,
      invitationsDeleted: 0,
      chatDigestsDeleted: 0,
      lastAdmin: false,
    });

    // sessions: gone for the page gate too (a redirect to the sign-in page)
    for (const token of s.sessions) expect(await validateSessionToken(db, token)).toBeNull();
    const gate = await refused(requireMember(pageRequest(s, s.sessions[1]!), { tenant: s.slug }));
    expect(gate.status).toBe(302);
    expect(gate.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    // a fresh session (a new sign-in link) finds no membership: 404
    const fresh = await createSession(db, s.leaver.user.id);
    expect((await refused(requireMember(pageRequest(s, fresh.token), { tenant: s.slug }))).status).toBe(404);
    // the API token: 401 invalid_token
    const api = await refused(requireApiToken(apiRequest(s.apiToken), "content"));
    expect(api.status).toBe(401);
    expect(api.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');

    // LinkedIn: revoked there with the app's credentials, and the grant deleted here
    expect(linkedin.revokedTokens).toEqual([s.linkedinToken]);
    const grants = await withTenant(db, s.tenantId, (tx) =>
      tx
        .selectFrom("linkedin_connections")
        .select("membership_id")
        .where("membership_id", "=", s.leaver.member.id)
        .execute(),
    );
    expect(grants).toEqual([]);

    // agreements: the open ones withdrawn (as employee and as manager), the accepted one kept
    const statuses = await statusesOf(s);
    expect(statuses[s.openAsEmployee]).toBe("withdrawn");
    expect(statuses[s.openAsManager]).toBe("withdrawn");
    expect(statuses[s.accepted]).toBe("accepted");
    // the released statement is exactly what it was
    expect(await statementOf(s)).toEqual(statementBefore);

    // the membership, and the audit event naming the directory's token
    const membership = await withTenant(db, s.tenantId, (tx) =>
      tx
        .selectFrom("memberships")
        .select("status")
        .where("id", "=", s.leaver.member.id)
        .executeTakeFirstOrThrow(),
    );
    expect(membership.status).toBe("deactivated");
    const [event, ...more] = await auditOf(s, "member.deprovisioned");
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor_user_id: null,
      subject: s.leaver.member.id,
      data: {
        via: "scim",
        tokenId: "00000000-0000-4000-8000-000000000016",
        sessionsEnded: 2,
        tokensRevoked: 1,
        agreementsWithdrawn: 2,
        linkedinRevoked: 1,
        withdrawReason: "member deprovisioned",
      },
    });
  });

  it("is idempotent: a second call changes nothing, records nothing and reports zeros", async () => {
    const s = await scenario();
    await withTenant(db, s.tenantId, (tx) => deprovisionMember(tx, scim(s), s.leaver.member.id));
    const again = await withTenant(db, s.tenantId, (tx) =>
      deprovisionMember(tx, scim(s), s.leaver.member.id),
    );
    expect(again).toEqual({
      deactivated: false,
      sessionsEnded: 0,
      tokensRevoked: 0,
      agreementsWithdrawn: 0,
      linkedinRevoked: 0,
      invitationsDeleted: 0,
      chatDigestsDeleted: 0,
      lastAdmin: false,
    });
    expect(await auditOf(s, "member.deprovisioned")).toHaveLength(1);
    expect(linkedin.revokedTokens).toEqual([s.linkedinToken]);
    // a session of theirs made since (they signed in to another tenant) is not ended by the repeat
    const elsewhere = await createSession(db, s.leaver.user.id);
    await withTenant(db, s.tenantId, (tx) => deprovisionMember(tx, scim(s), s.leaver.member.id));
    expect(await validateSessionToken(db, elsewhere.token)).not.toBeNull();
  });

  it("revokes only this tenant's tokens of the person, and nobody else's", async () => {
    const s = await scenario();
    const other = await createCompany(db);
    await withTenant(db, other.tenantId, (tx) =>
      tx
        .insertInto("memberships")
        .values({ tenant_id: other.tenantId, user_id: s.leaver.user.id, roles: ["employee"] })
        .execute(),
    );
    const mint = (tenantId: string, slug: string, createdBy: string | null) =>
      withTenant(db, tenantId, (tx) =>
        createApiToken(tx, { name: "x", scopes: ["content"], tenantId, tenantSlug: slug, createdBy }),
      );
    const theirsElsewhere = await mint(other.tenantId, other.tenant.slug, s.leaver.user.id);
    const adminsToken = await mint(s.tenantId, s.slug, s.admin.userId);
    const operatorsToken = await mint(s.tenantId, s.slug, null);

    await withTenant(db, s.tenantId, (tx) => deprovisionMember(tx, scim(s), s.leaver.member.id));
    await expect(requireApiToken(apiRequest(s.apiToken), "content")).rejects.toBeInstanceOf(Response);
    for (const t of [theirsElsewhere, adminsToken, operatorsToken])
      await expect(requireApiToken(apiRequest(t.token), "content")).resolves.toBeTruthy();
  });

  it("withdraws pending proposals only: a commented one goes too, another manager's stay", async () => {
    const s = await scenario();
    const othersProposal = await withTenant(db, s.tenantId, (tx) =>
      proposeAgreement(
        tx,
        s.manager,
        { employeeId: s.colleague.id, period: "2026-Q3", objectives },
        AGREED_IN_JUNE,
      ),
    );
    await withTenant(db, s.tenantId, (tx) =>
      tx
        .updateTable("goal_agreements")
        .set({ status: "commented", employee_comment: "Passt fast" })
        .where("id", "=", s.openAsManager)
        .execute(),
    );
    await withTenant(db, s.tenantId, (tx) => deprovisionMember(tx, scim(s), s.leaver.member.id));
    const statuses = await statusesOf(s);
    expect(statuses[s.openAsManager]).toBe("withdrawn");
    expect(statuses[othersProposal.id]).toBe("proposed");
  });

  it("the directory may take the last active admin (recorded); an admin may not", async () => {
    const c = await createCompany(db);
    const onlyAdmin = await c.person({ roles: ["admin", "employee"] });
    const employee = await c.member();
    const s = { tenantId: c.tenantId } as Scenario;
    const session = await createSession(db, onlyAdmin.user.id);

    const outcome = await withTenant(db, c.tenantId, (tx) =>
      deprovisionMember(tx, scim(s), onlyAdmin.member.id),
    );
    expect(outcome).toMatchObject({ deactivated: true, lastAdmin: true, sessionsEnded: 1 });
    expect(await validateSessionToken(db, session.token)).toBeNull();
    expect((await auditOf(s, "member.deprovisioned"))[0]?.data).toMatchObject({ lastAdmin: true });

    // the admin path keeps its rule: with the only admin back, nobody else can deactivate them
    await withTenant(db, c.tenantId, (tx) => reprovisionMember(tx, scim(s), onlyAdmin.member.id));
    const otherAdmin = await c.member({ roles: ["admin"] });
    await withTenant(db, c.tenantId, (tx) => deactivateMember(tx, otherAdmin, employee.id));
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .updateTable("memberships")
        .set({ roles: ["employee"] })
        .where("id", "=", otherAdmin.id)
        .execute(),
    );
    const refusal = await withTenant(db, c.tenantId, (tx) =>
      deprovisionMember(
        tx,
        { tenantId: c.tenantId, actorUserId: otherAdmin.userId, via: "admin" },
        onlyAdmin.member.id,
      ),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).code).toBe("last_admin");
  });

  it("an unknown or another tenant's member is not found", async () => {
    const s = await scenario();
    const stranger = await createPerson(db, (await createCompany(db)).tenantId);
    for (const id of [stranger.member.id, "00000000-0000-4000-8000-000000000000"]) {
      const error = await withTenant(db, s.tenantId, (tx) => deprovisionMember(tx, scim(s), id)).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "not_found" });
    }
    expect(linkedin.revokedTokens).toEqual([]);
  });

  it("a rolled-back deprovisioning calls LinkedIn not at all and signs nobody out", async () => {
    const s = await scenario();
    await expect(
      withTenant(db, s.tenantId, async (tx) => {
        await deprovisionMember(tx, scim(s), s.leaver.member.id);
        throw new Error("the request failed later");
      }),
    ).rejects.toThrow("the request failed later");
    expect(linkedin.revokedTokens).toEqual([]);
    expect(await validateSessionToken(db, s.sessions[0]!)).not.toBeNull();
    await expect(requireApiToken(apiRequest(s.apiToken), "content")).resolves.toBeTruthy();
  });
});

describe("reprovisioning", () => {
  it("brings the member back with roles, team and manager, but none of the old sessions, tokens or grant", async () => {
    const s = await scenario();
    await withTenant(db, s.tenantId, (tx) => deprovisionMember(tx, scim(s), s.leaver.member.id));
    expect(
      await withTenant(db, s.tenantId, (tx) => reprovisionMember(tx, scim(s), s.leaver.member.id)),
    ).toEqual({
      reactivated: true,
    });
    // SCIM repeats itself: a second call is a no-op
    expect(
      await withTenant(db, s.tenantId, (tx) => reprovisionMember(tx, scim(s), s.leaver.member.id)),
    ).toEqual({
      reactivated: false,
    });
    const back = await withTenant(db, s.tenantId, (tx) =>
      tx
        .selectFrom("memberships")
        .select(["status", "roles", "team_id", "manager_id"])
        .where("id", "=", s.leaver.member.id)
        .executeTakeFirstOrThrow(),
    );
    expect(back).toEqual({
      status: "active",
      roles: ["manager", "employee"],
      team_id: s.leaver.member.teamId,
      manager_id: s.manager.id,
    });
    for (const token of s.sessions) expect(await validateSessionToken(db, token)).toBeNull();
    await expect(requireApiToken(apiRequest(s.apiToken), "content")).rejects.toBeInstanceOf(Response);
    const grants = await withTenant(db, s.tenantId, (tx) =>
      tx
        .selectFrom("linkedin_connections")
        .select("membership_id")
        .where("membership_id", "=", s.leaver.member.id)
        .execute(),
    );
    expect(grants).toEqual([]);
    // a new sign-in works again
    const fresh = await createSession(db, s.leaver.user.id);
    await expect(requireMember(pageRequest(s, fresh.token), { tenant: s.slug })).resolves.toMatchObject({
      member: { id: s.leaver.member.id },
    });
    expect(await auditOf(s, "member.reprovisioned")).toMatchObject([
      { actor_user_id: null, subject: s.leaver.member.id, data: { via: "scim" } },
    ]);
  });
});

describe("the admin's deactivation takes the same steps", () => {
  it("revokes tokens and the LinkedIn grant and withdraws proposals, recorded as member.deactivated", async () => {
    const s = await scenario();
    const outcome = await withTenant(db, s.tenantId, (tx) =>
      deactivateMember(tx, s.admin, s.leaver.member.id),
    );
    expect(outcome).toMatchObject({
      deactivated: true,
      sessionsEnded: 2,
      tokensRevoked: 1,
      agreementsWithdrawn: 2,
    });
    expect(linkedin.revokedTokens).toEqual([s.linkedinToken]);
    await expect(requireApiToken(apiRequest(s.apiToken), "content")).rejects.toBeInstanceOf(Response);
    expect(await auditOf(s, "member.deactivated")).toMatchObject([
      { actor_user_id: s.admin.userId, subject: s.leaver.member.id, data: { via: "admin", tokenId: null } },
    ]);
    await withTenant(db, s.tenantId, (tx) => reactivateMember(tx, s.admin, s.leaver.member.id));
    expect(await auditOf(s, "member.reactivated")).toHaveLength(1);
  });
});
