import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { listOutbox, readOutboxMessage, type OutboxMessage } from "~/emails/send.ts";
import { drainInProcessJobs, listFailedInProcessJobs } from "~/jobs/queue.ts";
import { namespaceTexts } from "~/app/lib/i18n/resources.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { exportCredit } from "~/app/modules/credit/export.server.ts";
import { listMyCreditAccess } from "~/app/modules/credit/my-access-log.server.ts";
import { acceptAgreement } from "~/app/modules/goals/accept-agreement.server.ts";
import { commentAgreement } from "~/app/modules/goals/comment-agreement.server.ts";
import { findAgreement } from "~/app/modules/goals/agreement-records.server.ts";
import { listAgreements } from "~/app/modules/goals/list-agreements.server.ts";
import { loadAgreementPage } from "~/app/modules/goals/load-agreement-page.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { reviseAgreement } from "~/app/modules/goals/revise-agreement.server.ts";
import { setManualScore } from "~/app/modules/goals/set-manual-score.server.ts";
import { withdrawAgreement } from "~/app/modules/goals/withdraw-agreement.server.ts";
import { closeGoalPeriods, recomputeAsCorrection } from "~/app/modules/goals/close.server.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import type { ProposeAgreementInput } from "~/app/modules/goals/schemas.ts";
import { getRecognitionSettings, saveRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { contentHash, StatementContent } from "~/app/modules/goals/statement.ts";
import {
  getStatementForViewer,
  listReleasedStatements,
  listReleasedStatementsForTenant,
  releaseStatement,
} from "~/app/modules/goals/statements.server.ts";
import { rollupDays } from "~/app/modules/reach/rollup.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createCompany, uniqueId } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

const creditTexts = namespaceTexts("credit");

let db: DB;
// In-process jobs and the file outbox: the agreement mails land in a directory of this file's own.
useFileOutbox("goals");
beforeAll(async () => {
  db = (await database()).db;
});

async function mailsTo(email: string): Promise<OutboxMessage[]> {
  await drainInProcessJobs();
  const mine = (await listOutbox()).filter((m) => m.to === email);
  return Promise.all(mine.map(async (m) => (await readOutboxMessage(m.id))!));
}

const Q3 = parsePeriod({ period: "2026-Q3" })!;
/**
 * These scenarios are agreed before 2026-Q3 starts (agreements start on or after the day they are
 * proposed, and an ended period can be neither proposed nor accepted): the domain's clock, which
 * only tests and the demo seed set. The closes then run as of days in the past.
 */
const AGREED_IN_JUNE = { today: "2026-06-15" };

/** A tenant with an admin, a manager with two direct reports, and a second manager with one report. */
async function company() {
  const { tenant, team, member } = await createCompany(db, { name: "Müller & Söhne GmbH", team: "Vertrieb" });
  const person = (roles: Role[], managerId: string | null = null) =>
    member({ roles, managerId, name: `Person ${uniqueId()}` });
  const admin = await person(["admin"]);
  const manager = await person(["manager", "employee"]);
  const employee = await person(["employee"], manager.id);
  const colleague = await person(["employee"], manager.id);
  const otherManager = await person(["manager"]);
  const stranger = await person(["employee"], otherManager.id);
  return { tenantId: tenant.id, tenant, team, admin, manager, employee, colleague, otherManager, stranger };
}
type Company = Awaited<ReturnType<typeof company>>;

const simpleObjectives: ProposeAgreementInput["objectives"] = [
  { metric: "shares", title: "Beiträge teilen", target: 4, weight: 60 },
  { metric: "manual", title: "Team-Austausch", weight: 40 },
];

function propose(
  c: Company,
  actor: Member,
  employeeId: string,
  objectives = simpleObjectives,
  period = "2026-Q3",
) {
  return withTenant(db, c.tenantId, (tx) =>
    proposeAgreement(tx, actor, { employeeId, period, objectives }, AGREED_IN_JUNE),
  );
}

/** Proposed by the manager and accepted by the employee. */
async function acceptedAgreement(
  c: Company,
  employee: Member = c.employee,
  objectives = simpleObjectives,
  period = "2026-Q3",
) {
  const { id } = await propose(c, c.manager, employee.id, objectives, period);
  await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, employee, id, AGREED_IN_JUNE));
  return id;
}

/** The employee's own agreement page: all figures, activities included. */
function allFigures(page: Awaited<ReturnType<typeof loadAgreementPage>>) {
  if (page.figures.shown !== "all") throw new Error(`expected all figures, got ${page.figures.shown}`);
  return page.figures.evaluation;
}

/** A manager's page in works-council mode: attainment without the activities. */
function attainmentOf(page: Awaited<ReturnType<typeof loadAgreementPage>>) {
  if (page.figures.shown !== "attainment") throw new Error(`expected attainment, got ${page.figures.shown}`);
  return page.figures.evaluation;
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function insertPost(tenantId: string): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const row = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "text",
        title: `Sommerfest ${uniqueId()}`,
        status: "published",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** Activity written the way the app's tables hold it: at noon UTC, well inside the Berlin day. */
const activity = {
  share: (c: Company, m: Member, postId: string, day: string) =>
    withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("shares")
        .values({
          tenant_id: c.tenantId,
          post_id: postId,
          membership_id: m.id,
          network: "linkedin",
          text: "Lesenswert",
          channel: "intent",
          created_at: `${day}T12:00:00Z`,
        })
        .execute(),
    ),
  points: (c: Company, m: Member, day: string, points: number) =>
    withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("points_ledger")
        .values({
          tenant_id: c.tenantId,
          membership_id: m.id,
          source_type: "share",
          source_id: uniqueId(),
          points,
          occurred_on: day,
          detail: JSON.stringify({ network: "linkedin" }),
        })
        .execute(),
    ),
  /** unique clicks for credit as the award job records them (click-credit.server.ts): a ledger entry, 1 point each (default rules) */
  creditClicks: (c: Company, m: Member, day: string, n: number) =>
    withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("points_ledger")
        .values({
          tenant_id: c.tenantId,
          membership_id: m.id,
          source_type: "unique_clicks",
          source_id: `${uniqueId()}:${day}`,
          points: n,
          occurred_on: day,
          detail: JSON.stringify({
            uniqueClicks: n,
            counted: n,
            heldBack: 0,
            ownClicks: 0,
            cap: 20,
            factor: 1,
          }),
        })
        .execute(),
    ),
  suggestion: (c: Company, m: Member, status: "accepted" | "declined", day: string) =>
    withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("suggestions")
        .values({
          tenant_id: c.tenantId,
          suggester_id: m.id,
          url: `https://firma.example/${uniqueId()}`,
          reason: "Passt",
          status,
          decided_at: `${day}T12:00:00Z`,
          decided_by: c.admin.id,
        })
        .execute(),
    ),
};

