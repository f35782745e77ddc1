import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { recomputeAsCorrection } from "~/app/modules/goals/close.server.ts";
import { StatementContent, contentHash } from "~/app/modules/goals/statement.ts";
import { todayIn } from "~/app/lib/days.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { createPerson, createTenant, sessionCookie, uniqueId } from "~/tests/support/factories.ts";

// Consent before visibility (issue 11), through the real server and build: what a manager's
// browser receives — the HTML page and the `.data` payload of client navigations — for a report's
// goal agreement before and after acceptance, which views write the employee's access log, and
// that a navigation another site steers the manager's browser into shows nothing and writes nothing.

let server: AppServer;
let base: string;
let db: DB;

interface Person {
  member: Member;
  cookie: string;
}

async function person(
  tenant: Tenant,
  name: string,
  roles: Role[],
  managerId: string | null = null,
): Promise<Person> {
  const { user, member } = await createPerson(db, tenant.id, { name, roles, managerId, locale: "en" });
  return { member, cookie: await sessionCookie(db, user.id) };
}

/** The quarter that contains today in the tenant's time zone. */
function currentQuarter(tenant: Tenant) {
  const today = todayIn(tenant.time_zone);
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const startMonth = String(q * 3 + 1).padStart(2, "0");
  const endMonth = String(q * 3 + 3).padStart(2, "0");
  const endDay = new Date(Date.UTC(year, q * 3 + 3, 0)).getUTCDate();
  return {
    label: `${year}-Q${q + 1}`,
    startsOn: `${year}-${startMonth}-01`,
    endsOn: `${year}-${endMonth}-${endDay}`,
  };
}

interface Company {
  tenant: Tenant;
  manager: Person;
  employee: Person;
  colleague: Person;
  admin: Person;
  period: ReturnType<typeof currentQuarter>;
  /** what only the employee's figures contain: an activity label and the measured number */
  secretUrl: string;
}

const POINTS = 4711.25;

async function company(): Promise<Company> {
  const tenant = await createTenant(db, { name: "Consent GmbH" });
  const manager = await person(tenant, `Mara Manager ${uniqueId()}`, ["manager", "employee"]);
  const employee = await person(tenant, `Emil Employee ${uniqueId()}`, ["employee"], manager.member.id);
  const colleague = await person(tenant, `Cora Colleague ${uniqueId()}`, ["employee"], manager.member.id);
  const admin = await person(tenant, `Ada Admin ${uniqueId()}`, ["admin"]);
  const period = currentQuarter(tenant);
  const secretUrl = `https://firma.example/geheimprojekt-${uniqueId()}`;
  // the employee's activity in the period: points and one approved suggestion
  await withTenant(db, tenant.id, async (tx) => {
    await tx
      .insertInto("points_ledger")
      .values({
        tenant_id: tenant.id,
        membership_id: employee.member.id,
        source_type: "approved_suggestion",
        source_id: uniqueId(),
        points: POINTS,
        occurred_on: period.startsOn,
        detail: JSON.stringify({}),
      })
      .execute();
    await tx
      .insertInto("suggestions")
      .values({
        tenant_id: tenant.id,
        suggester_id: employee.member.id,
        url: secretUrl,
        reason: "Passt",
        status: "accepted",
        decided_at: `${period.startsOn}T12:00:00Z`,
        decided_by: admin.member.id,
      })
      .execute();
  });
  return { tenant, manager, employee, colleague, admin, period, secretUrl };
}

