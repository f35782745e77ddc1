import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { exportCredit } from "~/app/modules/credit/export.server.ts";
import { acceptAgreement } from "~/app/modules/goals/accept-agreement.server.ts";
import { listAgreements } from "~/app/modules/goals/list-agreements.server.ts";
import { loadAgreementPage } from "~/app/modules/goals/load-agreement-page.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { closeGoalPeriods } from "~/app/modules/goals/close.server.ts";
import { managerFigures } from "~/app/modules/goals/visibility.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { releaseStatement } from "~/app/modules/goals/statements.server.ts";
import { savePrivacySettings } from "~/app/modules/privacy/settings.server.ts";
import { figurePolicy, maySee, STRICT_MIN_GROUP_SIZE } from "~/app/modules/privacy/strict-mode.ts";
import { loadAnalytics, loadAnalyticsTable } from "~/app/modules/reach/analytics.server.ts";
import { analyticsCsv } from "~/app/modules/reach/csv.ts";
import { listClickHolds } from "~/app/modules/recognition/click-credit.server.ts";
import { leaderboard } from "~/app/modules/recognition/leaderboard.server.ts";
import { myRecognition } from "~/app/modules/recognition/overview.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import * as adminMemberRoute from "~/app/routes/admin.member.tsx";
import * as analyticsRoute from "~/app/routes/analytics.tsx";
import * as apiCreditRoute from "~/app/routes/api.v1.credit.ts";
import * as agreementRoute from "~/app/routes/goals.agreement.tsx";
import * as goalsRoute from "~/app/routes/goals.tsx";
import * as heldClicksRoute from "~/app/routes/credit.held-clicks.tsx";
import * as leaderboardRoute from "~/app/routes/leaderboard.tsx";
import * as recognitionRoute from "~/app/routes/recognition.tsx";
import * as tenantRoute from "~/app/routes/tenant.tsx";
import { createCompany, uniqueId } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

/*
 * Strict works-council mode (issue 13): with privacy_settings.strict_mode on, a manager and a comms
 * lead find no individual figure of another person in any loader's data or export — only released
 * statements — while the person still sees their own. Every surface is also checked with the mode
 * off, where the same figure does show: so each assertion can fail.
 *
 * The seeded person has distinctive figures: 4711 points this quarter (live, never released) and
 * 1234 points in 2026-Q3, locked in a statement they released to their manager.
 */

let db: DB;
useFileOutbox("strict");
beforeAll(async () => {
  db = (await database()).db;
});

const LIVE_POINTS = 4711;
const RELEASED_POINTS = 1234;
const Q3 = parsePeriod({ period: "2026-Q3" })!;

/** Today in tests is the real clock; the live quarter is the one running now. */
function quarterOf(d: Date): { label: string; start: string; agreedOn: string } {
  const y = d.getUTCFullYear();
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  const startMonth = (q - 1) * 3 + 1;
  const previousMonthDay = new Date(Date.UTC(y, startMonth - 1, 1) - 5 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    label: `${y}-Q${q}`,
    start: new Date(Date.UTC(y, startMonth - 1, 1)).toISOString().slice(0, 10),
    agreedOn: previousMonthDay,
  };
}

async function company() {
  const { tenant, member } = await createCompany(db, { name: "Strenge GmbH", team: "Vertrieb" });
  const person = (roles: Role[], name: string, managerId: string | null = null) =>
    member({ roles, name, managerId });
  const admin = await person(["admin"], `Admin ${uniqueId()}`);
  const lead = await person(["comms_lead", "employee"], `Lead ${uniqueId()}`);
  const manager = await person(["manager", "employee"], `Manager ${uniqueId()}`);
  const erika = await person(["employee"], `Erika Viertausend ${uniqueId()}`, manager.id);
  const colleague = await person(["employee"], `Kollege ${uniqueId()}`, manager.id);
  return { tenantId: tenant.id, tenantSlug: tenant.slug, admin, lead, manager, erika, colleague };
}
type Company = Awaited<ReturnType<typeof company>>;

const points = (c: Company, m: Member, day: string, n: number) =>
  withTenant(db, c.tenantId, (tx) =>
    tx
      .insertInto("points_ledger")
      .values({
        tenant_id: c.tenantId,
        membership_id: m.id,
        source_type: "share",
        source_id: randomUUID(),
        points: n,
        occurred_on: day,
        detail: JSON.stringify({ network: "linkedin" }),
      })
      .execute(),
  );