async function statementsOf(c: Company, agreementId?: string) {
  return withTenant(db, c.tenantId, (tx) => {
    let q = tx.selectFrom("credit_statements").selectAll().where("tenant_id", "=", c.tenantId);
    if (agreementId) q = q.where("agreement_id", "=", agreementId);
    return q.orderBy("generated_at").execute();
  });
}

describe("recognition settings", () => {
  it("defaults to a 150 % cap and the employee's release, saves only for admins, and audits the change", async () => {
    const c = await company();
    expect(await withTenant(db, c.tenantId, (tx) => getRecognitionSettings(tx, c.tenantId))).toEqual({
      attainmentCapPercent: 150,
      releaseMode: "employee",
      selfReportedSharesEarnPoints: true,
      selfReportedWeeklyCap: 5,
      allowBackdatedStart: false,
    });
    expect(
      await caught(
        withTenant(db, c.tenantId, (tx) =>
          saveRecognitionSettings(tx, c.manager, { attainmentCapPercent: 120, releaseMode: "automatic" }),
        ),
      ),
    ).toBeInstanceOf(ForbiddenError);
    const bad = await caught(
      withTenant(db, c.tenantId, (tx) =>
        saveRecognitionSettings(tx, c.admin, { attainmentCapPercent: 90, releaseMode: "employee" }),
      ),
    );
    expect((bad as ValidationError).fieldErrors).toEqual({ attainmentCapPercent: ["cap_range"] });
    await withTenant(db, c.tenantId, (tx) =>
      saveRecognitionSettings(tx, c.admin, { attainmentCapPercent: 120, releaseMode: "automatic" }),
    );
    expect(await withTenant(db, c.tenantId, (tx) => getRecognitionSettings(tx, c.tenantId))).toEqual({
      attainmentCapPercent: 120,
      releaseMode: "automatic",
      selfReportedSharesEarnPoints: true,
      selfReportedWeeklyCap: 5,
      allowBackdatedStart: false,
    });
    const audit = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id"])
        .where("tenant_id", "=", c.tenantId)
        .execute(),
    );
    expect(audit).toEqual([{ action: "recognition.settings_updated", actor_user_id: c.admin.userId }]);
  });
});

describe("proposing goals", () => {
  it("refuses weights that do not sum to 100 with a field error, and writes nothing", async () => {
    const c = await company();
    const error = await caught(
      propose(c, c.manager, c.employee.id, [
        { metric: "shares", title: "Teilen", target: 4, weight: 60 },
        { metric: "points", title: "Punkte", target: 100, weight: 30 },
      ]),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ objectives: ["weights_sum"] });
    expect(
      await withTenant(db, c.tenantId, (tx) =>
        tx.selectFrom("goal_agreements").select("id").where("tenant_id", "=", c.tenantId).execute(),
      ),
    ).toEqual([]);
  });

  it("lets a manager propose only for a direct report", async () => {
    const c = await company();
    expect(await caught(propose(c, c.manager, c.stranger.id))).toBeInstanceOf(ForbiddenError);
    expect(await caught(propose(c, c.otherManager, c.employee.id))).toBeInstanceOf(ForbiddenError);
    // an employee cannot propose, not even for a colleague, nor for themself
    expect(await caught(propose(c, c.colleague, c.employee.id))).toBeInstanceOf(ForbiddenError);
    expect(await caught(propose(c, c.manager, c.manager.id))).toBeInstanceOf(ForbiddenError);
    expect(
      await withTenant(db, c.tenantId, (tx) =>
        tx.selectFrom("goal_agreements").select("id").where("tenant_id", "=", c.tenantId).execute(),
      ),
    ).toEqual([]);
    const { id } = await propose(c, c.manager, c.employee.id);
    const row = await withTenant(db, c.tenantId, (tx) =>
      tx.selectFrom("goal_agreements").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({
      employee_id: c.employee.id,
      manager_id: c.manager.id,
      status: "proposed",
      period_kind: "quarter",
      period_label: "2026-Q3",
      starts_on: "2026-07-01",
      ends_on: "2026-09-30",
    });
    // nobody outside the reporting line can even find it
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => findAgreement(tx, c.otherManager, id))),
    ).toBeInstanceOf(NotFoundError);
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => findAgreement(tx, c.colleague, id))),
    ).toBeInstanceOf(NotFoundError);
  });

  it("keeps one live agreement per employee and period; a withdrawn one makes room", async () => {
    const c = await company();
    const first = await propose(c, c.manager, c.employee.id);
    const dup = await caught(propose(c, c.manager, c.employee.id));
    expect((dup as ValidationError).fieldErrors).toEqual({ period: ["agreement_exists"] });
    // another period is fine
    await propose(c, c.manager, c.employee.id, simpleObjectives, "2026-Q4");
    await withTenant(db, c.tenantId, (tx) => withdrawAgreement(tx, c.manager, first.id));
    await propose(c, c.manager, c.employee.id);
    // a withdrawn agreement cannot be accepted any more
    expect(
      await caught(
        withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.employee, first.id, AGREED_IN_JUNE)),
      ),
    ).toBeInstanceOf(ConflictError);
  });

  it("mails the other side on propose, comment and accept, in their language, linking to the agreement", async () => {
    const c = await company();
    const { id } = await propose(c, c.manager, c.employee.id);
    const [proposal, ...moreToEmployee] = await mailsTo(c.employee.email);
    expect(moreToEmployee).toEqual([]);
    expect(proposal?.subject).toBe(`Zielvereinbarung 2026-Q3: ${c.manager.name} schlägt dir Ziele vor`);
    expect(proposal?.text).toContain(`/t/${c.tenant.slug}/goals/${id}`);
    expect(await mailsTo(c.manager.email)).toEqual([]);
    await db.updateTable("users").set({ locale: "en" }).where("id", "=", c.manager.userId).execute();
    await withTenant(db, c.tenantId, (tx) =>
      commentAgreement(tx, c.employee, id, { comment: "Drei statt vier, bitte." }),
    );
    const [comment] = await mailsTo(c.manager.email);
    expect(comment?.subject).toBe(`Goal agreement 2026-Q3: ${c.employee.name} commented`);
    expect(comment?.text).toContain("Drei statt vier, bitte.");
    await withTenant(db, c.tenantId, (tx) =>
      reviseAgreement(
        tx,
        c.manager,
        id,
        { employeeId: c.employee.id, period: "2026-Q3", objectives: simpleObjectives },
        AGREED_IN_JUNE,
      ),
    );
    expect(await mailsTo(c.employee.email)).toHaveLength(2);
    await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.employee, id, AGREED_IN_JUNE));
    const toManager = await mailsTo(c.manager.email);
    expect(toManager.map((m) => m.subject)).toContain(`Goal agreement 2026-Q3: ${c.employee.name} accepted`);
    expect(listFailedInProcessJobs().filter((j) => j.name === "send-email")).toEqual([]);
  });

  it("comment → revise (objectives replaced) → accept; only the employee accepts, only the manager revises", async () => {
    const c = await company();
    const { id } = await propose(c, c.manager, c.employee.id);
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.manager, id, AGREED_IN_JUNE))),
    ).toBeInstanceOf(NotFoundError);
    await withTenant(db, c.tenantId, (tx) =>
      commentAgreement(tx, c.employee, id, {
        comment: "Vier Beiträge im Quartal sind zu viel – wie wäre es mit drei?",
      }),
    );
    const seen = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, id));
    expect(seen.agreement).toMatchObject({
      status: "commented",
      employeeComment: "Vier Beiträge im Quartal sind zu viel – wie wäre es mit drei?",
    });
    // a commented proposal is not accepted as is
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.employee, id, AGREED_IN_JUNE))),
    ).toBeInstanceOf(ConflictError);
    const revised: ProposeAgreementInput["objectives"] = [
      { metric: "shares", title: "Drei Beiträge", target: 3, weight: 70 },
      { metric: "points", title: "Punkte", target: 50, weight: 30 },
    ];
    expect(
      await caught(
        withTenant(db, c.tenantId, (tx) =>
          reviseAgreement(
            tx,
            c.employee,
            id,
            { employeeId: c.employee.id, period: "2026-Q3", objectives: revised },
            AGREED_IN_JUNE,
          ),
        ),
      ),
    ).toBeInstanceOf(NotFoundError);
    await withTenant(db, c.tenantId, (tx) =>
      reviseAgreement(
        tx,
        c.manager,
        id,
        { employeeId: c.employee.id, period: "2026-Q3", objectives: revised },
        AGREED_IN_JUNE,
      ),
    );
    const page = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id));
    expect(page.agreement.status).toBe("proposed");
    expect(allFigures(page).objectives.map((o) => [o.metric, o.title, o.target, o.weight])).toEqual([
      ["shares", "Drei Beiträge", 3, 70],
      ["points", "Punkte", 50, 30],
    ]);
    await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.employee, id, AGREED_IN_JUNE));
    expect(
      (await withTenant(db, c.tenantId, (tx) => findAgreement(tx, c.employee, id))).agreement.status,
    ).toBe("accepted");
    // accepted: no withdrawing, no revising
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => withdrawAgreement(tx, c.manager, id))),
    ).toBeInstanceOf(ConflictError);
  });
});

