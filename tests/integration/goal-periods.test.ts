import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB, type Tx } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { namespaceTexts } from "~/app/lib/i18n/resources.ts";
import { logger } from "~/runtime/logger.server.ts";
import { sql } from "kysely";
import { acceptAgreement } from "~/app/modules/goals/accept-agreement.server.ts";
import { commentAgreement } from "~/app/modules/goals/comment-agreement.server.ts";
import { loadAgreementPage } from "~/app/modules/goals/load-agreement-page.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { reviseAgreement } from "~/app/modules/goals/revise-agreement.server.ts";
import { setManualScore } from "~/app/modules/goals/set-manual-score.server.ts";
import {
  closeAgreementEarly,
  closeGoalPeriods,
  closePeriodsOverview,
  recomputeAsCorrection,
} from "~/app/modules/goals/close.server.ts";
import { agreementWindow, parsePeriod } from "~/app/modules/goals/period.ts";
import { addDays, todayIn } from "~/app/lib/days.ts";
import type { ProposeAgreementInput } from "~/app/modules/goals/schemas.ts";
import { saveRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { contentHash, StatementContent } from "~/app/modules/goals/statement.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { chorus } from "~/tests/support/cli.ts";
import { addMember, asMember, createCompany, createUser, uniqueId } from "~/tests/support/factories.ts";

const goalsTexts = namespaceTexts("goals");
const recognitionTexts = namespaceTexts("recognition");

/**
 * Honest periods (issue 11): targets are agreed before the figures they measure exist, they change
 * after acceptance only by a revision the employee accepts again, and a period closes only once it
 * has ended and settled — or by an explicit, audited "close early" that its statement states.
 * Every scenario passes the day it happens on (the domain's clock), so the test reads the same in
 * any year.
 */

let db: DB;
beforeAll(async () => {
  logger.level = "silent";
  db = (await database()).db;
});

async function company() {
  const { tenant, member } = await createCompany(db, { name: "Periodik GmbH", team: "Vertrieb" });
  const person = (roles: Role[], managerId: string | null = null) =>
    member({ roles, managerId, name: `Person ${uniqueId()}` });
  const admin = await person(["admin"]);
  const manager = await person(["manager", "employee"]);
  const employee = await person(["employee"], manager.id);
  const colleague = await person(["employee"], manager.id);
  return { tenantId: tenant.id, admin, manager, employee, colleague };
}
type Company = Awaited<ReturnType<typeof company>>;

const objectives: ProposeAgreementInput["objectives"] = [
  { metric: "shares", title: "Beiträge teilen", target: 4, weight: 100 },
];

function propose(
  c: Company,
  today: string,
  input: Partial<ProposeAgreementInput> = {},
  employee: Member = c.employee,
) {
  return withTenant(db, c.tenantId, (tx) =>
    proposeAgreement(
      tx,
      c.manager,
      { employeeId: employee.id, period: "2026-Q3", objectives, ...input },
      { today },
    ),
  );
}

const accept = (c: Company, id: string, today: string, employee: Member = c.employee) =>
  withTenant(db, c.tenantId, (tx) => acceptAgreement(tx, employee, id, { today }));

async function agreementRow(c: Company, id: string) {
  return withTenant(db, c.tenantId, (tx) =>
    tx.selectFrom("goal_agreements").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
  );
}

async function statementsOf(c: Company, agreementId: string) {
  return withTenant(db, c.tenantId, (tx) =>
    tx
      .selectFrom("credit_statements")
      .selectAll()
      .where("agreement_id", "=", agreementId)
      .orderBy("generated_at")
      .execute(),
  );
}

async function auditOf(c: Company, action: string) {
  return withTenant(db, c.tenantId, (tx) =>
    tx
      .selectFrom("audit_events")
      .select(["action", "subject", "data", "actor_user_id"])
      .where("tenant_id", "=", c.tenantId)
      .where("action", "=", action)
      .execute(),
  );
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function allowBackdating(c: Company) {
  await withTenant(db, c.tenantId, (tx) =>
    saveRecognitionSettings(tx, c.admin, {
      attainmentCapPercent: 150,
      releaseMode: "employee",
      allowBackdatedStart: true,
    }),
  );
}

describe("when an agreement starts", () => {
  it("refuses an agreement for a period that has ended, and writes nothing", async () => {
    const c = await company();
    const refused = await caught(propose(c, "2026-10-05"));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual({ period: ["period_ended"] });
    // a custom range that is over, too
    const custom = await caught(
      propose(c, "2026-10-05", { period: "custom", from: "2026-09-01", to: "2026-09-30" }),
    );
    expect((custom as ValidationError).fieldErrors).toEqual({ period: ["period_ended"] });
    expect(
      await withTenant(db, c.tenantId, (tx) => tx.selectFrom("goal_agreements").select("id").execute()),
    ).toEqual([]);
    // the manager reads why, in either language
    expect(goalsTexts.en.errors.period_ended).toMatch(/ended/);
    expect(goalsTexts.de.errors.period_ended).toMatch(/vorbei/);
  });

  it("measures a running quarter from the proposal day (the label stays), a future one from its start", async () => {
    const c = await company();
    const running = await propose(c, "2026-08-10");
    expect(await agreementRow(c, running.id)).toMatchObject({
      period_label: "2026-Q3",
      starts_on: "2026-08-10",
      ends_on: "2026-09-30",
      backdated_from: null,
    });
    const future = await propose(c, "2026-08-10", { period: "2026-Q4" });
    expect(await agreementRow(c, future.id)).toMatchObject({
      period_label: "2026-Q4",
      starts_on: "2026-10-01",
      ends_on: "2026-12-31",
      backdated_from: null,
    });
    // one live agreement per person and period, whatever day it starts
    const again = await caught(propose(c, "2026-08-20"));
    expect((again as ValidationError).fieldErrors).toEqual({ period: ["agreement_exists"] });
  });

  it("back-dates only where the tenant allows it, to the period's start at most, recorded and stated in the statement", async () => {
    const c = await company();
    // not allowed (the default): asking is refused, and a custom range cannot start in the past
    expect(
      ((await caught(propose(c, "2026-08-10", { backdate: true }))) as ValidationError).fieldErrors,
    ).toEqual({ backdate: ["backdate_not_allowed"] });
    expect(
      (
        (await caught(
          propose(c, "2026-08-10", { period: "custom", from: "2026-08-01", to: "2026-09-15" }),
        )) as ValidationError
      ).fieldErrors,
    ).toEqual({ from: ["custom_start_past"] });

    await allowBackdating(c);
    const { id } = await propose(c, "2026-08-10", { backdate: true });
    expect(await agreementRow(c, id)).toMatchObject({
      starts_on: "2026-07-01",
      ends_on: "2026-09-30",
      backdated_from: "2026-08-10",
    });
    // a custom range may reach back to the current quarter's start, never before it
    const tooEarly = await caught(
      propose(c, "2026-08-10", { period: "custom", from: "2026-06-30", to: "2026-09-15" }, c.colleague),
    );
    expect((tooEarly as ValidationError).fieldErrors).toEqual({ from: ["backdate_too_early"] });
    const custom = await propose(
      c,
      "2026-08-10",
      { period: "custom", from: "2026-07-01", to: "2026-09-15" },
      c.colleague,
    );
    expect(await agreementRow(c, custom.id)).toMatchObject({
      starts_on: "2026-07-01",
      backdated_from: "2026-08-10",
    });

    await accept(c, id, "2026-08-11");
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(1);
    const [statement] = await statementsOf(c, id);
    const content = StatementContent.parse(statement!.content);
    expect(content).toMatchObject({
      version: 2,
      backdatedFrom: "2026-08-10",
      closedEarly: null,
      period: { label: "2026-Q3", startsOn: "2026-07-01" },
    });
    expect(contentHash(content)).toBe(statement!.content_hash);
  });

  it("an ended period's proposal can no longer be accepted", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-09-20");
    const refused = await caught(accept(c, id, "2026-10-01"));
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).code).toBe("period_ended");
    expect(await agreementRow(c, id)).toMatchObject({ status: "proposed", accepted_at: null });
  });
});