/** An agreement of `employee` with the manager for the current quarter, in the given state (written as the flows leave it). */
async function agreement(
  c: Company,
  employee: Person,
  status: "proposed" | "accepted" | "closed",
): Promise<string> {
  return withTenant(db, c.tenant.id, async (tx) => {
    const row = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: c.tenant.id,
        employee_id: employee.member.id,
        manager_id: c.manager.member.id,
        period_kind: "quarter",
        period_label: c.period.label,
        starts_on: c.period.startsOn,
        ends_on: c.period.endsOn,
        status: "proposed",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("goal_objectives")
      .values([
        {
          tenant_id: c.tenant.id,
          agreement_id: row.id,
          position: 1,
          metric: "points",
          title: "Punkte sammeln",
          target: 10000,
          weight: 50,
        },
        {
          tenant_id: c.tenant.id,
          agreement_id: row.id,
          position: 2,
          metric: "approved_suggestions",
          title: "Gute Quellen vorschlagen",
          target: 4,
          weight: 50,
        },
      ])
      .execute();
    return row.id;
  }).then(async (id) => {
    // objectives are fixed once accepted (the database refuses new ones): accepted, then closed, after them
    if (status !== "proposed") await accept(c, id);
    if (status === "closed") {
      await withTenant(db, c.tenant.id, (tx) =>
        tx
          .updateTable("goal_agreements")
          .set({ status: "closed", closed_at: new Date() })
          .where("tenant_id", "=", c.tenant.id)
          .where("id", "=", id)
          .execute(),
      );
    }
    return id;
  });
}

async function accept(c: Company, agreementId: string): Promise<void> {
  await withTenant(db, c.tenant.id, (tx) =>
    tx
      .updateTable("goal_agreements")
      .set({ status: "accepted", accepted_at: new Date(), attainment_cap_percent: 150 })
      .where("tenant_id", "=", c.tenant.id)
      .where("id", "=", agreementId)
      .execute(),
  );
}