describe("figures and attainment", () => {
  it("measures every metric in the period only and weights it with the tenant's cap (hand-computed)", async () => {
    const c = await company();
    const postId = await insertPost(c.tenantId);
    const { version } = await withTenant(db, c.tenantId, (tx) =>
      publishGuidelines(tx, c.admin, { bodyDe: "Sei fair.", bodyEn: "Be fair." }),
    );
    const id = await acceptedAgreement(c, c.employee, [
      { metric: "points", title: "Punkte", target: 100, weight: 30 },
      { metric: "shares", title: "Teilen", target: 4, weight: 20 },
      { metric: "unique_clicks", title: "Reichweite", target: 50, weight: 20 },
      { metric: "approved_suggestions", title: "Vorschläge", target: 2, weight: 10 },
      { metric: "training_completed", title: "Schulung", target: 2, weight: 10 },
      { metric: "manual", title: "Austausch", weight: 10 },
    ]);
    // points: 30 + 45 + 125 = 200 in Q3; before and after the period, and the colleague's, do not count
    for (const [day, p] of [
      ["2026-07-02", 30],
      ["2026-08-15", 45],
      ["2026-09-30", 125],
      ["2026-06-30", 999],
      ["2026-10-01", 999],
    ] as const)
      await activity.points(c, c.employee, day, p);
    await activity.points(c, c.colleague, "2026-08-01", 500);
    // shares: 3 in Q3
    // each of another post: a repeat of one post on one network does not count (share-credit.test.ts)
    for (const day of ["2026-07-10", "2026-08-10", "2026-09-10", "2026-06-10"])
      await activity.share(c, c.employee, await insertPost(c.tenantId), day);
    await activity.share(c, c.colleague, postId, "2026-08-10");
    // unique clicks for credit: 12 + 8 in Q3 (they earned 20 points too)
    await activity.creditClicks(c, c.employee, "2026-07-11", 12);
    await activity.creditClicks(c, c.employee, "2026-09-30", 8);
    await activity.creditClicks(c, c.employee, "2026-10-01", 100);
    await activity.creditClicks(c, c.colleague, "2026-07-11", 100);
    // suggestions: one accepted in Q3; a declined one and one accepted before do not count
    await activity.suggestion(c, c.employee, "accepted", "2026-08-20");
    await activity.suggestion(c, c.employee, "declined", "2026-08-21");
    await activity.suggestion(c, c.employee, "accepted", "2026-06-20");
    // training: guidelines acknowledged and onboarding finished in Q3
    await withTenant(db, c.tenantId, async (tx) => {
      await tx
        .insertInto("guideline_acknowledgements")
        .values({
          tenant_id: c.tenantId,
          membership_id: c.employee.id,
          version,
          acknowledged_at: "2026-07-03T09:00:00Z",
        })
        .execute();
      await tx
        .insertInto("onboarding_completions")
        .values({
          tenant_id: c.tenantId,
          membership_id: c.employee.id,
          path: "beginner",
          completed_at: "2026-07-04T09:00:00Z",
        })
        .execute();
    });
    const page0 = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id));
    const manualId = page0.objectives[5]!.id;
    // only the manager scores, only manual objectives
    expect(
      await caught(
        withTenant(db, c.tenantId, (tx) =>
          setManualScore(tx, c.employee, id, { objectiveId: manualId, score: 85 }),
        ),
      ),
    ).toBeInstanceOf(NotFoundError);
    const notManual = await caught(
      withTenant(db, c.tenantId, (tx) =>
        setManualScore(tx, c.manager, id, { objectiveId: page0.objectives[0]!.id, score: 85 }),
      ),
    );
    expect((notManual as ValidationError).fieldErrors).toEqual({ objectiveId: ["manual_only"] });
    await withTenant(db, c.tenantId, (tx) =>
      setManualScore(tx, c.manager, id, {
        objectiveId: manualId,
        score: 85,
        note: "Gute Impulse im Teammeeting",
      }),
    );

    const page = allFigures(await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id)));
    expect(page.objectives.map((o) => [o.metric, o.actual, o.attainmentPercent, o.weightedPercent])).toEqual([
      ["points", 220, 150, 45], // 200 + 20 for the clicks: 220 % capped at 150, × 30 %
      ["shares", 3, 75, 15],
      ["unique_clicks", 20, 40, 8],
      ["approved_suggestions", 1, 50, 5],
      ["training_completed", 2, 100, 10],
      ["manual", 85, 85, 8.5],
    ]);
    expect(page.overallPercent).toBe(91.5);
    // the manager (works-council mode): the same attainment, not the activities behind it
    const managers = attainmentOf(
      await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, id)),
    );
    expect(
      managers.objectives.map((o) => [o.metric, o.actual, o.attainmentPercent, o.weightedPercent]),
    ).toEqual(page.objectives.map((o) => [o.metric, o.actual, o.attainmentPercent, o.weightedPercent]));
    expect(managers.objectives.some((o) => "activities" in o)).toBe(false);
    // the activities behind the figures
    const [points, shares, clicks, suggestions, training] = page.objectives;
    expect(points!.activities.map((a) => [a.date, a.value])).toEqual([
      ["2026-09-30", 8],
      ["2026-09-30", 125],
      ["2026-08-15", 45],
      ["2026-07-11", 12],
      ["2026-07-02", 30],
    ]);
    expect(shares!.activityCount).toBe(3);
    expect(shares!.activities.map((a) => a.date)).toEqual(["2026-09-10", "2026-08-10", "2026-07-10"]);
    expect(clicks!.activities.map((a) => [a.date, a.value])).toEqual([
      ["2026-09-30", 8],
      ["2026-07-11", 12],
    ]);
    expect(suggestions!.activities).toHaveLength(1);
    expect(training!.activities.map((a) => a.kind)).toEqual([
      "onboarding_completed",
      "guidelines_acknowledged",
    ]);

    // the cap was agreed at acceptance: a lower tenant cap later does not change this agreement…
    await withTenant(db, c.tenantId, (tx) =>
      saveRecognitionSettings(tx, c.admin, { attainmentCapPercent: 120, releaseMode: "employee" }),
    );
    const kept = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id));
    expect(kept.agreement.agreedCapPercent).toBe(150);
    expect(allFigures(kept).objectives[0]).toMatchObject({ attainmentPercent: 150, weightedPercent: 45 });
    expect(allFigures(kept).overallPercent).toBe(91.5);
    // …while a proposal (nothing agreed yet) is shown with today's setting: 2,318 points (2,198 + 120 for clicks) of 100, capped at 120
    const proposal = await propose(
      c,
      c.manager,
      c.employee.id,
      [{ metric: "points", title: "Punkte im Jahr", target: 100, weight: 100 }],
      "2026",
    );
    const capped = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, proposal.id));
    expect(capped.agreement.agreedCapPercent).toBeNull();
    expect(allFigures(capped).objectives.map((o) => [o.actual, o.attainmentPercent])).toEqual([[2318, 120]]);
    expect(allFigures(capped).capPercent).toBe(120);
  });

  it("counts only accepted agreements: a proposal or a commented one shows no attainment and is never closed", async () => {
    const c = await company();
    const postId = await insertPost(c.tenantId);
    await activity.share(c, c.employee, postId, "2026-08-01");
    await activity.share(c, c.colleague, postId, "2026-08-01");
    const proposed = await propose(c, c.manager, c.employee.id);
    const commented = await propose(c, c.manager, c.colleague.id);
    await withTenant(db, c.tenantId, (tx) =>
      commentAgreement(tx, c.colleague, commented.id, { comment: "Bitte weniger." }),
    );
    const lists = await withTenant(db, c.tenantId, (tx) => listAgreements(tx, c.manager, "2026-11-25"));
    expect(lists.reports.map((r) => [r.id, r.status, r.overallPercent]).sort()).toEqual(
      [
        [proposed.id, "proposed", null],
        [commented.id, "commented", null],
      ].sort(),
    );
    const run = await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    expect(run.closed).toBe(0);
    expect(await statementsOf(c)).toEqual([]);
    // once accepted it counts: shares 1/4 = 25 % × 60 = 15
    await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.employee, proposed.id, AGREED_IN_JUNE));
    const mine = await withTenant(db, c.tenantId, (tx) => listAgreements(tx, c.employee, "2026-11-25"));
    expect(mine.mine.map((r) => [r.status, r.overallPercent])).toEqual([["accepted", 15]]);
    expect(mine.reports).toEqual([]);
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(1);
  });
});