describe("targets after acceptance", () => {
  it("change only by a revision the employee accepts again; the previous acceptance stays in the audit log", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-06-15");
    await accept(c, id, "2026-06-16");

    // no code path may quietly move a target: the database refuses it too
    const quiet = await caught(
      withTenant(db, c.tenantId, (tx) =>
        tx.updateTable("goal_objectives").set({ target: 1 }).where("agreement_id", "=", id).execute(),
      ),
    );
    expect(String(quiet)).toContain("change only by a revision");

    await withTenant(db, c.tenantId, (tx) =>
      reviseAgreement(
        tx,
        c.manager,
        id,
        {
          employeeId: c.employee.id,
          period: "2026-Q3",
          objectives: [{ metric: "shares", title: "Beiträge teilen", target: 2, weight: 100 }],
        },
        { today: "2026-08-01" },
      ),
    );
    // a proposal again: not counting, no agreed cap, measured from the revision day
    expect(await agreementRow(c, id)).toMatchObject({
      status: "proposed",
      accepted_at: null,
      attainment_cap_percent: null,
      revision: 1,
      starts_on: "2026-08-01",
    });
    const [audit] = await auditOf(c, "goals.agreement_revised");
    expect(audit).toMatchObject({ subject: id, actor_user_id: c.manager.userId });
    expect(audit!.data).toMatchObject({
      previous: {
        startsOn: "2026-07-01",
        capPercent: 150,
        objectives: [{ metric: "shares", target: 4, weight: 100 }],
      },
    });
    // nothing closes until the employee accepts the revision
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(0);

    await accept(c, id, "2026-08-02");
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(1);
    const content = StatementContent.parse((await statementsOf(c, id))[0]!.content);
    expect(content.objectives.map((o) => o.target)).toEqual([2]);
    expect(content.period.startsOn).toBe("2026-08-01");
  });
});