/** A released statement of a closed agreement, as the period close and the employee's release leave it. */
async function releasedStatement(c: Company, agreementId: string): Promise<string> {
  const content = StatementContent.parse({
    version: 1,
    tenant: { id: c.tenant.id, name: c.tenant.name },
    employee: { membershipId: c.employee.member.id, name: c.employee.member.name, team: null },
    manager: { membershipId: c.manager.member.id, name: c.manager.member.name },
    period: { kind: "quarter", ...c.period },
    objectives: [
      {
        position: 1,
        title: "Punkte sammeln",
        metric: "points",
        target: 10000,
        weight: 100,
        actual: POINTS,
        attainmentPercent: 47.11,
        weightedPercent: 47.11,
        manualNote: null,
        activities: [],
        activityCount: 1,
      },
    ],
    overallPercent: 47.11,
    capPercent: 150,
    rules: [{ id: "default", effectiveFrom: c.period.startsOn, rules: { share: 10 } }],
    generatedAt: new Date().toISOString(),
    supersedes: null,
  });
  return withTenant(db, c.tenant.id, async (tx) => {
    const row = await tx
      .insertInto("credit_statements")
      .values({
        tenant_id: c.tenant.id,
        agreement_id: agreementId,
        employee_id: c.employee.member.id,
        manager_id: c.manager.member.id,
        period_label: c.period.label,
        starts_on: c.period.startsOn,
        ends_on: c.period.endsOn,
        content: JSON.stringify(content),
        content_hash: contentHash(content),
        released_at: new Date(),
        release_mode: "employee",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function accessLog(c: Company) {
  return withTenant(db, c.tenant.id, (tx) =>
    tx
      .selectFrom("credit_access_log")
      .select([
        "subject_membership_id as subject",
        "actor_membership_id as actor",
        "action",
        "statement_id as statementId",
      ])
      .where("tenant_id", "=", c.tenant.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  );
}

type Site = "same-origin" | "none" | "cross-site" | "same-site" | { referer: string } | "no headers";

/** A GET as a browser sends it: the session cookie and how it got here (fetch metadata, or only a Referer). */
function get(path: string, who: Person, site: Site): Promise<Response> {
  const headers: Record<string, string> = { Cookie: who.cookie };
  if (typeof site === "object") headers.Referer = site.referer;
  else if (site !== "no headers") headers["Sec-Fetch-Site"] = site;
  return fetch(`${base}${path}`, { headers, redirect: "manual" });
}

/** Everything that would reveal the employee's figures in a page or a `.data` payload. */
function expectNoFigures(body: string, c: Company) {
  expect(body).not.toContain(c.secretUrl);
  expect(body).not.toContain("4711");
  expect(body).not.toContain("4,711");
  expect(body).not.toContain("47.11");
  for (const key of [
    "actual",
    "activities",
    "activityCount",
    "attainmentPercent",
    "weightedPercent",
    "overallPercent",
  ])
    expect(body).not.toContain(`"${key}"`);
}

beforeAll(async () => {
  server = await startAppServer();
  base = server.base;
  db = (await database()).db;
});

afterAll(async () => {
  await server?.close();
});

describe("before acceptance the manager sees the proposal, never the employee's figures", () => {
  it("the page and its .data payload carry targets and status only; the employee's own carry the figures", async () => {
    const c = await company();
    const id = await agreement(c, c.employee, "proposed");
    const path = `/t/${c.tenant.slug}/goals/${id}`;

    for (const site of ["same-origin", "none"] as const) {
      const page = await get(path, c.manager, site);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Punkte sammeln");
      expect(html).toContain("10,000");
      expect(html).toContain(`Figures appear once ${c.employee.member.name} has accepted`);
      expectNoFigures(html, c);

      const data = await get(`${path}.data`, c.manager, site);
      expect(data.status).toBe(200);
      const payload = await data.text();
      expect(payload).toContain("Punkte sammeln");
      expect(payload).toContain('"not_accepted"');
      expectNoFigures(payload, c);
    }

    // the same request by the employee: their own figures are there (so the checks above can fail)
    const own = await (await get(`${path}.data`, c.employee, "same-origin")).text();
    expect(own).toContain(c.secretUrl);
    expect(own).toContain("4711.25");
    expect(own).toContain('"activities"');
    // the manager's goals list shows no figure for a proposal either, and nothing was logged
    const list = await (await get(`/t/${c.tenant.slug}/goals.data`, c.manager, "same-origin")).text();
    expectNoFigures(list.replaceAll('"overallPercent"', ""), c);
    expect(await accessLog(c)).toEqual([]);
  });
});

describe("after acceptance: attainment for the manager (works-council mode), every view logged, none from another site", () => {
  it("the agreement page shows attainment without activities and writes one access-log row per view", async () => {
    const c = await company();
    const id = await agreement(c, c.employee, "proposed");
    await accept(c, id);
    const path = `/t/${c.tenant.slug}/goals/${id}`;

    const page = await get(path, c.manager, "same-origin");
    const html = await page.text();
    // 4,711.25 of 10,000 points = 47.11 %; 1 of 4 suggestions = 25 %; overall 23.56 + 12.5 = 36.06 %
    expect(html).toContain("47.11%");
    expect(html).toContain("36.06%");
    // not the activities behind them
    expect(html).not.toContain(c.secretUrl);
    const viewed = {
      subject: c.employee.member.id,
      actor: c.manager.member.id,
      action: "agreement.viewed",
      statementId: null,
    };
    expect(await accessLog(c)).toEqual([viewed]);

    const payload = await (await get(`${path}.data`, c.manager, "same-origin")).text();
    expect(payload).toContain('"attainment"');
    expect(payload).not.toContain(c.secretUrl);
    expect(payload).not.toContain('"activities"');
    expect(await accessLog(c)).toEqual([viewed, viewed]);
  });

  it("automatic release: the activities too, but only for an employee who agreed to automatic release", async () => {
    const c = await company();
    const id = await agreement(c, c.employee, "accepted");
    const path = `/t/${c.tenant.slug}/goals/${id}.data`;
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("recognition_settings")
        .values({ tenant_id: c.tenant.id, release_mode: "automatic", updated_at: new Date() })
        .onConflict((oc) => oc.column("tenant_id").doUpdateSet({ release_mode: "automatic" }))
        .execute(),
    );
    // the tenant's mode alone is not enough
    expect(await (await get(path, c.manager, "same-origin")).text()).not.toContain(c.secretUrl);
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("recognition_preferences")
        .values({
          tenant_id: c.tenant.id,
          membership_id: c.employee.member.id,
          auto_release_consent: true,
          updated_at: new Date(),
        })
        .execute(),
    );
    const payload = await (await get(path, c.manager, "same-origin")).text();
    expect(payload).toContain(c.secretUrl);
    expect(payload).toContain('"activities"');
    expect((await accessLog(c)).map((r) => r.action)).toEqual(["agreement.viewed", "agreement.viewed"]);
  });

  it("a navigation from another site shows no figures and writes nothing; the 'Show figures' link (same origin) does", async () => {
    const c = await company();
    const id = await agreement(c, c.employee, "accepted");
    const path = `/t/${c.tenant.slug}/goals/${id}`;

    for (const site of [
      "cross-site",
      "same-site",
      "no headers",
      { referer: "https://evil.example/lure" },
    ] as const) {
      const page = await get(path, c.manager, site);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Show figures");
      expect(html).toContain("Punkte sammeln");
      expectNoFigures(html, c);
      const payload = await (await get(`${path}.data`, c.manager, site)).text();
      expect(payload).toContain('"unconfirmed"');
      expectNoFigures(payload, c);
    }
    expect(await accessLog(c)).toEqual([]);

    // what the link does: a navigation from our own page (old browsers: only the Referer says so)
    const followed = await get(path, c.manager, { referer: `${base}${path}` });
    expect(await followed.text()).toContain("47.11%");
    expect((await accessLog(c)).map((r) => r.action)).toEqual(["agreement.viewed"]);
  });

  it("the goals list logs one 'list.viewed' per report shown with a figure, and none from another site", async () => {
    const c = await company();
    await agreement(c, c.employee, "accepted");
    await agreement(c, c.colleague, "proposed");
    const path = `/t/${c.tenant.slug}/goals`;

    const crossSite = await (await get(path, c.manager, "cross-site")).text();
    expect(crossSite).toContain("Show figures");
    expect(crossSite).not.toContain("36.06");
    expect(await accessLog(c)).toEqual([]);

    const html = await (await get(path, c.manager, "same-origin")).text();
    expect(html).toContain("36.06%");
    // only the report whose attainment was shown: the colleague's proposal shows none
    expect(await accessLog(c)).toEqual([
      { subject: c.employee.member.id, actor: c.manager.member.id, action: "list.viewed", statementId: null },
    ]);

    // the employee's own list is never logged
    await get(path, c.employee, "same-origin");
    expect(await accessLog(c)).toHaveLength(1);
  });
});

describe("statements, exports and corrections", () => {
  it("a statement page or an export asked for from another site shows and exports nothing and writes nothing", async () => {
    const c = await company();
    const agreementId = await agreement(c, c.employee, "closed");
    const statementId = await releasedStatement(c, agreementId);
    const statementPath = `/t/${c.tenant.slug}/statements/${statementId}`;
    const exportPath = `/t/${c.tenant.slug}/credit/export?format=csv&period=${c.period.label}&employee=${c.employee.member.id}`;

    const lured = await get(statementPath, c.manager, "cross-site");
    expect(lured.status).toBe(200);
    const luredHtml = await lured.text();
    expect(luredHtml).toContain("Show figures");
    expectNoFigures(luredHtml, c);
    expectNoFigures(await (await get(`${statementPath}.data`, c.manager, "cross-site")).text(), c);

    const exported = await get(exportPath, c.manager, "cross-site");
    expect(exported.status).toBe(302);
    const location = new URL(exported.headers.get("location")!, base);
    expect(location.pathname).toBe(`/t/${c.tenant.slug}/credit`);
    expect(location.searchParams.get("confirm")).toBe("export");
    // the credit page offers the same download as a link of its own
    const offer = await (await get(`${location.pathname}${location.search}`, c.manager, "cross-site")).text();
    expect(offer).toContain("Download CSV");
    expect(offer).toContain(
      `/credit/export?format=csv&amp;period=${c.period.label}&amp;employee=${c.employee.member.id}`,
    );
    expect(await accessLog(c)).toEqual([]);

    // the employee's own statement needs no confirmation (never logged)
    expect(await (await get(statementPath, c.employee, "cross-site")).text()).toContain("47.11");

    // from our own pages: the statement is shown and the export served, each logged
    expect(await (await get(statementPath, c.manager, "same-origin")).text()).toContain("47.11");
    const csv = await get(exportPath, c.manager, "same-origin");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const entry = (action: string) => ({
      subject: c.employee.member.id,
      actor: c.manager.member.id,
      action,
      statementId,
    });
    expect(await accessLog(c)).toEqual([entry("statement.viewed"), entry("export.csv")]);
  });

  it("the manager's page of a closed agreement says 'once released' only until the employee released the statement", async () => {
    const c = await company();
    const agreementId = await agreement(c, c.employee, "closed");
    const path = `/t/${c.tenant.slug}/goals/${agreementId}`;
    const before = await (await get(path, c.manager, "same-origin")).text();
    expect(before).toContain(`which you see once ${c.employee.member.name} has released it`);
    await releasedStatement(c, agreementId);
    const after = await (await get(path, c.manager, "same-origin")).text();
    // the text followed the state: no promise of what already happened
    expect(after).not.toContain("which you see once");
    expect(after).toContain(`the credit statement ${c.employee.member.name} released to you: open it below`);
  });

  it("a correction by the manager (the page's form post) or an admin is in the employee's access log and the audit log", async () => {
    const c = await company();
    const agreementId = await agreement(c, c.employee, "closed");
    const statementId = await releasedStatement(c, agreementId);

    const res = await fetch(`${base}/t/${c.tenant.slug}/goals/${agreementId}`, {
      method: "POST",
      headers: {
        Cookie: c.manager.cookie,
        Origin: base,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ intent: "recompute" }).toString(),
      redirect: "manual",
    });
    expect(res.status).toBe(200);
    const firstCorrection = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("credit_statements")
        .select("id")
        .where("tenant_id", "=", c.tenant.id)
        .where("supersedes_id", "=", statementId)
        .executeTakeFirstOrThrow(),
    );
    // an admin (not the manager) corrects the correction
    const secondCorrection = await withTenant(db, c.tenant.id, (tx) =>
      recomputeAsCorrection(tx, c.admin.member, firstCorrection.id),
    );

    expect(await accessLog(c)).toEqual([
      {
        subject: c.employee.member.id,
        actor: c.manager.member.id,
        action: "statement.corrected",
        statementId: firstCorrection.id,
      },
      {
        subject: c.employee.member.id,
        actor: c.admin.member.id,
        action: "statement.corrected",
        statementId: secondCorrection,
      },
    ]);
    const audit = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id", "subject", "data"])
        .where("tenant_id", "=", c.tenant.id)
        .where("action", "=", "statement.corrected")
        .orderBy("created_at")
        .execute(),
    );
    expect(audit).toEqual([
      {
        action: "statement.corrected",
        actor_user_id: c.manager.member.userId,
        subject: firstCorrection.id,
        data: { supersedes: statementId, agreementId, employeeId: c.employee.member.id },
      },
      {
        action: "statement.corrected",
        actor_user_id: c.admin.member.userId,
        subject: secondCorrection,
        data: { supersedes: firstCorrection.id, agreementId, employeeId: c.employee.member.id },
      },
    ]);

    // "who looked at my figures" names both, with the new action's label
    const log = await (await get(`/t/${c.tenant.slug}/credit/access`, c.employee, "same-origin")).text();
    expect(log.match(/Recomputed your statement as a correction/g)).toHaveLength(2);
    expect(log).toContain(c.manager.member.name);
    expect(log).toContain(c.admin.member.name);
  });
});

describe("after a change of manager", () => {
  it("the new manager sees status and targets only, says who the agreement was made with, and nothing is logged", async () => {
    const c = await company();
    // the employee's closed agreement, its statement released to the manager of the time
    const closedId = await agreement(c, c.employee, "closed");
    await releasedStatement(c, closedId);
    // the colleague's running agreement, accepted with that manager
    const acceptedId = await agreement(c, c.colleague, "accepted");
    const newManager = await person(c.tenant, `Nina Neu ${uniqueId()}`, ["manager", "employee"]);
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .updateTable("memberships")
        .set({ manager_id: newManager.member.id })
        .where("id", "in", [c.employee.member.id, c.colleague.member.id])
        .execute(),
    );
    const reason = `Agreed with ${c.manager.member.name}: figures are visible to the manager the agreement was made with.`;

    const list = await (await get(`/t/${c.tenant.slug}/goals`, newManager, "same-origin")).text();
    expect(list).toContain(c.employee.member.name);
    expect(list).toContain(c.colleague.member.name);
    expect(list).not.toContain("47.11");
    expect(list).not.toContain("36.06");
    expect(list).toContain(reason);
    const listData = await (await get(`/t/${c.tenant.slug}/goals.data`, newManager, "same-origin")).text();
    expect(listData).not.toContain("47.11");
    expect(listData).not.toContain("36.06");

    for (const id of [acceptedId, closedId]) {
      const page = await (await get(`/t/${c.tenant.slug}/goals/${id}`, newManager, "same-origin")).text();
      expect(page).toContain("Punkte sammeln");
      expect(page).toContain(reason);
      expectNoFigures(page, c);
      const payload = await (
        await get(`/t/${c.tenant.slug}/goals/${id}.data`, newManager, "same-origin")
      ).text();
      expect(payload).toContain('"other_manager"');
      expectNoFigures(payload, c);
    }
    // views that showed nothing are no looks at anyone's figures
    expect(await accessLog(c)).toEqual([]);

    // the manager the agreement was made with would have seen them (so the checks above can fail)
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .updateTable("memberships")
        .set({ manager_id: c.manager.member.id })
        .where("id", "in", [c.employee.member.id, c.colleague.member.id])
        .execute(),
    );
    const own = await (await get(`/t/${c.tenant.slug}/goals`, c.manager, "same-origin")).text();
    expect(own).toContain("47.11");
    expect(own).not.toContain(reason);
  });
});