describe("the period close", () => {
  it("locks a statement whose hash verifies, which later activity, rollups and re-runs never change", async () => {
    const c = await company();
    const postId = await insertPost(c.tenantId);
    const id = await acceptedAgreement(c, c.employee, [
      { metric: "shares", title: "Teilen", target: 4, weight: 50 },
      { metric: "unique_clicks", title: "Reichweite", target: 40, weight: 30 },
      { metric: "points", title: "Punkte", target: 100, weight: 20 },
    ]);
    await activity.share(c, c.employee, postId, "2026-07-15");
    await activity.share(c, c.employee, await insertPost(c.tenantId), "2026-08-15");
    await activity.creditClicks(c, c.employee, "2026-08-16", 10);
    await activity.points(c, c.employee, "2026-08-15", 40);
    // the period has not ended yet on its last day, and its last days' click points settle SETTLE_DAYS (2) days later
    for (const asOf of ["2026-09-30", "2026-10-01", "2026-10-02"])
      expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf })).closed).toBe(0);
    const first = await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    expect(first.closed).toBe(1);
    const [statement] = await statementsOf(c, id);
    const content = StatementContent.parse(statement!.content);
    // anyone can re-check the hash from the stored content
    expect(contentHash(statement!.content as StatementContent)).toBe(statement!.content_hash);
    expect(content).toMatchObject({
      version: 2,
      tenant: { id: c.tenantId, name: "Müller & Söhne GmbH" },
      employee: { membershipId: c.employee.id, name: c.employee.name, team: "Vertrieb" },
      manager: { membershipId: c.manager.id, name: c.manager.name },
      period: { kind: "quarter", label: "2026-Q3", startsOn: "2026-07-01", endsOn: "2026-09-30" },
      capPercent: 150,
      supersedes: null,
      rules: [{ id: "default", effectiveFrom: "2026-07-01" }],
    });
    // the points award ran right before the close: 40 + 5 per share (default rules) + 10 for the clicks = 60
    // 2/4 = 50 % × 50 = 25; 10/40 = 25 % × 30 = 7.5; 60/100 = 60 % × 20 = 12 → 44.5
    expect(content.objectives.map((o) => [o.actual, o.attainmentPercent, o.weightedPercent])).toEqual([
      [2, 50, 25],
      [10, 25, 7.5],
      [60, 60, 12],
    ]);
    expect(content.overallPercent).toBe(44.5);
    expect(statement!.released_at).toBeNull();
    expect(
      (await withTenant(db, c.tenantId, (tx) => findAgreement(tx, c.employee, id))).agreement.status,
    ).toBe("closed");

    // later activity dated inside the period…
    await activity.share(c, c.employee, await insertPost(c.tenantId), "2026-09-01");
    await activity.creditClicks(c, c.employee, "2026-09-02", 30);
    await activity.points(c, c.employee, "2026-09-01", 60);
    // …shows in the live figures…
    const live = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id));
    expect(allFigures(live).objectives.map((o) => o.actual)).toEqual([3, 40, 150]);
    // …but never in the locked statement, whatever runs again
    await rollupDays(db, c.tenantId, ["2026-09-01", "2026-09-02"]);
    const again = await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-12-01" });
    expect(again.closed).toBe(0);
    expect(await statementsOf(c, id)).toEqual([statement]);
  });

  it("concurrent runs lock exactly one statement per agreement", async () => {
    const c = await company();
    await acceptedAgreement(c, c.employee);
    await acceptedAgreement(c, c.colleague);
    const runs = await Promise.all(
      [1, 2, 3].map(() => closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })),
    );
    expect(runs.reduce((n, r) => n + r.closed, 0)).toBe(2);
    const statements = await statementsOf(c);
    expect(statements.map((s) => s.employee_id).sort()).toEqual([c.employee.id, c.colleague.id].sort());
  });

  it("the app role cannot rewrite or delete a locked statement", async () => {
    const c = await company();
    await acceptedAgreement(c);
    await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    const [statement] = await statementsOf(c);
    const forged = { ...(statement!.content as StatementContent), overallPercent: 150 };
    const update = await caught(
      withTenant(db, c.tenantId, (tx) =>
        tx
          .updateTable("credit_statements")
          .set({ content: JSON.stringify(forged) })
          .where("id", "=", statement!.id)
          .execute(),
      ),
    );
    expect(String((update as Error).message)).toMatch(/permission denied/);
    const hash = await caught(
      withTenant(db, c.tenantId, (tx) =>
        tx
          .updateTable("credit_statements")
          .set({ content_hash: "0".repeat(64) })
          .where("id", "=", statement!.id)
          .execute(),
      ),
    );
    expect(String((hash as Error).message)).toMatch(/permission denied/);
    const del = await caught(
      withTenant(db, c.tenantId, (tx) =>
        tx.deleteFrom("credit_statements").where("id", "=", statement!.id).execute(),
      ),
    );
    expect(String((del as Error).message)).toMatch(/permission denied/);
    expect(await statementsOf(c)).toEqual([statement]);
  });

  it("automatic release mode releases at once only for employees who consented", async () => {
    const c = await company();
    await withTenant(db, c.tenantId, (tx) =>
      saveRecognitionSettings(tx, c.admin, { attainmentCapPercent: 150, releaseMode: "automatic" }),
    );
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("recognition_preferences")
        .values({
          tenant_id: c.tenantId,
          membership_id: c.employee.id,
          auto_release_consent: true,
          updated_at: new Date(),
        })
        .execute(),
    );
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("recognition_preferences")
        .values({
          tenant_id: c.tenantId,
          membership_id: c.colleague.id,
          auto_release_consent: false,
          updated_at: new Date(),
        })
        .execute(),
    );
    const consented = await acceptedAgreement(c, c.employee);
    const notConsented = await acceptedAgreement(c, c.colleague);
    await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    const [a] = await statementsOf(c, consented);
    const [b] = await statementsOf(c, notConsented);
    expect(a).toMatchObject({ release_mode: "automatic" });
    expect(a!.released_at).toBeInstanceOf(Date);
    expect(b).toMatchObject({ release_mode: null, released_at: null });
    const seen = await withTenant(db, c.tenantId, (tx) =>
      listReleasedStatements(tx, c.manager, { period: Q3 }),
    );
    expect(seen.map((s) => s.employeeId)).toEqual([c.employee.id]);
  });

  it("in works-council mode consent alone releases nothing", async () => {
    const c = await company();
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("recognition_preferences")
        .values({
          tenant_id: c.tenantId,
          membership_id: c.employee.id,
          auto_release_consent: true,
          updated_at: new Date(),
        })
        .execute(),
    );
    const id = await acceptedAgreement(c, c.employee);
    await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    expect(await statementsOf(c, id)).toMatchObject([{ released_at: null, release_mode: null }]);
  });
});