describe("closing a period", () => {
  it("refuses to close before the period has ended and settled, and never as of a day to come", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-06-15");
    await accept(c, id, "2026-06-16");
    // ended on 2026-09-30; its last click points settle two days later
    for (const asOf of ["2026-09-15", "2026-09-30", "2026-10-01", "2026-10-02"])
      expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf })).closed).toBe(0);
    const future = await caught(closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2999-01-01" }));
    expect(future).toBeInstanceOf(ValidationError);
    expect((future as ValidationError).fieldErrors).toEqual({ asOf: ["as_of_future"] });
    expect(await statementsOf(c, id)).toEqual([]);
    expect((await agreementRow(c, id)).status).toBe("accepted");
    // a settled period is not "closed early": that action refuses it
    const early = await caught(
      withTenant(db, c.tenantId, (tx) =>
        closeAgreementEarly(tx, c.admin, id, "Austritt", { today: "2026-10-03" }),
      ),
    );
    expect((early as ConflictError).code).toBe("ready_to_close");
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(1);
  });

  it(
    "the documented command refuses a day to come with a message and a non-zero exit",
    { timeout: 90_000 },
    async () => {
      const c = await company();
      const run = await chorus([
        "job",
        "run",
        "close-goal-periods",
        "--payload",
        JSON.stringify({ tenantId: c.tenantId, asOf: "2999-01-01" }),
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("asOf 2999-01-01 is after today");
      expect(run.stderr).toContain("close it early on the admin page");
    },
  );

  it("closes early only as an admin's explicit, audited action, and the statement says so in its hashed content", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-06-15");
    await accept(c, id, "2026-06-16");
    const today = { today: "2026-08-20" };
    expect(
      await caught(
        withTenant(db, c.tenantId, (tx) => closeAgreementEarly(tx, c.manager, id, "Austritt", today)),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      (
        (await caught(
          withTenant(db, c.tenantId, (tx) => closeAgreementEarly(tx, c.admin, id, "   ", today)),
        )) as ValidationError
      ).fieldErrors,
    ).toEqual({ reason: ["reason_required"] });
    expect(await statementsOf(c, id)).toEqual([]);

    const statementId = await withTenant(db, c.tenantId, (tx) =>
      closeAgreementEarly(tx, c.admin, id, "Austritt zum 31.8.", today),
    );
    const [statement] = await statementsOf(c, id);
    expect(statement!.id).toBe(statementId);
    const content = StatementContent.parse(statement!.content);
    expect(content.version).toBe(2);
    expect(content.closedEarly).toEqual({
      at: expect.any(String),
      byMembershipId: c.admin.id,
      byName: c.admin.name,
      reason: "Austritt zum 31.8.",
    });
    // the mark is part of what the hash covers: without it the hash no longer matches
    expect(contentHash(content)).toBe(statement!.content_hash);
    expect(contentHash({ ...content, closedEarly: null })).not.toBe(statement!.content_hash);
    expect(await agreementRow(c, id)).toMatchObject({
      status: "closed",
      closed_early_by: c.admin.id,
      closed_early_reason: "Austritt zum 31.8.",
    });
    expect(await auditOf(c, "goals.closed_early")).toEqual([
      expect.objectContaining({
        subject: id,
        actor_user_id: c.admin.userId,
        data: expect.objectContaining({ statementId, reason: "Austritt zum 31.8.", closedOn: "2026-08-20" }),
      }),
    ]);
    // the regular run later does not lock a second statement
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(0);
    expect(await statementsOf(c, id)).toHaveLength(1);
  });

  it("the admin's overview groups agreements by what a close would do now, with the day each can close", async () => {
    const c = await company();
    const other = await createUser(db, { name: `Person ${uniqueId()}` });
    const third = asMember(
      c.tenantId,
      await addMember(db, c.tenantId, other.id, ["employee"], { managerId: c.manager.id }),
      other,
    );
    const ready = await propose(c, "2026-06-15");
    await accept(c, ready.id, "2026-06-16");
    const settling = await propose(
      c,
      "2026-06-15",
      { period: "custom", from: "2026-07-01", to: "2026-10-04" },
      c.colleague,
    );
    await accept(c, settling.id, "2026-06-16", c.colleague);
    const running = await propose(c, "2026-06-15", { period: "2026" }, third);
    await accept(c, running.id, "2026-06-16", third);
    await propose(c, "2026-06-15", { period: "2026-Q4" }); // a proposal: nothing to close

    const clock = { today: "2026-10-05" };
    expect(
      await caught(withTenant(db, c.tenantId, (tx) => closePeriodsOverview(tx, c.manager, clock))),
    ).toBeInstanceOf(ForbiddenError);
    const overview = await withTenant(db, c.tenantId, (tx) => closePeriodsOverview(tx, c.admin, clock));
    expect(overview.ready.map((r) => [r.agreementId, r.employeeName])).toEqual([[ready.id, c.employee.name]]);
    expect(overview.settling.map((r) => [r.agreementId, r.settlesOn])).toEqual([[settling.id, "2026-10-07"]]);
    expect(overview.running.map((r) => r.agreementId)).toEqual([running.id]);
    expect(overview.recentlyClosed).toEqual([]);
  });
});

