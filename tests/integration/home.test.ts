import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { createTopic } from "~/app/modules/content/topics.server.ts";
import { commentAgreement } from "~/app/modules/goals/comment-agreement.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { createShare } from "~/app/modules/sharing/create-share.server.ts";
import { inviteMember } from "~/app/modules/tenancy/invite-member.server.ts";
import { VISIT_GAP_MS } from "~/app/modules/home/visit.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import * as homeRoute from "~/app/routes/tenant.dashboard.tsx";
import { createCompany, createPost, sessionCookie, uniqueId } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

let db: DB;
// in-process jobs and mail as files: proposing and commenting on agreements send mail
useFileOutbox("home");
beforeAll(async () => {
  db = (await database()).db;
});

const MINUTE = 60_000;

async function company() {
  const c = await createCompany(db, { name: `Home ${uniqueId()}` });
  return c;
}

/** The home page's loader data as `m` gets it, through the route (session, membership, permissions). */
async function home(c: { tenant: { slug: string } }, m: Member) {
  const cookie = await sessionCookie(db, m.userId);
  return homeRoute.loader({
    request: new Request(`http://localhost/t/${c.tenant.slug}`, { headers: { Cookie: cookie } }),
    params: { tenant: c.tenant.slug },
  } as never);
}

/** Sets the member's visit marks as if they had opened the home page or the hub at `at` (and before). */
async function visited(tenantId: string, m: Member, at: Date, newSince: Date | null = null) {
  await withTenant(db, tenantId, (tx) =>
    tx
      .updateTable("memberships")
      .set({ hub_visited_at: at, hub_new_since: newSince })
      .where("id", "=", m.id)
      .execute(),
  );
}

const titles = (h: Awaited<ReturnType<typeof home>>) => h.employee?.newPosts.map((p) => p.title) ?? [];

describe("the employee's home", () => {
  it("counts a post published after the last visit as new and one before it not, also after a reload", async () => {
    const c = await company();
    const emma = await c.member({ roles: ["employee"] });
    const now = Date.now();
    await createPost(db, c.tenantId, { title: "Before", published_at: new Date(now - 3 * 60 * MINUTE) });
    await createPost(db, c.tenantId, { title: "After", published_at: new Date(now - 60 * MINUTE) });
    // the last visit ended two hours ago
    await visited(c.tenantId, emma, new Date(now - 2 * 60 * MINUTE));

    const first = await home(c, emma);
    expect(titles(first)).toEqual(["After"]);
    // a reload a moment later: the same visit, the same post is still new
    const reload = await home(c, emma);
    expect(titles(reload)).toEqual(["After"]);
    // the share link preselects LinkedIn for someone without shares or networks
    expect(reload.employee?.network).toBe("linkedin");

    // the next visit, after a gap, starts from this one: nothing is new any more
    const row = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("memberships")
        .select(["hub_visited_at", "hub_new_since"])
        .where("id", "=", emma.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.hub_new_since?.getTime()).toBe(now - 2 * 60 * MINUTE);
    await visited(c.tenantId, emma, new Date(Date.now() - VISIT_GAP_MS - MINUTE), row.hub_new_since);
    const later = await home(c, emma);
    expect(titles(later)).toEqual([]);
    expect(later.employee?.moreNew).toEqual({ count: 0, orMore: false });
  });

  it("never visited: every post is new; a post shared already is not offered again", async () => {
    const c = await company();
    const emma = await c.member({ roles: ["employee"], optedIn: CONSENT_VERSION });
    const shared = await createPost(db, c.tenantId, { title: "Shared" });
    await createPost(db, c.tenantId, { title: "Fresh" });
    // an archived post is not to share
    await createPost(db, c.tenantId, { title: "Archived", status: "archived" });
    await withTenant(db, c.tenantId, (tx) =>
      createShare(tx, emma, { postId: shared.id, network: "x", text: "Lesenswert!", channel: "intent" }),
    );
    const h = await home(c, emma);
    expect(titles(h)).toEqual(["Fresh"]);
    // the network she shared to is the one the share links preselect
    expect(h.employee?.network).toBe("x");
    expect(h.employee?.week.hasShared).toBe(true);
    // joined under the current text, the company has no guidelines: only the networks step is open
    expect(h.employee?.steps).toEqual(["network"]);
  });

  it("lists the open onboarding steps until they are done", async () => {
    const c = await company();
    const admin = await c.member({ roles: ["admin"] });
    const emma = await c.member({ roles: ["employee"] });
    await withTenant(db, c.tenantId, (tx) =>
      publishGuidelines(tx, admin, { bodyDe: "Sei nett.", bodyEn: "" }),
    );
    expect((await home(c, emma)).employee?.steps).toEqual(["join", "guidelines", "network"]);
    const old = await c.member({ roles: ["employee"], optedIn: "2020-01" });
    expect((await home(c, old)).employee?.steps).toEqual(["consent", "guidelines", "network"]);
  });

  it("shows an employee no comms, manager or admin parts", async () => {
    const c = await company();
    const emma = await c.member({ roles: ["employee"] });
    const h = await home(c, emma);
    expect(h.employee).not.toBeNull();
    expect({ comms: h.comms, manager: h.manager, admin: h.admin }).toEqual({
      comms: null,
      manager: null,
      admin: null,
    });
  });
});