describe("the period close: settled points, failures, the agreed cap", () => {
  const pointsOnly: ProposeAgreementInput["objectives"] = [
    { metric: "points", title: "Punkte", target: 100, weight: 100 },
  ];
  const statusOf = async (c: Company, id: string) =>
    (await withTenant(db, c.tenantId, (tx) => findAgreement(tx, c.manager, id))).agreement.status;

  it("waits until the last day's click points have settled (SETTLE_DAYS), awards them right before locking, and includes them", async () => {
    const c = await company();
    const postId = await insertPost(c.tenantId);
    const id = await acceptedAgreement(c, c.employee, pointsOnly);
    // a share on the last day of the quarter, and that day's 12 unique visitors of it: their clicks
    // (each from an address of its own, an hour after sharing) and the rollup's share row
    await activity.share(c, c.employee, postId, "2026-09-30");
    const share = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("shares")
        .select("id")
        .where("tenant_id", "=", c.tenantId)
        .where("membership_id", "=", c.employee.id)
        .executeTakeFirstOrThrow(),
    );
    await withTenant(db, c.tenantId, async (tx) => {
      await tx
        .insertInto("reach_daily")
        .values({
          tenant_id: c.tenantId,
          day: "2026-09-30",
          dimension: "share",
          key: share.id,
          clicks: 15,
          unique_visitors: 12,
        })
        .execute();
      await tx
        .insertInto("click_events")
        .values(
          Array.from({ length: 12 }, (_, i) => ({
            tenant_id: c.tenantId,
            share_id: share.id,
            event_key: uniqueId(),
            clicked_at: new Date(Date.parse("2026-09-30T13:00:00Z") + i * 60_000),
            visitor_hash: `v${i}`,
            ip_key: `ip${i}`,
            net_key: `net${i}`,
            is_bot: false,
            referrer_host: null,
          })),
        )
        .execute();
    });
    // the period ended yesterday: not closed yet
    expect(await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-01" })).toEqual({
      closed: 0,
      statementIds: [],
    });
    expect(await statusOf(c, id)).toBe("accepted");
    expect(await statementsOf(c, id)).toEqual([]);
    // two days later it closes, with the click points of its last day
    const run = await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    expect(run.closed).toBe(1);
    expect(await statusOf(c, id)).toBe("closed");
    const [statement] = await statementsOf(c, id);
    const content = StatementContent.parse(statement!.content);
    // 5 for the share + 12 unique clicks × 1 point (no follower count: factor 1) = 17
    expect(content.objectives[0]!.actual).toBe(17);
    expect(content.objectives[0]!.activities.map((a) => [a.date, a.kind, a.value]).sort()).toEqual([
      ["2026-09-30", "share", 5],
      ["2026-09-30", "unique_clicks", 12],
    ]);
    const ledger = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("points_ledger")
        .select(["source_type", "source_id", "occurred_on"])
        .where("tenant_id", "=", c.tenantId)
        .where("source_type", "=", "unique_clicks")
        .execute(),
    );
    expect(ledger).toEqual([
      { source_type: "unique_clicks", source_id: `${share.id}:2026-09-30`, occurred_on: "2026-09-30" },
    ]);
  });

  it("a failing agreement is logged and skipped: the others still close, and the run fails at the end so the job retries", async () => {
    const c = await company();
    const broken = await acceptedAgreement(c, c.employee);
    const fine = await acceptedAgreement(c, c.colleague);
    // a data condition that makes closing `broken` fail: it has an original statement already (the unique backstop)
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("credit_statements")
        .values({
          tenant_id: c.tenantId,
          agreement_id: broken,
          employee_id: c.employee.id,
          manager_id: c.manager.id,
          period_label: "2026-Q3",
          starts_on: "2026-07-01",
          ends_on: "2026-09-30",
          content: JSON.stringify({}),
          content_hash: "0".repeat(64),
        })
        .execute(),
    );
    const lines: string[] = [];
    const log = pino({ level: "error" }, { write: (line: string) => void lines.push(line) });
    const error = await caught(closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" }, { log }));
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toHaveLength(1);
    // the other agreement closed with its statement
    expect(await statusOf(c, fine)).toBe("closed");
    expect(await statementsOf(c, fine)).toHaveLength(1);
    // the failing one rolled back: still accepted, no second statement
    expect(await statusOf(c, broken)).toBe("accepted");
    expect(await statementsOf(c, broken)).toHaveLength(1);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toMatchObject([
      { tenantId: c.tenantId, agreementId: broken, msg: "closing a goal agreement failed" },
    ]);
    // a retry adds nothing to the closed one and still reports the broken one
    expect(
      await caught(closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" }, { log })),
    ).toBeInstanceOf(AggregateError);
    expect(await statementsOf(c, fine)).toHaveLength(1);
  });

  it("without the points award nothing is locked: a failing award skips the tenant and fails the run", async () => {
    const c = await company();
    const id = await acceptedAgreement(c);
    const lines: string[] = [];
    const log = pino({ level: "error" }, { write: (line: string) => void lines.push(line) });
    const award = () => Promise.reject(new Error("award down"));
    const error = await caught(
      closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" }, { award, log }),
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect(await statusOf(c, id)).toBe("accepted");
    expect(await statementsOf(c, id)).toEqual([]);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toMatchObject([
      { tenantId: c.tenantId, msg: "closing goal periods of a tenant failed" },
    ]);
    // once the award works again, the next run closes it
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(1);
  });

  it("keeps the cap agreed at acceptance: accepted at 150 %, the tenant's cap lowered to 100 %, the live view and the statement still use 150 %", async () => {
    const c = await company();
    await activity.points(c, c.employee, "2026-08-01", 200);
    await activity.points(c, c.colleague, "2026-08-01", 200);
    const id = await acceptedAgreement(c, c.employee, pointsOnly);
    const proposal = await propose(c, c.manager, c.colleague.id, pointsOnly);
    await withTenant(db, c.tenantId, (tx) =>
      saveRecognitionSettings(tx, c.admin, { attainmentCapPercent: 100, releaseMode: "employee" }),
    );
    const page = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, id));
    expect(page.agreement.agreedCapPercent).toBe(150);
    expect([attainmentOf(page).capPercent, attainmentOf(page).overallPercent]).toEqual([150, 150]);
    const list = await withTenant(db, c.tenantId, (tx) => listAgreements(tx, c.manager, "2026-08-15"));
    expect(list.reports.map((r) => [r.id, r.overallPercent]).sort()).toEqual(
      [
        [id, 150],
        [proposal.id, null],
      ].sort(),
    );
    // the colleague accepts after the change: agreed at 100 %
    await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.colleague, proposal.id, AGREED_IN_JUNE));
    const colleaguePage = await withTenant(db, c.tenantId, (tx) =>
      loadAgreementPage(tx, c.colleague, proposal.id),
    );
    expect([colleaguePage.agreement.agreedCapPercent, allFigures(colleaguePage).overallPercent]).toEqual([
      100, 100,
    ]);

    await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    const [statement] = await statementsOf(c, id);
    const content = StatementContent.parse(statement!.content);
    expect([content.capPercent, content.objectives[0]!.attainmentPercent, content.overallPercent]).toEqual([
      150, 150, 150,
    ]);
    const [other] = await statementsOf(c, proposal.id);
    expect(StatementContent.parse(other!.content)).toMatchObject({ capPercent: 100, overallPercent: 100 });
    // a correction recomputed later keeps the agreed cap too
    const correctionId = await withTenant(db, c.tenantId, (tx) =>
      recomputeAsCorrection(tx, c.manager, statement!.id),
    );
    const correction = (await statementsOf(c, id)).find((s) => s.id === correctionId);
    expect(StatementContent.parse(correction!.content)).toMatchObject({
      capPercent: 150,
      overallPercent: 150,
    });
    // the database keeps a stored cap in range
    const outOfRange = await caught(
      withTenant(db, c.tenantId, (tx) =>
        tx.updateTable("goal_agreements").set({ attainment_cap_percent: 99 }).where("id", "=", id).execute(),
      ),
    );
    expect(String((outOfRange as Error).message)).toMatch(/check constraint/);
  });
});