describe("the employee answers the proposal they read", () => {
  it("an accept or comment sent for a proposal the manager revised meanwhile is refused, and nothing changes", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-06-15");
    // the employee's page shows revision 0 (target 4) ...
    expect(await agreementRow(c, id)).toMatchObject({ status: "proposed", revision: 0 });
    // ... and before they click Accept, the manager revises it to 400: a new revision
    await withTenant(db, c.tenantId, (tx) =>
      reviseAgreement(
        tx,
        c.manager,
        id,
        {
          employeeId: c.employee.id,
          period: "2026-Q3",
          objectives: [{ metric: "shares", title: "Beiträge teilen", target: 400, weight: 100 }],
        },
        { today: "2026-06-15" },
      ),
    );
    expect(await agreementRow(c, id)).toMatchObject({ status: "proposed", revision: 1 });

    const stale = await caught(
      withTenant(db, c.tenantId, (tx) =>
        acceptAgreement(tx, c.employee, id, { today: "2026-06-16", revision: 0 }),
      ),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).code).toBe("proposal_changed");
    const staleComment = await caught(
      withTenant(db, c.tenantId, (tx) =>
        commentAgreement(tx, c.employee, id, { comment: "Vier sind gut." }, { revision: 0 }),
      ),
    );
    expect((staleComment as ConflictError).code).toBe("proposal_changed");
    expect(await agreementRow(c, id)).toMatchObject({
      status: "proposed",
      accepted_at: null,
      employee_comment: null,
      revision: 1,
    });
    // the employee reads why, in either language
    expect(goalsTexts.en.errors.proposal_changed).toMatch(/changed meanwhile, please read it again/);
    expect(goalsTexts.de.errors.proposal_changed).toMatch(/inzwischen geändert, bitte lies ihn noch einmal/);

    // having read revision 1, the employee accepts what they saw
    await withTenant(db, c.tenantId, (tx) =>
      acceptAgreement(tx, c.employee, id, { today: "2026-06-16", revision: 1 }),
    );
    expect(await agreementRow(c, id)).toMatchObject({ status: "accepted", revision: 1 });
  });
});