describe("the employee accepts the proposal they read", () => {
  it("an Accept sent from a page showing an older revision is refused with a clear message, and nothing is accepted", async () => {
    const c = await company();
    const id = await agreement(c, c.employee, "proposed");
    const path = `/t/${c.tenant.slug}/goals/${id}`;
    // the page offers Accept for revision 0
    expect(await (await get(path, c.employee, "same-origin")).text()).toContain('name="revision" value="0"');
    // the manager revises it meanwhile (a new revision, target raised)
    await withTenant(db, c.tenant.id, async (tx) => {
      await tx.updateTable("goal_agreements").set({ revision: 1 }).where("id", "=", id).execute();
      await tx
        .updateTable("goal_objectives")
        .set({ target: 400000 })
        .where("agreement_id", "=", id)
        .where("position", "=", 1)
        .execute();
    });
    const post = (body: Record<string, string>) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          Cookie: c.employee.cookie,
          Origin: base,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(body).toString(),
        redirect: "manual",
      });
    const stale: Record<string, string>[] = [
      { intent: "accept", revision: "0" },
      { intent: "accept" },
      { intent: "comment", revision: "0", comment: "Passt" },
    ];
    for (const body of stale) {
      const res = await post(body);
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(html).toContain("The proposal changed meanwhile, please read it again.");
      // the page shows the proposal as it is now
      expect(html).toContain("400,000");
    }
    const row = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("goal_agreements")
        .select(["status", "accepted_at", "employee_comment"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ status: "proposed", accepted_at: null, employee_comment: null });

    expect((await post({ intent: "accept", revision: "1" })).status).toBe(200);
    expect(
      (
        await withTenant(db, c.tenant.id, (tx) =>
          tx.selectFrom("goal_agreements").select("status").where("id", "=", id).executeTakeFirstOrThrow(),
        )
      ).status,
    ).toBe("accepted");
  });
});