describe("statements: release and who sees them", () => {
  async function closedStatement() {
    const c = await company();
    const id = await acceptedAgreement(c, c.employee);
    // one share of four: 25 % × 60 = 15 overall
    await activity.share(c, c.employee, await insertPost(c.tenantId), "2026-08-01");
    const strangerAgreement = await (async () => {
      const { id: sid } = await withTenant(db, c.tenantId, (tx) =>
        proposeAgreement(
          tx,
          c.otherManager,
          { employeeId: c.stranger.id, period: "2026-Q3", objectives: simpleObjectives },
          AGREED_IN_JUNE,
        ),
      );
      await withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, c.stranger, sid, AGREED_IN_JUNE));
      return sid;
    })();
    await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    const [statement] = await statementsOf(c, id);
    const [strangers] = await statementsOf(c, strangerAgreement);
    return { c, agreementId: id, statement: statement!, strangers: strangers! };
  }
  const view = (c: Company, m: Member, id: string) =>
    withTenant(db, c.tenantId, (tx) => getStatementForViewer(tx, m, id));
  const accessLog = (c: Company) =>
    withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("credit_access_log")
        .select(["subject_membership_id", "actor_membership_id", "action", "statement_id"])
        .where("tenant_id", "=", c.tenantId)
        .execute(),
    );

  it("the manager cannot see an unreleased statement; the employee's release makes it visible, and the view is logged", async () => {
    const { c, agreementId, statement } = await closedStatement();
    // the employee sees it in any state, and that is not logged
    const own = await view(c, c.employee, statement.id);
    expect(own).toMatchObject({ viewer: "employee", hashVerifies: true, releasedAt: null });
    expect(await caught(view(c, c.manager, statement.id))).toBeInstanceOf(NotFoundError);
    expect(
      await withTenant(db, c.tenantId, (tx) => listReleasedStatements(tx, c.manager, { period: Q3 })),
    ).toEqual([]);
    expect(
      await withTenant(db, c.tenantId, (tx) => listReleasedStatementsForTenant(tx, c.tenantId, Q3)),
    ).toEqual([]);
    // the agreement page does not list it for the manager either
    expect(
      (await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, agreementId))).statements,
    ).toEqual([]);
    expect(
      (
        await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, agreementId))
      ).statements.map((s) => s.id),
    ).toEqual([statement.id]);
    expect(await accessLog(c)).toEqual([]);
    // nor the figures of the closed period, live or locked, until the release
    const managersPage = await withTenant(db, c.tenantId, (tx) =>
      loadAgreementPage(tx, c.manager, agreementId),
    );
    expect(managersPage.figures).toEqual({ shown: "none", reason: "closed" });
    const reportsBefore = await withTenant(db, c.tenantId, (tx) =>
      listAgreements(tx, c.manager, "2026-11-25"),
    );
    expect(reportsBefore.reports.map((r) => [r.id, r.status, r.overallPercent])).toEqual([
      [agreementId, "closed", null],
    ]);
    const lockedOverall = (statement.content as StatementContent).overallPercent;
    expect(lockedOverall).toBe(15);
    const ownList = await withTenant(db, c.tenantId, (tx) => listAgreements(tx, c.employee, "2026-11-25"));
    expect(ownList.mine.map((r) => r.overallPercent)).toEqual([lockedOverall]);

    // only the employee releases, once
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.manager, statement.id))),
    ).toBeInstanceOf(NotFoundError);
    await withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.employee, statement.id));
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.employee, statement.id))),
    ).toBeInstanceOf(ConflictError);

    const seen = await view(c, c.manager, statement.id);
    expect(seen).toMatchObject({
      viewer: "manager",
      hashVerifies: true,
      releaseMode: "employee",
      contentHash: statement.content_hash,
    });
    expect(await accessLog(c)).toEqual([
      {
        subject_membership_id: c.employee.id,
        actor_membership_id: c.manager.id,
        action: "statement.viewed",
        statement_id: statement.id,
      },
    ]);
    const listed = await withTenant(db, c.tenantId, (tx) =>
      listReleasedStatements(tx, c.manager, { period: parsePeriod({ period: "2026" })! }),
    );
    expect(listed.map((s) => [s.id, s.employeeId, s.employeeName, s.contentHash, s.supersededBy])).toEqual([
      [statement.id, c.employee.id, c.employee.name, statement.content_hash, null],
    ]);
    const reportsAfter = await withTenant(db, c.tenantId, (tx) =>
      listAgreements(tx, c.manager, "2026-11-25"),
    );
    expect(reportsAfter.reports.map((r) => r.overallPercent)).toEqual([lockedOverall]);
    // another period does not include it
    expect(
      await withTenant(db, c.tenantId, (tx) =>
        listReleasedStatements(tx, c.manager, { period: parsePeriod({ period: "2026-Q4" })! }),
      ),
    ).toEqual([]);
  });

  it("a manager never sees a non-report's released statement, nor does a colleague or an admin", async () => {
    const { c, strangers } = await closedStatement();
    await withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.stranger, strangers.id));
    for (const viewer of [c.manager, c.colleague, c.admin])
      expect(await caught(view(c, viewer, strangers.id))).toBeInstanceOf(NotFoundError);
    expect(
      await withTenant(db, c.tenantId, (tx) => listReleasedStatements(tx, c.manager, { period: Q3 })),
    ).toEqual([]);
    expect(await accessLog(c)).toEqual([]);
    // its own manager does
    expect(await view(c, c.otherManager, strangers.id)).toMatchObject({ viewer: "manager" });
    // the HR API sees every released statement of the tenant
    expect(
      (await withTenant(db, c.tenantId, (tx) => listReleasedStatementsForTenant(tx, c.tenantId, Q3))).map(
        (s) => s.id,
      ),
    ).toEqual([strangers.id]);
  });

  it("a correction is a new, linked statement that needs its own release; the old one stays as it was", async () => {
    const { c, agreementId, statement } = await closedStatement();
    await withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.employee, statement.id));
    const manualId = (await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, agreementId)))
      .objectives[1]!.id;
    await withTenant(db, c.tenantId, (tx) =>
      setManualScore(tx, c.manager, agreementId, { objectiveId: manualId, score: 100 }),
    );
    // nobody outside the line can correct
    expect(
      await caught(
        withTenant(db, c.tenantId, (tx) => recomputeAsCorrection(tx, c.otherManager, statement.id)),
      ),
    ).toBeInstanceOf(NotFoundError);
    const correctionId = await withTenant(db, c.tenantId, (tx) =>
      recomputeAsCorrection(tx, c.manager, statement.id),
    );
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => recomputeAsCorrection(tx, c.manager, statement.id))),
    ).toBeInstanceOf(ConflictError);
    const [old, correction] = await statementsOf(c, agreementId);
    expect(old).toEqual({ ...statement, released_at: old!.released_at, release_mode: "employee" });
    expect(correction).toMatchObject({ id: correctionId, supersedes_id: statement.id, released_at: null });
    const content = correction!.content as StatementContent;
    expect(content.supersedes).toBe(statement.id);
    expect(contentHash(content)).toBe(correction!.content_hash);
    // shares 1/4 = 25 % × 60 = 15, now with the manual judgement 100 % × 40 = 40 → 55
    expect((old!.content as StatementContent).overallPercent).toBe(15);
    expect(content.overallPercent).toBe(55);
    // until the employee releases the correction, the manager keeps the old one (told that a correction is pending)
    let listed = await withTenant(db, c.tenantId, (tx) =>
      listReleasedStatements(tx, c.manager, { period: Q3 }),
    );
    expect(listed.map((s) => [s.id, s.supersededBy])).toEqual([[statement.id, correctionId]]);
    expect(await caught(view(c, c.manager, correctionId))).toBeInstanceOf(NotFoundError);
    await withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.employee, correctionId));
    listed = await withTenant(db, c.tenantId, (tx) => listReleasedStatements(tx, c.manager, { period: Q3 }));
    expect(listed.map((s) => [s.id, s.supersededBy])).toEqual([[correctionId, null]]);
    expect(await view(c, c.manager, statement.id)).toMatchObject({ supersededBy: correctionId });
  });

  it("after a change of manager a statement stays with the manager it was released to, and only while they are the manager", async () => {
    const { c, statement } = await closedStatement();
    await withTenant(db, c.tenantId, (tx) => releaseStatement(tx, c.employee, statement.id));
    const move = (managerId: string) =>
      withTenant(db, c.tenantId, (tx) =>
        tx
          .updateTable("memberships")
          .set({ manager_id: managerId })
          .where("tenant_id", "=", c.tenantId)
          .where("id", "=", c.employee.id)
          .execute(),
      );
    const listed = async (m: Member) =>
      (await withTenant(db, c.tenantId, (tx) => listReleasedStatements(tx, m, { period: Q3 }))).map(
        (s) => s.id,
      );
    const exported = (m: Member) =>
      withTenant(db, c.tenantId, (tx) =>
        exportCredit(
          tx,
          m,
          { format: "csv", period: Q3, employeeId: c.employee.id },
          { locale: "de", timeZone: "Europe/Berlin" },
        ),
      );
    await move(c.otherManager.id);
    // the new manager: not released to them; the old one: no longer the manager
    for (const m of [c.otherManager, c.manager]) {
      expect(await caught(view(c, m, statement.id))).toBeInstanceOf(NotFoundError);
      expect(await listed(m)).toEqual([]);
      expect((await exported(m)).count).toBe(0);
    }
    expect(await accessLog(c)).toEqual([]);
    // the employee still has it
    expect(await view(c, c.employee, statement.id)).toMatchObject({ viewer: "employee" });
    // back with the manager it was released to, it is theirs again
    await move(c.manager.id);
    expect(await view(c, c.manager, statement.id)).toMatchObject({ viewer: "manager" });
    expect(await listed(c.manager)).toEqual([statement.id]);
    expect((await exported(c.manager)).count).toBe(1);
  });

  it("a manager opening a report's agreement with its live figures, or a list showing their attainment, is in the employee's access log; own views are not", async () => {
    const c = await company();
    const id = await acceptedAgreement(c);
    await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id));
    await withTenant(db, c.tenantId, (tx) => listAgreements(tx, c.employee, "2026-08-15"));
    expect(await accessLog(c)).toEqual([]);
    // the manager's list shows the report's overall attainment: a look at their figures
    await withTenant(db, c.tenantId, (tx) => listAgreements(tx, c.manager, "2026-08-15"));
    const listed = {
      subject_membership_id: c.employee.id,
      actor_membership_id: c.manager.id,
      action: "list.viewed",
      statement_id: null,
    };
    expect(await accessLog(c)).toEqual([listed]);
    // each page view once
    await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, id));
    await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, id));
    const entry = {
      subject_membership_id: c.employee.id,
      actor_membership_id: c.manager.id,
      action: "agreement.viewed",
      statement_id: null,
    };
    expect(await accessLog(c)).toEqual([listed, entry, entry]);
    // "who looked at my figures", in English and German
    const mine = await withTenant(db, c.tenantId, (tx) => listMyCreditAccess(tx, c.employee));
    expect(mine.map((e) => [e.action, e.actor, e.statement]).sort()).toEqual([
      ["agreement.viewed", { kind: "member", name: c.manager.name }, null],
      ["agreement.viewed", { kind: "member", name: c.manager.name }, null],
      ["list.viewed", { kind: "member", name: c.manager.name }, null],
    ]);
    expect(await withTenant(db, c.tenantId, (tx) => listMyCreditAccess(tx, c.manager))).toEqual([]);
    expect(creditTexts.en.accessLog.actions["agreement.viewed"]).toBe(
      "Looked at your goal agreement's figures",
    );
    expect(creditTexts.de.accessLog.actions["agreement.viewed"]).toBe(
      "Hat die Zahlen deiner Zielvereinbarung angesehen",
    );
    // closed: the manager's page shows no figures (they are in the statement), so nothing is logged
    await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" });
    expect((await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.manager, id))).figures).toEqual({
      shown: "none",
      reason: "closed",
    });
    expect(await accessLog(c)).toEqual([listed, entry, entry]);
  });
});