describe("the database keeps an accepted agreement as agreed", () => {
  const manualObjectives: ProposeAgreementInput["objectives"] = [
    { metric: "shares", title: "Beiträge teilen", target: 4, weight: 50 },
    { metric: "manual", title: "Team unterstützen", weight: 50 },
  ];

  it("refuses the app role's direct updates of what was agreed; scoring and closing still work", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-06-15", { objectives: manualObjectives });
    await accept(c, id, "2026-06-16");
    const before = await agreementRow(c, id);
    const asApp = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, c.tenantId, fn);
    expect(
      (await asApp((tx) => sql<{ role: string }>`select current_user as role`.execute(tx))).rows[0]!.role,
    ).toBe("chorus_app");

    const refused = async (fn: (tx: Tx) => Promise<unknown>) => String(await caught(asApp(fn)));
    // an objective's title or position
    expect(
      await refused((tx) =>
        tx
          .updateTable("goal_objectives")
          .set({ title: "Etwas anderes" })
          .where("agreement_id", "=", id)
          .where("position", "=", 1)
          .execute(),
      ),
    ).toContain("change only by a revision");
    expect(
      await refused((tx) =>
        tx
          .updateTable("goal_objectives")
          .set({ position: 9 })
          .where("agreement_id", "=", id)
          .where("position", "=", 1)
          .execute(),
      ),
    ).toContain("change only by a revision");
    // the period, the cap, the employee
    for (const set of [
      { starts_on: "2026-08-01" },
      { ends_on: "2026-12-31" },
      { period_label: "2026-Q4" },
      { attainment_cap_percent: 200 },
      { backdated_from: "2026-06-10" },
      { employee_id: c.colleague.id },
    ]) {
      expect(
        await refused((tx) => tx.updateTable("goal_agreements").set(set).where("id", "=", id).execute()),
      ).toContain("changes only by a revision");
    }
    // back to a proposal without a new revision (to change the target and flip back unnoticed)
    expect(
      await refused((tx) =>
        tx.updateTable("goal_agreements").set({ status: "proposed" }).where("id", "=", id).execute(),
      ),
    ).toContain("only as a new revision");
    expect(
      await refused((tx) =>
        tx
          .updateTable("goal_agreements")
          .set({ status: "proposed", accepted_at: null, attainment_cap_percent: null })
          .where("id", "=", id)
          .execute(),
      ),
    ).toContain("only as a new revision");
    expect(await agreementRow(c, id)).toEqual(before);

    // the manager's judgement of a manual objective stays open while it runs and after it closed
    const manual = await asApp((tx) =>
      tx
        .selectFrom("goal_objectives")
        .select("id")
        .where("agreement_id", "=", id)
        .where("metric", "=", "manual")
        .executeTakeFirstOrThrow(),
    );
    await asApp((tx) =>
      setManualScore(tx, c.manager, id, { objectiveId: manual.id, score: 80, note: "Gut" }),
    );
    expect((await closeGoalPeriods(db, { tenantId: c.tenantId, asOf: "2026-10-03" })).closed).toBe(1);
    await asApp((tx) =>
      setManualScore(tx, c.manager, id, { objectiveId: manual.id, score: 90, note: "Sehr gut" }),
    );
    const closed = await agreementRow(c, id);
    expect(closed).toMatchObject({ status: "closed", revision: 0 });

    // a closed agreement does not move at all
    for (const set of [
      { status: "accepted" as const },
      { status: "proposed" as const, revision: 1, accepted_at: null, attainment_cap_percent: null },
      { closed_at: new Date() },
      { closed_early_reason: "nachträglich" },
      { starts_on: "2026-08-01" },
    ]) {
      expect(
        await refused((tx) => tx.updateTable("goal_agreements").set(set).where("id", "=", id).execute()),
      ).toMatch(/cannot go from closed|does not change|changes only by a revision/);
    }
    expect(await agreementRow(c, id)).toEqual(closed);
  });

  it("the only way back is a revision: revision + 1, acceptance and cap cleared", async () => {
    const c = await company();
    const { id } = await propose(c, "2026-06-15");
    await accept(c, id, "2026-06-16");
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .updateTable("goal_agreements")
        .set({ status: "proposed", revision: 1, accepted_at: null, attainment_cap_percent: null })
        .where("id", "=", id)
        .execute(),
    );
    expect(await agreementRow(c, id)).toMatchObject({ status: "proposed", revision: 1 });
  });
});