const strict = (c: Company, on: boolean) =>
  withTenant(db, c.tenantId, (tx) =>
    savePrivacySettings(tx, c.admin, { auditRetentionMonths: 24, strictMode: on }),
  );

/**
 * Erika: on the leaderboard, a released Q3 statement (1234 points) and an accepted agreement for the
 * running quarter with 4711 live points; a held-back click pattern on one of her shares.
 */
async function seeded() {
  const c = await company();
  await withTenant(db, c.tenantId, (tx) =>
    tx
      .insertInto("recognition_preferences")
      .values({
        tenant_id: c.tenantId,
        membership_id: c.erika.id,
        leaderboard_opt_in: true,
        updated_at: new Date(),
      })
      .execute(),
  );
  const objectives = [{ metric: "points" as const, title: "Punkte sammeln", target: 100000, weight: 100 }];
  // Q3: agreed in June, closed, released to the manager
  const q3 = await withTenant(db, c.tenantId, (tx) =>
    proposeAgreement(
      tx,
      c.manager,
      { employeeId: c.erika.id, period: "2026-Q3", objectives },
      { today: "2026-06-15" },
    ),
  );
  await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.erika, q3.id, { today: "2026-06-15" }));
  await points(c, c.erika, "2026-08-15", RELEASED_POINTS);
  await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
  const statement = await withTenant(db, c.tenantId, (tx) =>
    tx
      .selectFrom("credit_statements")
      .select("id")
      .where("tenant_id", "=", c.tenantId)
      .where("agreement_id", "=", q3.id)
      .executeTakeFirstOrThrow(),
  );
  await withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.erika, statement.id));
  // the running quarter: accepted, live
  const now = quarterOf(new Date());
  const live = await withTenant(db, c.tenantId, (tx) =>
    proposeAgreement(
      tx,
      c.manager,
      { employeeId: c.erika.id, period: now.label, objectives },
      { today: now.agreedOn },
    ),
  );
  await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.erika, live.id, { today: now.agreedOn }));
  await points(c, c.erika, new Date().toISOString().slice(0, 10), LIVE_POINTS);
  // a share of hers with held-back clicks
  const postId = await withTenant(
    db,
    c.tenantId,
    async (tx) =>
      (
        await tx
          .insertInto("posts")
          .values({
            tenant_id: c.tenantId,
            slug: `p-${uniqueId()}`,
            kind: "text",
            title: "Sommerfest",
            status: "published",
            updated_at: new Date(),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
  );
  await withTenant(db, c.tenantId, async (tx) => {
    const share = await tx
      .insertInto("shares")
      .values({
        tenant_id: c.tenantId,
        post_id: postId,
        membership_id: c.erika.id,
        network: "linkedin",
        text: "Lesenswert",
        channel: "intent",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("click_holds")
      .values({
        tenant_id: c.tenantId,
        share_id: share.id,
        membership_id: c.erika.id,
        day: "2026-11-20",
        reason: "burst",
        clicks: 97,
        distinct_keys: 41,
      })
      .execute();
  });
  return { ...c, liveAgreementId: live.id, q3AgreementId: q3.id, statementId: statement.id };
}
type Seeded = Awaited<ReturnType<typeof seeded>>;

const today = () => new Date().toISOString().slice(0, 10);
const has = (value: unknown, needle: string | number) => JSON.stringify(value).includes(String(needle));

/** Everything a manager's and a comms lead's pages and exports hand out about others. */
async function othersView(c: Seeded) {
  const day = today();
  const range = { fromDay: quarterOf(new Date()).start, toDay: "9999-12-31" };
  return withTenant(db, c.tenantId, async (tx) => ({
    leaderboardAsLead: await leaderboard(tx, c.lead, range),
    leaderboardAsColleague: await leaderboard(tx, c.colleague, range),
    goalsList: await listAgreements(tx, c.manager, day),
    livePage: await loadAgreementPage(tx, c.manager, c.liveAgreementId),
    q3Page: await loadAgreementPage(tx, c.manager, c.q3AgreementId),
    heldClicks: await listClickHolds(tx, c.lead),
  }));
}

/** GET /api/v1/credit through the route module, as an HR system with a "credit" token calls it. */
async function apiCredit(
  c: Seeded,
  period: string,
): Promise<{ status: number; body: { statements: unknown[] } }> {
  const { token } = await withTenant(db, c.tenantId, (tx) =>
    createApiToken(tx, {
      name: `HR ${uniqueId()}`,
      scopes: ["credit"],
      tenantId: c.tenantId,
      tenantSlug: c.tenantSlug,
      createdBy: null,
    }),
  );
  const res = (await apiCreditRoute.loader({
    request: new Request(`http://localhost/api/v1/credit?period=${period}`, {
      headers: { Authorization: `Bearer ${token}` },
    }),
    params: {},
  } as never)) as Response;
  return { status: res.status, body: (await res.json()) as { statements: unknown[] } };
}

async function exportsOf(c: Seeded) {
  const files = await withTenant(db, c.tenantId, async (tx) => ({
    csv: await exportCredit(
      tx,
      c.manager,
      { format: "csv", period: Q3 },
      { locale: "de", timeZone: "Europe/Berlin" },
    ),
    json: await exportCredit(
      tx,
      c.manager,
      { format: "json", period: Q3 },
      { locale: "de", timeZone: "Europe/Berlin" },
    ),
    // the running quarter: nothing released, so nothing to export
    liveCsv: await exportCredit(
      tx,
      c.manager,
      { format: "csv", period: parsePeriod({ period: quarterOf(new Date()).label })! },
      { locale: "de", timeZone: "Europe/Berlin" },
    ),
  }));
  return {
    ...files,
    api: await apiCredit(c, "2026-Q3"),
    liveApi: await apiCredit(c, quarterOf(new Date()).label),
  };
}

describe("strict works-council mode", () => {
  it("off: the manager and the comms lead see the figures the mode would hide (so the test below can fail)", async () => {
    const c = await seeded();
    const view = await othersView(c);
    expect(view.leaderboardAsLead.result.kind).toBe("ranked");
    expect(has(view.leaderboardAsLead, LIVE_POINTS)).toBe(true);
    expect(has(view.leaderboardAsColleague, c.erika.name)).toBe(true);
    expect(view.livePage.figures.shown).toBe("attainment");
    expect(has(view.livePage, LIVE_POINTS)).toBe(true);
    const liveRow = view.goalsList.reports.find((r) => r.id === c.liveAgreementId)!;
    expect(liveRow.overallPercent).not.toBeNull();
    expect(view.heldClicks.sharerHidden).toBe(false);
    expect(view.heldClicks.held.map((h) => h.sharerName)).toEqual([c.erika.name]);
  });

  it("on: no individual figure of another person in the leaderboard, goals pages or the held-clicks review", async () => {
    const c = await seeded();
    await strict(c, true);
    const view = await othersView(c);

    // leaderboard off, for everyone
    expect(view.leaderboardAsLead.result).toEqual({ kind: "off" });
    expect(view.leaderboardAsColleague.result).toEqual({ kind: "off" });
    for (const board of [view.leaderboardAsLead, view.leaderboardAsColleague]) {
      expect(has(board, LIVE_POINTS)).toBe(false);
      expect(has(board, c.erika.name)).toBe(false);
    }

    // the manager: no live figures, on the page nor in the list
    expect(view.livePage.figures).toEqual({ shown: "none", reason: "strict_mode" });
    expect(has(view.livePage, LIVE_POINTS)).toBe(false);
    expect(has(view.goalsList, LIVE_POINTS)).toBe(false);
    const liveRow = view.goalsList.reports.find((r) => r.id === c.liveAgreementId)!;
    expect(liveRow).toMatchObject({ overallPercent: null, figureNote: "strict_mode" });
    // a live look that shows nothing is no look: nothing written to Erika's access log for it
    const viewed = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("credit_access_log")
        .select("action")
        .where("tenant_id", "=", c.tenantId)
        .where("subject_membership_id", "=", c.erika.id)
        .where("action", "=", "agreement.viewed")
        .execute(),
    );
    expect(viewed).toEqual([]);

    // released statements stay visible to the manager they were released to
    expect(view.q3Page.statements.map((s) => s.id)).toEqual([c.statementId]);
    const q3Row = view.goalsList.reports.find((r) => r.id === c.q3AgreementId)!;
    expect(q3Row.overallPercent).not.toBeNull();

    // held-back clicks: still reviewable, but nobody is named
    expect(view.heldClicks.sharerHidden).toBe(true);
    expect(view.heldClicks.held).toHaveLength(1);
    expect(view.heldClicks.held[0]).toMatchObject({ clicks: 97, sharerName: null, sharerMembershipId: null });
    expect(has(view.heldClicks, c.erika.name)).toBe(false);
    expect(has(view.heldClicks, c.erika.id)).toBe(false);
  });

  it("on: the credit export and the API hand out the released statement only, never live figures", async () => {
    const c = await seeded();
    const before = await exportsOf(c);
    await strict(c, true);
    const after = await exportsOf(c);
    for (const files of [before, after]) {
      expect(files.csv.count).toBe(1);
      expect(has(files.csv.body, RELEASED_POINTS)).toBe(true);
      expect(has(files.json.body, RELEASED_POINTS)).toBe(true);
      expect(files.api.status).toBe(200);
      expect(files.api.body.statements).toHaveLength(1);
      expect(has(files.api.body, RELEASED_POINTS)).toBe(true);
      expect(files.liveCsv.count).toBe(0);
      expect(files.liveApi.body.statements).toEqual([]);
      for (const file of [
        files.csv.body,
        files.json.body,
        files.api.body,
        files.liveCsv.body,
        files.liveApi.body,
      ])
        expect(has(file, LIVE_POINTS)).toBe(false);
    }
  });

  it("on: analytics keeps to groups of at least the strict minimum, even where the tenant set a smaller one", async () => {
    const c = await seeded();
    // two people in the programme, the tenant's minimum group size 2
    await withTenant(db, c.tenantId, async (tx) => {
      for (const m of [c.erika, c.colleague])
        await tx
          .insertInto("advocacy_consents")
          .values({ tenant_id: c.tenantId, membership_id: m.id, consent_version: "2" })
          .execute();
      await sql`INSERT INTO reach_settings (tenant_id, impression_factors, cpm, cpc, min_group_size, updated_at) VALUES (${c.tenantId}, '{}'::jsonb, 0, 0, 2, now())`.execute(
        tx,
      );
    });
    const query = { from: "2026-11-01", to: "2026-11-30" };
    const off = await withTenant(db, c.tenantId, (tx) =>
      loadAnalytics(tx, { tenantId: c.tenantId, timeZone: "Europe/Berlin" }, query),
    );
    expect(off.minGroupSize).toBe(2);
    expect(off.programmeTooSmall).toBe(false);
    await strict(c, true);
    const on = await withTenant(db, c.tenantId, (tx) =>
      loadAnalytics(tx, { tenantId: c.tenantId, timeZone: "Europe/Berlin" }, query),
    );
    expect(on.minGroupSize).toBe(STRICT_MIN_GROUP_SIZE);
    expect(on.programmeTooSmall).toBe(true);
    expect(on.figures).toBeNull();
    // the CSV export reads the same report: no table leaves the server (the route answers 403)
    for (const table of ["timeline", "posts", "networks", "teams"] as const) {
      const { data } = await withTenant(db, c.tenantId, (tx) =>
        loadAnalyticsTable(tx, { tenantId: c.tenantId, timeZone: "Europe/Berlin" }, query, table),
      );
      expect(data).toBeNull();
    }
    await strict(c, false);
    const { data: offData } = await withTenant(db, c.tenantId, (tx) =>
      loadAnalyticsTable(tx, { tenantId: c.tenantId, timeZone: "Europe/Berlin" }, query, "posts"),
    );
    expect(offData).not.toBeNull();
    // groups only even then: the CSV has post rows, never a person
    const csv = analyticsCsv(offData!, "EUR", "day");
    expect(csv).not.toContain(c.erika.name);
  });

  it("on: the person still sees all of their own figures", async () => {
    const c = await seeded();
    await strict(c, true);
    const own = await withTenant(db, c.tenantId, async (tx) => ({
      recognition: await myRecognition(tx, c.erika),
      page: await loadAgreementPage(tx, c.erika, c.liveAgreementId),
      list: await listAgreements(tx, c.erika, today()),
    }));
    expect(own.recognition.allTimePoints).toBe(LIVE_POINTS + RELEASED_POINTS);
    expect(own.page.figures.shown).toBe("all");
    expect(has(own.page, LIVE_POINTS)).toBe(true);
    expect(own.list.mine.find((r) => r.id === c.liveAgreementId)!.overallPercent).not.toBeNull();
  });
});

/** A page's loader data as the browser would get it: the route module called with the viewer's session, from our own page. */
async function loaderData(
  c: Seeded,
  viewer: Member,
  route: { loader: (args: never) => unknown },
  path: string,
  params: Record<string, string> = {},
): Promise<string> {
  const { token } = await createSession(db, viewer.userId);
  const headers = {
    Cookie: `${sessionCookieName()}=${encodeURIComponent(token)}`,
    "Sec-Fetch-Site": "same-origin",
  };
  const request = new Request(`http://localhost/t/${c.tenantSlug}/${path}`, { headers });
  return JSON.stringify(
    await route.loader({ request, params: { tenant: c.tenantSlug, ...params }, context: {} } as never),
  );
}

/** Every page of a manager, a comms lead and an admin that could carry Erika's figures. */
async function othersPages(c: Seeded) {
  return {
    leaderboard: await loaderData(c, c.lead, leaderboardRoute, "leaderboard"),
    goals: await loaderData(c, c.manager, goalsRoute, "goals"),
    agreement: await loaderData(c, c.manager, agreementRoute, `goals/${c.liveAgreementId}`, {
      agreementId: c.liveAgreementId,
    }),
    heldClicks: await loaderData(c, c.lead, heldClicksRoute, "credit/held-clicks"),
    analytics: await loaderData(c, c.lead, analyticsRoute, "analytics"),
    adminMember: await loaderData(c, c.admin, adminMemberRoute, `admin/members/${c.erika.id}`, {
      memberId: c.erika.id,
    }),
  };
}

describe("strict works-council mode: the pages' loader data", () => {
  it("off: the leaderboard, goals and held-clicks pages carry Erika's figures or name (so the check below can fail)", async () => {
    const c = await seeded();
    const pages = await othersPages(c);
    expect(pages.leaderboard).toContain(String(LIVE_POINTS));
    expect(pages.leaderboard).toContain(c.erika.name);
    expect(pages.agreement).toContain(String(LIVE_POINTS));
    expect(pages.heldClicks).toContain(c.erika.name);
  });

  it("on: no page of a manager, comms lead or admin carries another person's figure; Erika's own pages still do", async () => {
    const c = await seeded();
    await strict(c, true);
    const pages = await othersPages(c);
    // each is the page's real data (a redirect or error would carry nothing to find)
    for (const data of [pages.goals, pages.agreement, pages.adminMember])
      expect(data).toContain(c.erika.name);
    expect(pages.analytics).toContain("minGroupSize");
    expect(pages.heldClicks).toContain('"clicks":97');
    for (const [name, data] of Object.entries(pages)) {
      expect(data, name).not.toContain(String(LIVE_POINTS));
      expect(data, name).not.toContain(String(LIVE_POINTS + RELEASED_POINTS));
    }
    expect(pages.leaderboard).not.toContain(c.erika.name);
    expect(pages.heldClicks).not.toContain(c.erika.name);
    // her own recognition page and agreement page
    expect(await loaderData(c, c.erika, recognitionRoute, "recognition")).toContain(
      String(LIVE_POINTS + RELEASED_POINTS),
    );
    expect(
      await loaderData(c, c.erika, agreementRoute, `goals/${c.liveAgreementId}`, {
        agreementId: c.liveAgreementId,
      }),
    ).toContain(String(LIVE_POINTS));
  });
});

describe("strict works-council mode: what still pointed at one person", () => {
  it("the navigation offers no leaderboard with the mode on, to anyone", async () => {
    const c = await seeded();
    const nav = async (m: Member) =>
      JSON.parse(await loaderData(c, m, tenantRoute, "")) as { leaderboardOff: boolean };
    expect((await nav(c.colleague)).leaderboardOff).toBe(false);
    await strict(c, true);
    for (const m of [c.colleague, c.manager, c.lead, c.admin])
      expect((await nav(m)).leaderboardOff).toBe(true);
  });

  it("held-back clicks: post and network of a share too few people made are hidden too, and no share id leaves", async () => {
    const c = await seeded();
    await strict(c, true);
    // only Erika shared "Sommerfest" on LinkedIn: post and network alone would name her
    const alone = (await withTenant(db, c.tenantId, (tx) => listClickHolds(tx, c.lead))).held[0]!;
    expect(alone).toMatchObject({
      clicks: 97,
      distinctKeys: 41,
      day: "2026-11-20",
      postTitle: null,
      network: null,
      shareId: null,
      shareHidden: true,
    });
    const page = await loaderData(c, c.lead, heldClicksRoute, "credit/held-clicks");
    expect(page).not.toContain("Sommerfest");
    expect(page).toContain('"clicks":97');
    // four more people share it there: five, the strict minimum group size, so the post may show
    const post = await withTenant(db, c.tenantId, (tx) =>
      tx.selectFrom("shares").select("post_id").where("tenant_id", "=", c.tenantId).executeTakeFirstOrThrow(),
    );
    await withTenant(db, c.tenantId, async (tx) => {
      for (const m of [c.admin, c.lead, c.manager, c.colleague].slice(0, 3))
        await tx
          .insertInto("shares")
          .values({
            tenant_id: c.tenantId,
            post_id: post.post_id,
            membership_id: m.id,
            network: "linkedin",
            text: "Gut",
            channel: "intent",
          })
          .execute();
      // the same person twice, or another network, is no more people on LinkedIn
      await tx
        .insertInto("shares")
        .values({
          tenant_id: c.tenantId,
          post_id: post.post_id,
          membership_id: c.admin.id,
          network: "linkedin",
          text: "Nochmal",
          channel: "intent",
        })
        .execute();
      await tx
        .insertInto("shares")
        .values({
          tenant_id: c.tenantId,
          post_id: post.post_id,
          membership_id: c.colleague.id,
          network: "x",
          text: "Gut",
          channel: "intent",
        })
        .execute();
    });
    expect((await withTenant(db, c.tenantId, (tx) => listClickHolds(tx, c.lead))).held[0]).toMatchObject({
      postTitle: null,
      shareHidden: true,
    });
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("shares")
        .values({
          tenant_id: c.tenantId,
          post_id: post.post_id,
          membership_id: c.colleague.id,
          network: "linkedin",
          text: "Gut",
          channel: "intent",
        })
        .execute(),
    );
    const crowded = (await withTenant(db, c.tenantId, (tx) => listClickHolds(tx, c.lead))).held[0]!;
    expect(crowded).toMatchObject({
      postTitle: "Sommerfest",
      network: "linkedin",
      shareHidden: false,
      shareId: null,
      sharerName: null,
    });
    // with the mode off, the review names post, network and sharer as before
    await strict(c, false);
    expect((await withTenant(db, c.tenantId, (tx) => listClickHolds(tx, c.lead))).held[0]).toMatchObject({
      postTitle: "Sommerfest",
      shareHidden: false,
      sharerName: c.erika.name,
    });
  });
});

describe("the strict-mode policy (one place for every surface)", () => {
  it("leaves the self everything and others nothing individual", () => {
    const on = figurePolicy(true);
    const off = figurePolicy(false);
    expect(on).toMatchObject({
      leaderboard: false,
      managerLiveFigures: false,
      managerReleasedStatements: true,
      heldClicksSharer: false,
    });
    expect(off).toMatchObject({
      leaderboard: true,
      managerLiveFigures: true,
      managerReleasedStatements: true,
      heldClicksSharer: true,
    });
    // no switch that no surface reads: another person's points are shown on the leaderboard only
    expect(Object.keys(on).sort()).toEqual([
      "heldClicksSharer",
      "leaderboard",
      "managerLiveFigures",
      "managerReleasedStatements",
      "minGroupSize",
      "strict",
    ]);
    expect(on.minGroupSize(2)).toBe(STRICT_MIN_GROUP_SIZE);
    expect(on.minGroupSize(12)).toBe(12);
    expect(off.minGroupSize(2)).toBe(2);
    expect(maySee(true, "self", "points")).toBe(true);
    expect(maySee(true, "manager", "live_attainment")).toBe(false);
    expect(maySee(false, "manager", "live_attainment")).toBe(true);
    expect(maySee(true, "manager", "released_statements")).toBe(true);
    expect(maySee(true, "comms_lead", "held_clicks_sharer")).toBe(false);
  });

  it("managerFigures: strict mode hides live figures whatever the release mode", () => {
    expect(managerFigures("accepted", "automatic", true, true)).toEqual({
      shown: "none",
      reason: "strict_mode",
    });
    expect(managerFigures("accepted", "employee", false, true)).toEqual({
      shown: "none",
      reason: "strict_mode",
    });
    expect(managerFigures("accepted", "automatic", true, false)).toEqual({ shown: "all" });
    expect(managerFigures("closed", "employee", false, true)).toEqual({ shown: "none", reason: "closed" });
  });
});