describe("the comms lead's home", () => {
  it("counts reviews waiting for this lead, never the lead's own post", async () => {
    const c = await company();
    const lea = await c.member({ roles: ["comms_lead"], name: "Lea Lead" });
    const lou = await c.member({ roles: ["comms_lead"], name: "Lou Lead" });
    await createPost(db, c.tenantId, {
      title: "Lea's own",
      status: "in_review",
      author_id: lea.id,
      published_at: null,
    });
    await createPost(db, c.tenantId, {
      title: "Lou's",
      status: "in_review",
      author_id: lou.id,
      published_at: null,
    });
    const h = await home(c, lea);
    expect(h.comms?.reviews?.count).toBe(1);
    expect(h.comms?.reviews?.first.map((r) => [r.title, r.authorName])).toEqual([["Lou's", "Lou Lead"]]);
    expect(h.comms?.suggestions).toBe(0);
    expect(h.comms?.escalations).toBe(0);
    // a comms lead without the employee role shares nothing here
    expect(h.employee).toBeNull();
    // the programme's figures follow the analytics page's minimum group size: nobody is in it yet
    expect(h.comms?.programme).toMatchObject({ state: "too_few" });
  });
});

describe("the manager's home", () => {
  it("lists only the manager's own reports' agreements that wait for an answer", async () => {
    const c = await company();
    const max = await c.member({ roles: ["manager"], name: "Max Manager" });
    const mona = await c.member({ roles: ["manager"], name: "Mona Manager" });
    const emma = await c.member({ roles: ["employee"], name: "Emma Employee", managerId: max.id });
    const eric = await c.member({ roles: ["employee"], name: "Eric Employee", managerId: max.id });
    const ella = await c.member({ roles: ["employee"], name: "Ella Else", managerId: mona.id });
    const year = new Date().getUTCFullYear() + 1;
    const objectives = [{ metric: "shares" as const, title: "Teilen", target: 4, weight: 100 }];
    const propose = (manager: Member, employee: Member) =>
      withTenant(db, c.tenantId, (tx) =>
        proposeAgreement(tx, manager, { employeeId: employee.id, period: `${year}-Q1`, objectives }),
      );
    const emmas = await propose(max, emma);
    await propose(max, eric); // proposed, not commented: waits for Eric, not for Max
    const ellas = await propose(mona, ella);
    for (const [employee, id] of [
      [emma, emmas.id],
      [ella, ellas.id],
    ] as const)
      await withTenant(db, c.tenantId, (tx) => commentAgreement(tx, employee, id, { comment: "Zu viel" }));

    const h = await home(c, max);
    expect(h.manager?.waiting).toEqual([
      { id: emmas.id, employeeName: "Emma Employee", periodLabel: `${year}-Q1` },
    ]);
    expect(h.manager?.statements).toEqual({ count: 0, latest: [] });
    // reading the list wrote nothing to anyone's access log
    const logged = await withTenant(db, c.tenantId, (tx) =>
      tx.selectFrom("credit_access_log").select("id").where("tenant_id", "=", c.tenantId).execute(),
    );
    expect(logged).toEqual([]);
    // the employee sees the proposal waiting for her answer
    const erics = await home(c, eric);
    expect(erics.employee?.proposal).toMatchObject({ managerName: "Max Manager", periodLabel: `${year}-Q1` });
  });
});

describe("the admin's home", () => {
  it("lists the setup steps not done yet, and each flips to done", async () => {
    const c = await company();
    const anna = await c.member({ roles: ["admin"] });
    const before = await home(c, anna);
    // no secrets key and no billing in tests: those two steps cannot be done here and are left out
    expect(before.admin?.steps).toEqual(["guidelines", "topics", "invite"]);
    expect(before.admin?.failedJobs).toBe(0);

    await withTenant(db, c.tenantId, (tx) =>
      publishGuidelines(tx, anna, { bodyDe: "Sei nett.", bodyEn: "" }),
    );
    expect((await home(c, anna)).admin?.steps).toEqual(["topics", "invite"]);
    await withTenant(db, c.tenantId, (tx) =>
      createTopic(tx, anna, { name: "Karriere", requiresSecondApproval: false }),
    );
    expect((await home(c, anna)).admin?.steps).toEqual(["invite"]);
    await withTenant(db, c.tenantId, (tx) =>
      inviteMember(tx, anna, c.info, {
        email: `neu-${uniqueId()}@example.test`,
        name: "Nina Neu",
        roles: ["employee"],
      }),
    );
    expect((await home(c, anna)).admin?.steps).toEqual([]);

    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("job_failures")
        .values({
          tenant_id: c.tenantId,
          job_name: "send-email",
          job_id: uniqueId(),
          payload: JSON.stringify({ tenantId: "x" }),
          error: "boom",
          attempts: 3,
        })
        .execute(),
    );
    expect((await home(c, anna)).admin?.failedJobs).toBe(1);
  });
});