describe("an agreement closed early measures through the day it was closed", () => {
  it("points dated after the early close are in neither the statement nor its correction, and both say through which day", async () => {
    const c = await company();
    const tenant = await db
      .selectFrom("tenants")
      .select("time_zone")
      .where("id", "=", c.tenantId)
      .executeTakeFirstOrThrow();
    // real days: the close-early action stamps the real time
    const today = todayIn(tenant.time_zone);
    const lastDay = addDays(today, 30);
    const { id } = await propose(c, today, {
      period: "custom",
      from: today,
      to: lastDay,
      objectives: [{ metric: "points", title: "Punkte", target: 100, weight: 100 }],
    });
    await accept(c, id, today);
    const points = (day: string, amount: number) =>
      withTenant(db, c.tenantId, (tx) =>
        tx
          .insertInto("points_ledger")
          .values({
            tenant_id: c.tenantId,
            membership_id: c.employee.id,
            source_type: "approved_suggestion",
            source_id: uniqueId(),
            points: amount,
            occurred_on: day,
            detail: JSON.stringify({}),
          })
          .execute(),
      );
    await points(today, 40);
    await points(lastDay, 7);
    const statementId = await withTenant(db, c.tenantId, (tx) =>
      closeAgreementEarly(tx, c.admin, id, "Austritt", { today }),
    );
    // points dated on the period's last day, added after the close
    await points(lastDay, 9);

    const correctionId = await withTenant(db, c.tenantId, (tx) =>
      recomputeAsCorrection(tx, c.admin, statementId),
    );
    for (const statement of await statementsOf(c, id)) {
      const content = StatementContent.parse(statement.content);
      expect([
        statement.id === statementId || statement.id === correctionId,
        content.objectives[0]!.actual,
        content.period.endsOn,
        statement.ends_on,
      ]).toEqual([true, 40, today, today]);
      expect(content.period.label).toBe(`${today}..${lastDay}`);
      expect(content.closedEarly?.reason).toBe("Austritt");
      expect(contentHash(content)).toBe(statement.content_hash);
    }
    // the employee's page measures the same days and says so
    const page = await withTenant(db, c.tenantId, (tx) => loadAgreementPage(tx, c.employee, id));
    expect(page.measuredEndsOn).toBe(today);
    expect(page.figures.shown === "all" && page.figures.evaluation.objectives[0]!.actual).toBe(40);
    expect(goalsTexts.en.agreement.measuredThrough).toContain("measured through");
  });
});

describe("how far back an agreement may start", () => {
  it("a named period from its own start (a year from 1 January), a custom range from the current quarter's start, and the admin's hint says so", () => {
    const allowed = { allowBackdated: true, backdate: true };
    expect(agreementWindow(parsePeriod({ period: "2026" })!, "2026-12-06", allowed)).toEqual({
      ok: true,
      window: { startsOn: "2026-01-01", endsOn: "2026-12-31", backdatedFrom: "2026-12-06" },
    });
    expect(
      agreementWindow(parsePeriod({ from: "2026-09-30", to: "2026-12-31" })!, "2026-12-06", allowed),
    ).toEqual({ ok: false, reason: "backdate_too_early" });
    expect(
      agreementWindow(parsePeriod({ from: "2026-10-01", to: "2026-12-31" })!, "2026-12-06", allowed),
    ).toMatchObject({ ok: true });
    expect(recognitionTexts.en.admin.backdating.allowHint).toMatch(
      /start of the period it is for \(for a year: from 1 January.*custom range from the start of the current quarter/,
    );
    expect(recognitionTexts.de.admin.backdating.allowHint).toMatch(
      /Beginn des Zeitraums zählen, für den sie gilt \(bei einem Jahr: ab dem 1\. Januar.*Beginn des laufenden Quartals/,
    );
  });
});
